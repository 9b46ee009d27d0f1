import ArgumentParser
import Foundation
import Intake
import PeeringModel
import Runbook

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read requests and store them as tickets: new, follow-up, duplicate, ignored or quarantined.",
        discussion: """
            PATH is what check reads: message files, mboxes, Maildirs, CSV/JSON/NDJSON/XML exports, \
            folders (recursively), or - for one message on standard input (an MTA can pipe mail in).

            Every input gets exactly one outcome, printed per input and stored:
              new          a new ticket (PD-12)
              follow-up    merged into a ticket: its values update the ticket's (each change is an \
            event) and the findings are re-evaluated
              duplicate    already stored (same Message-ID, or the same bytes for inputs without one)
              ignored      auto-reply, bounce or list mail: stored with the reason, never answered; a \
            bounce of one of our replies marks that reply as not delivered
              quarantined  unreadable or over a limit: bytes and reason kept (peerdesk quarantine)

            Threading, in order: our own signed Message-ID in In-Reply-To/References; any stored \
            Message-ID there (rightmost first); the subject tag [PD-12], only when the sender is the \
            ticket's requester or writes from a domain of the cluster's organization (otherwise the \
            message becomes a new ticket).

            Inputs are stored in batches of 256, one transaction each: a run that is killed keeps \
            every batch it finished, and running it again stores the rest (what is stored already \
            comes out as duplicate). Running the same ingest twice changes nothing.

            The last line is the summary: N read, N new, N follow-up, N duplicate, N ignored, N \
            quarantined (on stderr with --format json, so standard output stays NDJSON). Progress \
            goes to stderr when it is a terminal. Exit status: 0; 2 when a path could not be read \
            (the others are still stored) or the database cannot be opened.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var exports: ExportOptions
    @OptionGroup var support: SupportAddressOption

    @Option(
        name: .customLong("max-message-size"),
        help: ArgumentHelp(
            "Quarantine messages larger than this many bytes (default \(MailLimits.standard.messageSize)).",
            valueName: "bytes"
        )
    )
    var maxMessageSize: Int?

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to ingest (or - for stdin)") }
        if let maxMessageSize, maxMessageSize < 1 { throw ValidationError("--max-message-size must be at least 1") }
    }

    func run() throws {
        let pipeline = try IngestPipeline(
            store: try global.openStore(.createIfMissing),
            fieldMap: try exports.loadFieldMap(),
            limits: support.limits(MailLimits.standard.withMessageSize(maxMessageSize))
        )
        let format = output.format
        let progress = Progress(label: "ingested")
        var unreadable = false
        let counts = try pipeline.run(InputSource(paths: paths, fieldMap: pipeline.fieldMap)) { error in
            Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
            unreadable = true
        } stored: { batch throws(RunbookError) in
            // One write per batch, not per line.
            var text = ""
            for result in batch.results {
                text += try Self.line(for: result, format: format)
                text += "\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
            progress.update(pipeline.counts.read)
        }
        progress.finish(counts.read)
        Self.printSummary(counts, format: format)
        if unreadable { throw ExitCode(ExitStatus.usageOrInput.rawValue) }
    }

    /// The summary line; on stderr with --format json, so standard output stays NDJSON.
    static func printSummary(_ counts: IngestCounts, format: OutputFormat) {
        if format == .json { Terminal.writeError(counts.summary) } else { Terminal.write(counts.summary) }
    }

    /// One input's line: its request record, or ticket, outcome, place, reason and status.
    static func line(for result: IngestResult, format: OutputFormat) throws(RunbookError) -> String {
        switch format {
        case .json:
            return RequestRecord(result: result).jsonLine
        case .table:
            let place = result.request.source.description
            let ticket =
                result.ticket.map(TicketReference.format) ?? result.quarantineID.map(QuarantineReference.format) ?? "-"
            var line =
                "\(ticket.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                + "\(result.outcome.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(place)"
            if let reason = result.reason { line += "  (\(reason))" }
            if result.outcome == .new || result.outcome == .followUp, let status = result.ticketStatus {
                line += "  \(status.rawValue)"
            }
            return Terminal.sanitize(line)
        }
    }
}

extension MailLimits {
    /// These limits with `--max-message-size` when given.
    func withMessageSize(_ size: Int?) -> MailLimits {
        var limits = self
        if let size { limits.messageSize = size }
        return limits
    }
}
