import ArgumentParser
import Foundation
import Runbook

/// Output formats of `queue`: the usual two, and CSV for spreadsheets.
enum QueueFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The triage view: every ticket, the customer waiting longest first.",
        discussion: """
            Columns: ticket, status, next step, age (since the ticket was opened), waiting since \
            (the first customer message not yet answered by a reply draft or reply-sent), \
            requester, organization, cluster, the most serious finding, owner, cluster name and \
            subject.

            Filters combine: --status (repeatable), --owner NAME or --mine, --org (ID or name), \
            --cluster (ID or name), --requester (part of the address), --search TEXT (every \
            word in the subject or text of one of the ticket's messages; a word also finds the \
            words it begins: "peer" finds "peering"; case and accents do not matter).

            --status filters (repeat it for several): \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")).

            --format csv writes a spreadsheet-safe CSV: a cell starting with =, +, -, @, tab or \
            carriage return is prefixed with ' so a spreadsheet never runs it as a formula.

            Examples:
              peerdesk queue --status ready --status needs-info
              peerdesk queue --mine --org org-northwind
              peerdesk queue --search "vpc-0a1b2c3d staging"
              peerdesk queue --format json | jq -r 'select(.status == "ready") | .ticket'
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Only tickets with this status (repeatable).", valueName: "status"),
        transform: { text in
            guard let status = TicketStatus(rawValue: text) else {
                let names = TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown status \"\(text)\"; statuses are: \(names)")
            }
            return status
        }
    )
    var status: [TicketStatus] = []

    @Option(help: ArgumentHelp("Only tickets this person owns (peerdesk assign).", valueName: "name"))
    var owner: String?

    @Flag(help: "Only my tickets (the owner is the login name).")
    var mine = false

    @Option(help: ArgumentHelp("Only this organization (ID or name).", valueName: "org"))
    var org: String?

    @Option(help: ArgumentHelp("Only this cluster (ID or name).", valueName: "cluster"))
    var cluster: String?

    @Option(help: ArgumentHelp("Only requesters whose address contains this.", valueName: "text"))
    var requester: String?

    @Option(help: ArgumentHelp("Only tickets with a message containing these words.", valueName: "text"))
    var search: String?

    @Option(help: "Output format: table, json (one object per line) or csv.")
    var format: QueueFormat = .table

    func validate() throws {
        if mine && owner != nil { throw ValidationError("give --owner NAME or --mine, not both") }
    }

    func run() throws {
        let filter = QueueFilter(
            statuses: Set(status),
            owner: mine ? TicketCommands.loginName : owner,
            organization: org,
            cluster: cluster,
            requester: requester,
            search: search
        )
        let rows = try global.openStore().queue(filter)
        switch format {
        case .json:
            for row in rows { Terminal.write(row.jsonLine) }
        case .csv:
            Terminal.write(CSVWriter.line(QueueRow.headers))
            for row in rows { Terminal.write(CSVWriter.line(row.cells)) }
        case .table:
            var table = TextTable(QueueRow.headers)
            for row in rows { table.append(row.cells) }
            Terminal.write(table.render())
        }
    }
}

/// RFC 4180 lines that are safe to open in a spreadsheet.
enum CSVWriter {
    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",")
    }

    /// A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    /// quote; cells with a comma, quote or line break are quoted.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
