import ArgumentParser
import Dispatch
import Foundation
import Intake
import PeeringModel
import Registry
import Runbook
import Validation

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
        let database = try global.openDatabase()
        let store = TicketStore(database: database)
        let pipeline = try IngestPipeline(
            store: store,
            fieldMap: try exports.loadFieldMap(),
            format: output.format
        )
        if let maxMessageSize { pipeline.limits.messageSize = maxMessageSize }
        var unreadable = false
        var batch: [InputItem] = []
        // Three stages overlap: this thread reads files, a second parses and validates a batch
        // on all cores, a third stores the batch before it. At most two batches wait at each
        // stage, so memory stays bounded whatever the input size.
        let progress = Progress(label: "ingested")
        let writer = BackgroundBatches<[IngestInput]>(label: "peerdesk.ingest.store") { inputs throws(CLIError) in
            try pipeline.commit(inputs)
            progress.update(pipeline.counts.read)
        }
        let reader = BackgroundBatches<[InputItem]>(label: "peerdesk.ingest.read") { items throws(CLIError) in
            try writer.submit(pipeline.prepare(items))
        }
        for item in InputSource(paths: paths) {
            switch item {
            case .success(let item):
                batch.append(item)
                if batch.count >= IngestPipeline.batchSize {
                    try reader.submit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            case .failure(let error):
                Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
                unreadable = true
            }
        }
        try reader.submit(batch)
        try reader.finish()
        try writer.finish()
        progress.finish(pipeline.counts.read)
        pipeline.printSummary()
        if unreadable { throw ExitCode(ExitStatus.usageOrInput.rawValue) }
    }
}

/// Reads, validates (in parallel) and stores batches of inputs, printing one line per input.
final class IngestPipeline {
    static let batchSize = 256

    struct Counts {
        var read = 0
        var outcomes: [IngestOutcome: Int] = [:]

        var summary: String {
            let parts = IngestOutcome.allCases.map { "\(outcomes[$0, default: 0]) \($0.rawValue)" }
            return (["\(read) read"] + parts).joined(separator: ", ")
        }
    }

    let store: TicketStore
    let validator: Validator
    let settings: IngestSettings
    let fieldMap: FieldMap
    let format: OutputFormat
    var limits = MailLimits.standard
    private(set) var counts = Counts()

    init(store: TicketStore, fieldMap: FieldMap, format: OutputFormat) throws(CLIError) {
        self.store = store
        self.fieldMap = fieldMap
        self.format = format
        do {
            validator = Validator(snapshot: try store.database.snapshot())
            settings = IngestSettings(validator: validator, signer: try store.signer())
        } catch let error as RegistryError {
            throw CLIError(message: error.description)
        } catch {
            throw CLIError(message: String(describing: error))
        }
    }

    /// Stores one batch (one transaction) and prints its outcomes.
    @discardableResult
    func store(_ batch: [InputItem]) throws(CLIError) -> [IngestResult] {
        try commit(prepare(batch))
    }

    /// Reads and validates a batch on all cores.
    func prepare(_ batch: [InputItem]) -> [IngestInput] {
        guard !batch.isEmpty else { return [] }
        let validator = validator
        let fieldMap = fieldMap
        let limits = limits
        return ParallelMap.map(batch) { item -> IngestInput in
            let request = RequestBuilder.request(from: item, fieldMap: fieldMap, limits: limits)
            return IngestInput(request: request, raw: Self.rawBytes(item), findings: validator.findings(for: request))
        }
    }

    /// Stores prepared inputs in one transaction and prints their outcomes.
    @discardableResult
    func commit(_ inputs: [IngestInput]) throws(CLIError) -> [IngestResult] {
        guard !inputs.isEmpty else { return [] }
        var settings = settings
        settings.now = Date()
        let results: [IngestResult]
        do {
            results = try store.ingest(inputs, settings: settings)
        } catch {
            throw CLIError(message: error.description)
        }
        // One write per batch, not per line.
        var text = ""
        for result in results {
            counts.read += 1
            counts.outcomes[result.outcome, default: 0] += 1
            text += try line(for: result)
            text += "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        return results
    }

    func printSummary() {
        if format == .json { Terminal.writeError(counts.summary) } else { Terminal.write(counts.summary) }
    }

    private func line(for result: IngestResult) throws(CLIError) -> String {
        let status = result.ticketStatus.map { ($0, result.nextStep) }
        switch format {
        case .json:
            var findings = result.findings
            if result.outcome == .quarantined {
                findings = [Finding(.unparseable, message: result.reason ?? "the input could not be read")]
            }
            let record = RequestRecord(
                ticket: result.ticket.map(TicketReference.format),
                outcome: result.outcome.rawValue,
                request: result.request,
                findings: findings,
                ticketStatus: status
            )
            return try JSONLines.encode(record)
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

    /// The bytes kept for an input: a message as received; an export record as a JSON object of
    /// its columns in file order; nothing for a record the reader could not isolate.
    static func rawBytes(_ item: InputItem) -> [UInt8] {
        switch item {
        case .message(let raw): return raw.bytes
        case .record(let record):
            var json = JSONWriter()
            json.open("{")
            for field in record.fields {
                json.key(field.key)
                json.string(field.value)
            }
            json.close("}")
            return json.bytes
        case .damaged: return []
        }
    }

}
