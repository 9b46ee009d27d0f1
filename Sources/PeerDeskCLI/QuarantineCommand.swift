import ArgumentParser
import Foundation
import Intake
import PeeringModel
import Runbook

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Inputs ingest could not read as a request, kept with their bytes and the reason.",
        subcommands: [QuarantineList.self, QuarantineShow.self, QuarantineRetry.self]
    )

    @OptionGroup var global: GlobalOptions
}

struct QuarantineList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List quarantined inputs (released ones too with --all)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Flag(help: "Include inputs a retry has released.")
    var all = false

    func run() throws {
        let store = try global.openStore()
        let entries = try store.quarantined(includeReleased: all)
        switch output.format {
        case .json:
            for entry in entries { Terminal.write(try JSONLines.encode(entry)) }
        case .table:
            var table = TextTable(["id", "quarantined_at", "source", "size", "reason"])
            for entry in entries {
                table.append([
                    entry.reference, Timestamp.iso8601(entry.quarantinedAt), entry.source, "\(entry.size)",
                    entry.reason,
                ])
            }
            Terminal.write(table.render())
        }
    }
}

struct QuarantineShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One quarantined input: where it came from, why, and (with --raw) its bytes.",
        discussion: "Example: peerdesk quarantine show Q-3 --raw > q3.eml"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The quarantined input, e.g. Q-3.", valueName: "id"))
    var id: String

    @Flag(help: "Write the stored bytes, exactly as received, to standard output.")
    var raw = false

    func run() throws {
        let store = try global.openStore()
        let found = try store.quarantined(try QuarantineReference.parse(id))
        if raw {
            FileHandle.standardOutput.write(Data(found.raw))
            return
        }
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(found.entry))
        case .table:
            let entry = found.entry
            var lines = [
                "\(entry.reference)  \(entry.source)  (\(entry.sourceKind), \(entry.size) bytes)",
                "quarantined at \(Timestamp.iso8601(entry.quarantinedAt))",
                "reason: \(entry.reason)",
            ]
            if let released = entry.releasedAt {
                lines.append(
                    "released at \(Timestamp.iso8601(released))" + (entry.ticket.map { " as PD-\($0)" } ?? "")
                )
            }
            Terminal.write(lines.map(Terminal.sanitize).joined(separator: "\n"))
        }
    }
}

struct QuarantineRetry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Read quarantined inputs again and ingest the ones that now read.",
        discussion: """
            Without IDs every quarantined input is retried. A retried input that reads becomes a \
            ticket (or follow-up, duplicate, ignored) exactly as ingest would store it, and leaves \
            the quarantine; one that still does not read stays, with the new reason. \
            --max-message-size raises the size limit for this retry (for a legitimate large message).

            Example: peerdesk quarantine retry Q-3 --max-message-size 67108864
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("Quarantined inputs, e.g. Q-3 (default: all).", valueName: "id"))
    var ids: [String] = []

    @Option(
        name: .customLong("max-message-size"),
        help: ArgumentHelp("The largest message to accept, in bytes.", valueName: "bytes")
    )
    var maxMessageSize: Int?

    @OptionGroup var support: SupportAddressOption

    func run() throws {
        let wanted = try ids.map { text throws(RunbookError) in try QuarantineReference.parse(text) }
        let pipeline = try IngestPipeline(
            store: try global.openStore(),
            limits: support.limits(MailLimits.standard.withMessageSize(maxMessageSize))
        )
        for retry in try pipeline.retryQuarantined(wanted) {
            let entry = retry.entry
            switch retry.outcome {
            case .alreadyReleased:
                Terminal.writeError("peerdesk: \(entry.reference) was already released")
            case .noBytes:
                Terminal.writeError(
                    "peerdesk: \(entry.reference): the export reader could not isolate this record's bytes; "
                        + "fix \(Terminal.sanitize(entry.source)) and ingest it again"
                )
            case .released, .kept:
                if let result = retry.result { Terminal.write(try Ingest.line(for: result, format: output.format)) }
            }
        }
        Ingest.printSummary(pipeline.counts, format: output.format)
    }
}
