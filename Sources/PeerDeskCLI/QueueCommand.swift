import ArgumentParser
import Foundation
import PeeringModel
import Registry
import Runbook
import Validation

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
            requester, organization, cluster, and the most serious finding.

            --status filters (repeat it for several): \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")).

            --format csv writes a spreadsheet-safe CSV: a cell starting with =, +, -, @, tab or \
            carriage return is prefixed with ' so a spreadsheet never runs it as a formula.

            Examples:
              peerdesk queue --status ready --status needs-info
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

    @Option(help: "Output format: table, json (one object per line) or csv.")
    var format: QueueFormat = .table

    func run() throws {
        let database = try global.openDatabase()
        let store = TicketStore(database: database)
        let now = Date()
        let wanted = Set(status)
        var rows: [QueueRow] = []
        do {
            let snapshot = try database.snapshot()
            try store.forEachTicket { ticket in
                let row = QueueRow(ticket: ticket, snapshot: snapshot, now: now)
                if wanted.isEmpty || wanted.contains(row.status) { rows.append(row) }
            }
        } catch let error as RegistryError {
            throw CLIError(message: error.description)
        } catch let error as RunbookError {
            throw CLIError(message: error.description)
        }
        rows.sort { lhs, rhs in
            switch (lhs.waitingSince, rhs.waitingSince) {
            case (let left?, let right?): return (left, lhs.id) < (right, rhs.id)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return lhs.id < rhs.id
            }
        }
        switch format {
        case .json:
            for row in rows { Terminal.write(try JSONLines.encode(row)) }
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

/// One line of the queue.
struct QueueRow: Encodable {
    static let headers = [
        "ticket", "status", "next_step", "age", "waiting_since", "requester", "organization", "cluster", "finding",
    ]

    var id: Int64
    var status: TicketStatus
    var nextStep: RunbookStep?
    var createdAt: Date
    var ageSeconds: Int
    var waitingSince: Date?
    var requester: String?
    var organization: String?
    var cluster: String?
    var finding: Finding?

    init(ticket: Ticket, snapshot: RegistrySnapshot, now: Date) {
        id = ticket.id
        status = ticket.status
        nextStep = ticket.nextStep
        createdAt = ticket.messages.first?.sentAt ?? ticket.createdAt
        ageSeconds = max(0, Int(now.timeIntervalSince(createdAt)))
        waitingSince = ticket.waitingSince
        requester = ticket.requesterEmail
        organization = TicketFacts.organization(of: ticket, in: snapshot)?.name
        cluster = ticket.clusterID
        finding = ticket.state.topFinding
    }

    var cells: [String] {
        [
            TicketReference.format(id), status.rawValue, nextStep?.rawValue ?? "-", Self.age(ageSeconds),
            waitingSince.map(Self.timestamp) ?? "-", requester ?? "-", organization ?? "-", cluster ?? "-",
            finding.map(\.code.rawValue) ?? "-",
        ]
    }

    private enum CodingKeys: String, CodingKey {
        case ticket, status, requester, organization, cluster, finding
        case nextStep = "next_step"
        case createdAt = "created_at"
        case ageSeconds = "age_seconds"
        case waitingSince = "waiting_since"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(TicketReference.format(id), forKey: .ticket)
        try container.encode(status.rawValue, forKey: .status)
        try container.encode(nextStep?.rawValue, forKey: .nextStep)
        try container.encode(Self.timestamp(createdAt), forKey: .createdAt)
        try container.encode(ageSeconds, forKey: .ageSeconds)
        try container.encode(waitingSince.map(Self.timestamp), forKey: .waitingSince)
        try container.encode(requester, forKey: .requester)
        try container.encode(organization, forKey: .organization)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(finding, forKey: .finding)
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    /// "3d 4h", "5h 12m", "12m", "<1m".
    static func age(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3_600
        let minutes = seconds % 3_600 / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        return minutes > 0 ? "\(minutes)m" : "<1m"
    }
}

/// Facts about a ticket that come from the registry.
enum TicketFacts {
    /// The organization of the ticket's cluster, else the one whose domains the requester writes from.
    static func organization(of ticket: Ticket, in snapshot: RegistrySnapshot) -> Organization? {
        if let clusterID = ticket.clusterID.flatMap(ClusterID.init(rawValue:)),
            let cluster = snapshot.clusters[clusterID]
        {
            return snapshot.organizations[cluster.organizationID]
        }
        let validator = Validator(snapshot: snapshot)
        return snapshot.organizations.values.sorted { $0.id < $1.id }.first { organization in
            validator.isAuthorized(ticket.requesterEmail, organization)
        }
    }

    static func cluster(of ticket: Ticket, in snapshot: RegistrySnapshot) -> Cluster? {
        ticket.clusterID.flatMap(ClusterID.init(rawValue:)).flatMap { snapshot.clusters[$0] }
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
