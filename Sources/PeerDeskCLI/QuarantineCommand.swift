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
        let store = TicketStore(database: try global.openDatabase())
        let entries: [QuarantinedInput]
        do {
            entries = try store.quarantined(includeReleased: all)
        } catch {
            throw CLIError(message: error.description)
        }
        switch output.format {
        case .json:
            for entry in entries { Terminal.write(try JSONLines.encode(QuarantineRecord(entry: entry))) }
        case .table:
            var table = TextTable(["id", "quarantined_at", "source", "size", "reason"])
            for entry in entries {
                table.append([
                    entry.reference, QueueRow.timestamp(entry.quarantinedAt), entry.source, "\(entry.size)",
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
        let store = TicketStore(database: try global.openDatabase())
        let found: (entry: QuarantinedInput, raw: [UInt8])
        do {
            found = try store.quarantined(try QuarantineReference.parse(id))
        } catch {
            throw CLIError(message: error.description)
        }
        if raw {
            FileHandle.standardOutput.write(Data(found.raw))
            return
        }
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(QuarantineRecord(entry: found.entry)))
        case .table:
            let entry = found.entry
            var lines = [
                "\(entry.reference)  \(entry.source)  (\(entry.sourceKind), \(entry.size) bytes)",
                "quarantined at \(QueueRow.timestamp(entry.quarantinedAt))",
                "reason: \(entry.reason)",
            ]
            if let released = entry.releasedAt {
                lines.append(
                    "released at \(QueueRow.timestamp(released))" + (entry.ticket.map { " as PD-\($0)" } ?? "")
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

    func run() throws {
        let store = TicketStore(database: try global.openDatabase())
        let pipeline = try IngestPipeline(store: store, fieldMap: .empty, format: output.format)
        if let maxMessageSize { pipeline.limits.messageSize = maxMessageSize }
        do {
            let wanted = try ids.map { text throws(RunbookError) in try QuarantineReference.parse(text) }
            let entries =
                wanted.isEmpty ? try store.quarantined().map(\.id) : wanted
            for id in entries {
                let (entry, raw) = try store.quarantined(id)
                guard entry.releasedAt == nil else {
                    Terminal.writeError("peerdesk: \(entry.reference) was already released")
                    continue
                }
                guard !raw.isEmpty else {
                    Terminal.writeError(
                        "peerdesk: \(entry.reference): the export reader could not isolate this record's bytes; "
                            + "fix \(Terminal.sanitize(entry.source)) and ingest it again"
                    )
                    continue
                }
                let origin = Origin(kind: .email, path: "quarantine/\(entry.reference)")
                let results = try pipeline.store([.message(RawMessage(origin: origin, bytes: raw))])
                guard let result = results.first else { continue }
                if result.outcome == .quarantined {
                    try store.requarantine(id, reason: result.reason ?? entry.reason)
                } else {
                    try store.release(quarantine: id, ticket: result.ticket)
                }
            }
        } catch let error as RunbookError {
            throw CLIError(message: error.description)
        }
        pipeline.printSummary()
    }
}

struct QuarantineRecord: Encodable {
    var entry: QuarantinedInput

    private enum CodingKeys: String, CodingKey {
        case id, kind, source, reason, size, ticket
        case quarantinedAt = "quarantined_at"
        case releasedAt = "released_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.reference, forKey: .id)
        try container.encode(entry.sourceKind, forKey: .kind)
        try container.encode(entry.source, forKey: .source)
        try container.encode(entry.reason, forKey: .reason)
        try container.encode(entry.size, forKey: .size)
        try container.encode(QueueRow.timestamp(entry.quarantinedAt), forKey: .quarantinedAt)
        try container.encode(entry.releasedAt.map(QueueRow.timestamp), forKey: .releasedAt)
        try container.encode(entry.ticket.map(TicketReference.format), forKey: .ticket)
    }
}
