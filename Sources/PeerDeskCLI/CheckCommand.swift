import ArgumentParser
import Foundation
import Intake
import PeeringModel
import Registry
import Runbook
import Synchronization

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
    @OptionGroup var support: SupportAddressOption

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to check (or - for stdin)") }
    }

    func run() throws {
        let checker = RequestChecker(
            snapshot: try loadSnapshot(),
            fieldMap: try exports.loadFieldMap(),
            limits: support.limits()
        )
        let format = output.format
        let tally = Mutex((checked: 0, anyErrors: false))
        let progress = Progress(label: "checked")
        var unreadable = false
        // Each record's JSON or table is made on the core that checked it; one write per batch.
        let count = try checker.run(InputSource(paths: paths, fieldMap: checker.fieldMap)) {
            record -> (text: String, hasErrors: Bool) in
            let text = format == .json ? record.jsonLine : record.rendered()
            return (text, record.hasErrors)
        } unreadable: { error in
            Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
            unreadable = true
        } checked: { lines throws(CLIError) in
            var text = ""
            for line in lines {
                text += line.text
                text += "\n"
            }
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
            let checked = tally.withLock { tally in
                tally.checked += lines.count
                tally.anyErrors = tally.anyErrors || lines.contains { $0.hasErrors }
                return tally.checked
            }
            progress.update(checked)
        }
        progress.finish(count)
        if unreadable { throw ExitCode(ExitStatus.usageOrInput.rawValue) }
        if tally.withLock({ $0.anyErrors }) { throw ExitCode(ExitStatus.findings.rawValue) }
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

extension RequestRecord {
    /// The table view of `check`: one line for the request, its findings indented below.
    func rendered() -> String {
        var lines = ["\(Terminal.sanitize(request.source.description))  \(status.rawValue)"]
        let shown: [(String, RequestField)] = [
            ("account", .awsAccountID), ("region", .awsRegion), ("vpc", .vpcID), ("cidrs", .vpcCIDRs),
            ("role", .peerRoleARN), ("cluster", .clusterID),
        ]
        let values = shown.map { name, field in
            let joined = (request.values[field] ?? []).map(\.canonical).joined(separator: ",")
            return "\(name)=\(joined.isEmpty ? "-" : joined)"
        }
        lines.append("  " + Terminal.sanitize(values.joined(separator: " ")))
        for finding in findings {
            let severity = finding.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(severity) \(finding.code.rawValue): \(Terminal.sanitize(finding.message))")
        }
        return lines.joined(separator: "\n")
    }
}
