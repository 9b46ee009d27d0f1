import ArgumentParser
import Dispatch
import Foundation
import Intake
import PeeringModel
import Registry
import Validation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and validate requests; print one record per request; write nothing.",
        discussion: """
            PATH is a message file, an mbox, a Maildir, a CSV/JSON/NDJSON/XML export (each record \
            is a request), any folder (read recursively), or - for standard input. Formats are \
            detected from content.

            Each request is checked against the format rules and, when the database (--db, \
            $PEERDESK_DB or ./peerdesk.sqlite) exists, against the cluster registry; without it \
            one warning says the registry checks were skipped. Nothing is written.

            --format json prints one JSON object per request (the request record of DESIGN.md, \
            with ticket and outcome null); --format table prints the request, its values, and \
            its findings indented below.

            Exit status: 0 no request has an error finding; 1 at least one has; 2 a usage error \
            or a path that could not be read (the other paths are still checked).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @OptionGroup var exports: ExportOptions

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to check (or - for stdin)") }
    }

    func run() throws {
        let validator = Validator(snapshot: try loadSnapshot())
        let fieldMap = try exports.loadFieldMap()
        var unreadable = false
        let format = output.format
        let state = CheckState()
        let progress = Progress(label: "checked")
        // This thread reads files while a second one validates and prints the batch before on
        // all cores (each record's JSON or table made in parallel, one write per batch).
        let checker = BackgroundBatches<[InputItem]>(label: "peerdesk.check") { batch throws(CLIError) in
            let lines = ParallelMap.map(batch) { item -> (text: String, hasErrors: Bool, failure: CLIError?) in
                let request = RequestBuilder.request(from: item, fieldMap: fieldMap)
                let record = RequestRecord(request: request, findings: validator.findings(for: request))
                do throws(CLIError) {
                    let text = format == .json ? try JSONLines.encode(record) : record.rendered()
                    return (text, record.hasErrors, nil)
                } catch {
                    return ("", record.hasErrors, error)
                }
            }
            var text = ""
            for line in lines {
                if let failure = line.failure { throw failure }
                if line.hasErrors { state.anyErrors = true }
                text += line.text
                text += "\n"
            }
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
            state.checked += batch.count
            progress.update(state.checked)
        }
        var batch: [InputItem] = []
        for item in InputSource(paths: paths) {
            switch item {
            case .success(let item):
                batch.append(item)
                if batch.count >= 256 {
                    try checker.submit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            case .failure(let error):
                Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
                unreadable = true
            }
        }
        if !batch.isEmpty { try checker.submit(batch) }
        try checker.finish()
        progress.finish(state.checked)
        if unreadable { throw ExitCode(ExitStatus.usageOrInput.rawValue) }
        if state.anyErrors { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// What the checking thread tells the main one (read only after `finish`).
    private final class CheckState: @unchecked Sendable {
        var anyErrors = false
        var checked = 0
    }

    private func loadSnapshot() throws(CLIError) -> RegistrySnapshot? {
        let path = global.databasePath
        do {
            guard let database = try PeerDeskDatabase.openExisting(path: path) else {
                Terminal.writeError(
                    "peerdesk: warning: no registry database at \(path); registry checks were skipped "
                        + "(create one with: peerdesk registry import FILE...)"
                )
                return nil
            }
            return try database.snapshot()
        } catch {
            throw CLIError(message: error.description)
        }
    }
}

/// Maps a batch on all cores, keeping the order.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > 1 else { return inputs.map(transform) }
        let results = Results<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.set(index, transform(inputs[index]))
        }
        return results.values()
    }

    /// Each index is written by exactly one iteration, and read only after all have finished;
    /// the buffer is allocated once, so no write touches shared Swift state.
    private final class Results<Value: Sendable>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            if let base = buffer.baseAddress { base.deinitialize(count: buffer.count) }
            buffer.deallocate()
        }

        func set(_ index: Int, _ value: Value) { buffer[index] = value }

        func values() -> [Value] { buffer.compactMap { $0 } }
    }
}

/// "checked 12,000" on stderr, at most once a second, only when stderr is a terminal.
final class Progress {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var last = Date()
    private var shown = false

    init(label: String) {
        self.label = label
    }

    func update(_ count: Int) {
        guard isTerminal, Date().timeIntervalSince(last) >= 1 else { return }
        last = Date()
        shown = true
        FileHandle.standardError.write(Data("\r\(label) \(count)".utf8))
    }

    func finish(_ count: Int) {
        if shown { FileHandle.standardError.write(Data("\r\(label) \(count)\n".utf8)) }
    }
}
