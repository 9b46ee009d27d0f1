public import Foundation
import GRDB
public import PeeringModel
public import Registry
public import Validation

/// Which tickets the queue shows. An empty set of statuses means every status.
/// Text filters match case-insensitively: the owner's name exactly; the organization by ID or
/// name; the cluster by ID or name; the requester by a part of the address; `search`, words
/// that one of the ticket's messages (subject or text) contains, each also as a word's start.
public struct QueueFilter: Sendable, Hashable {
    public var statuses: Set<TicketStatus>
    public var owner: String?
    public var organization: String?
    public var cluster: String?
    public var requester: String?
    public var search: String?

    public init(
        statuses: Set<TicketStatus> = [],
        owner: String? = nil,
        organization: String? = nil,
        cluster: String? = nil,
        requester: String? = nil,
        search: String? = nil
    ) {
        self.statuses = statuses
        self.owner = owner
        self.organization = organization
        self.cluster = cluster
        self.requester = requester
        self.search = search
    }
}

/// One line of the triage queue (`peerdesk queue`, the web's queue, `GET /api/tickets`).
public struct QueueRow: Sendable, Encodable {
    /// The columns of the table and CSV views, in order.
    public static let headers = [
        "ticket", "status", "next_step", "age", "waiting_since", "requester", "organization", "cluster", "finding",
        "owner", "cluster_name", "subject",
    ]

    public let id: Int64
    public let ticket: String
    public let status: TicketStatus
    @ExplicitNull public var nextStep: RunbookStep?
    /// When the customer first wrote (the first message's date), else when the ticket was made.
    public let createdAt: Date
    public let ageSeconds: Int
    /// The first customer message not yet answered; `nil` when nothing waits.
    @ExplicitNull public var waitingSince: Date?
    @ExplicitNull public var requester: String?
    /// The organization's name.
    @ExplicitNull public var organization: String?
    @ExplicitNull public var cluster: String?
    /// The most serious finding.
    @ExplicitNull public var finding: Finding?
    @ExplicitNull public var owner: String?
    @ExplicitNull public var clusterName: String?
    @ExplicitNull public var subject: String?
    /// Not in the JSON (`organization` is the name, as before), for the filter.
    public let organizationID: String?

    init(_ record: QueueRecord, organization: Organization?, clusterName: String?, now: Date) {
        id = record.ticketID
        ticket = TicketReference.format(record.ticketID)
        status = record.status
        nextStep = record.nextStep
        createdAt = record.createdAt
        ageSeconds = max(0, Int(now.timeIntervalSince(createdAt)))
        waitingSince = record.waitingSince
        requester = record.requester
        self.organization = organization?.name
        cluster = record.clusterID
        finding = record.finding
        owner = record.owner
        self.clusterName = clusterName
        subject = record.subject
        organizationID = organization?.id
    }

    /// The row as text cells, in `headers` order ("-" for nothing).
    public var cells: [String] {
        [
            ticket, status.rawValue, nextStep?.rawValue ?? "-", Self.age(ageSeconds),
            waitingSince.map(Timestamp.iso8601) ?? "-", requester ?? "-", organization ?? "-", cluster ?? "-",
            finding.map(\.code.rawValue) ?? "-", owner ?? "-", clusterName ?? "-", subject ?? "-",
        ]
    }

    /// "3d 4h", "5h 12m", "12m", "<1m".
    public static func age(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3_600
        let minutes = seconds % 3_600 / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        return minutes > 0 ? "\(minutes)m" : "<1m"
    }

    private enum CodingKeys: String, CodingKey {
        case ticket, status, requester, organization, cluster, finding, owner, subject
        case clusterName = "cluster_name"
        case nextStep = "next_step"
        case createdAt = "created_at"
        case ageSeconds = "age_seconds"
        case waitingSince = "waiting_since"
    }
}

extension QueueRow: JSONWritable {
    /// The row's JSON object, the text `JSONLines.encode(row)` gives (keys sorted), written
    /// without `JSONEncoder`: `queue --format json` and `GET /api/tickets` write it per row.
    public func writeJSON(_ output: inout JSONOutput) {
        output.beginObject()
        output.member("age_seconds", ageSeconds)
        output.member("cluster", cluster)
        output.member("cluster_name", clusterName)
        output.member("created_at", createdAt)
        output.key("finding")
        output.finding(finding)
        output.member("next_step", nextStep?.rawValue)
        output.member("organization", organization)
        output.member("owner", owner)
        output.member("requester", requester)
        output.member("status", status.rawValue)
        output.member("subject", subject)
        output.member("ticket", ticket)
        output.member("waiting_since", waitingSince)
        output.endObject()
    }
}

extension Ticket {
    /// The organization of the ticket's cluster, else the first (by ID) whose domains the
    /// requester writes from, by validation's authorization rule.
    public func organization(in snapshot: RegistrySnapshot, validator: Validator) -> Organization? {
        Self.organization(cluster: clusterID, requester: requesterEmail, in: snapshot, validator: validator)
    }

    static func organization(
        cluster: ClusterID?,
        requester: String?,
        in snapshot: RegistrySnapshot,
        validator: Validator
    ) -> Organization? {
        if let cluster = cluster.flatMap({ snapshot.clusters[$0] }) {
            return snapshot.organizations[cluster.organizationID]
        }
        return snapshot.organizations.values.sorted { $0.id < $1.id }.first { organization in
            validator.isAuthorized(requester, organization)
        }
    }

    /// The ticket's cluster as the registry knows it.
    public func cluster(in snapshot: RegistrySnapshot) -> Cluster? {
        clusterID.flatMap { snapshot.clusters[$0] }
    }
}

/// One page of the queue: its rows, how many tickets the filter keeps in all, and per status
/// (the counts ignore the filter's statuses: the tabs of the web's queue).
public struct QueuePage: Sendable {
    public var rows: [QueueRow]
    /// The tickets the whole filter keeps, statuses included.
    public var total: Int
    public var statusCounts: [TicketStatus: Int]
    /// Every owner of a ticket on the desk, sorted.
    public var owners: [String]
}

extension TicketStore {
    /// The triage queue: the tickets `filter` keeps, the customer waiting longest first.
    public func queue(_ filter: QueueFilter = QueueFilter(), now: Date = Date()) throws(RunbookError) -> [QueueRow] {
        try queuePage(filter, offset: 0, limit: nil, tabs: false, now: now).rows
    }

    /// `limit` rows of the queue from `offset` (every row when `limit` is nil), with the total;
    /// with `tabs`, also the counts per status and the owners (the web page's tabs and filter).
    ///
    /// The queue is read from `ticket_queue` (one indexed query whatever the desk's size), after
    /// the rows that writes made stale since the last queue are brought up to date.
    public func queuePage(
        _ filter: QueueFilter,
        offset: Int,
        limit: Int?,
        tabs: Bool = true,
        now: Date = Date()
    ) throws(RunbookError) -> QueuePage {
        let searches = filter.search.flatMap(MessageSearchRecord.matchExpression) != nil
        let cache = registryCache
        // The usual case is one read: the registry (cached while it is unchanged), no stale row,
        // the page. Only when writes left something stale is a write transaction taken first.
        let first: QueueRead = try read { db in
            let snapshot = try cache.snapshot(db)
            if try QueueRecord.needsCatchUp(db) || (searches && MessageSearchRecord.needsCatchUp(db)) {
                return .stale
            }
            return .page(try Self.readPage(db, filter, snapshot, offset: offset, limit: limit, tabs: tabs, now: now))
        }
        if case .page(let page) = first { return page }
        return try write { db in
            let snapshot = try cache.snapshot(db)
            try Self.catchUpQueue(db, snapshot: snapshot)
            if searches { try MessageSearchRecord.catchUp(db) }
            return try Self.readPage(db, filter, snapshot, offset: offset, limit: limit, tabs: tabs, now: now)
        }
    }

    private enum QueueRead: Sendable {
        case stale
        case page(QueuePage)
    }

    /// The page `filter` keeps, from `ticket_queue` as it is in `db`.
    private static func readPage(
        _ db: Database,
        _ filter: QueueFilter,
        _ snapshot: RegistrySnapshot,
        offset: Int,
        limit: Int?,
        tabs: Bool,
        now: Date
    ) throws -> QueuePage {
        let lowered = { (value: String?) in value?.lowercased() }
        let organizations = lowered(filter.organization).map { wanted in
            snapshot.organizations.values.filter { $0.id.lowercased() == wanted || $0.name.lowercased() == wanted }
                .map(\.id)
        }
        let clusters = lowered(filter.cluster).map { wanted in
            [wanted]
                + snapshot.clusters.values.filter { $0.name.lowercased() == wanted }.map { $0.id.rawValue.lowercased() }
        }
        let condition = QueueRecord.condition(
            owner: filter.owner,
            organizations: organizations,
            clusters: clusters,
            requester: filter.requester,
            search: filter.search
        )
        let statuses = filter.statuses
        let owners = tabs ? try QueueRecord.owners(db) : []
        let records: [QueueRecord]
        let counts: [TicketStatus: Int]
        let total: Int
        if filter.search.flatMap(MessageSearchRecord.matchExpression) != nil {
            // A search: every match once (ticket, status, order), then the page by ticket number.
            let matches = try QueueRecord.matches(db, condition)
            counts = tabs ? Dictionary(grouping: matches, by: \.status).mapValues(\.count) : [:]
            let kept = statuses.isEmpty ? matches : matches.filter { statuses.contains($0.status) }
            total = kept.count
            let page = kept.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.dropFirst(max(0, offset))
                .prefix(limit ?? Int.max).map(\.id)
            var byID = QueueRecord.Condition()
            byID.add("ticket_id IN (\(Array(repeating: "?", count: page.count).joined(separator: ", ")))", page)
            records = page.isEmpty ? [] : try QueueRecord.fetch(db, byID, statuses: [], offset: 0, limit: nil)
        } else {
            records = try QueueRecord.fetch(db, condition, statuses: statuses, offset: max(0, offset), limit: limit)
            counts = tabs ? try QueueRecord.counts(db, condition) : [:]
            total =
                tabs
                ? counts.reduce(0) { sum, entry in
                    statuses.isEmpty || statuses.contains(entry.key) ? sum + entry.value : sum
                }
                : try QueueRecord.count(db, condition, statuses)
        }
        let rows = records.map { record in
            let cluster = record.clusterID.flatMap(ClusterID.init(rawValue:)).flatMap { snapshot.clusters[$0] }
            return QueueRow(
                record,
                organization: record.organizationID.flatMap { snapshot.organizations[$0] },
                clusterName: cluster?.name,
                now: now
            )
        }
        return QueuePage(rows: rows, total: total, statusCounts: counts, owners: owners)
    }

    /// Brings the stale rows of `ticket_queue` up to date: each stale ticket loaded and derived
    /// again, 500 at a time; the organizations again when the registry changed.
    static func catchUpQueue(_ db: Database, snapshot: RegistrySnapshot) throws {
        let validator = Validator(snapshot: snapshot)
        while true {
            let stale = try QueueRecord.staleTickets(db, limit: 500)
            guard !stale.isEmpty else { break }
            let tickets = try loadTickets(db, .ids(stale))
            for ticket in tickets {
                try QueueRecord(ticket, organization: ticket.organization(in: snapshot, validator: validator)?.id)
                    .save(db)
            }
            let found = Set(tickets.map(\.id))
            for gone in stale where !found.contains(gone) { try QueueRecord.delete(db, ticket: gone) }
            try QueueRecord.markFresh(db, stale)
        }
        if try QueueRecord.needsCatchUp(db) {
            let organizations = try QueueRecord.organizationInputs(db).map { input in
                let cluster = input.cluster.flatMap(ClusterID.init(rawValue:))
                let organization = Ticket.organization(
                    cluster: cluster,
                    requester: input.requester,
                    in: snapshot,
                    validator: validator
                )
                return (input.ticket, organization?.id)
            }
            try QueueRecord.updateOrganizations(db, organizations)
        }
    }

    /// The registry as it is now (one read; the whole registry only when it changed since the
    /// last one).
    public func registrySnapshot() throws(RunbookError) -> RegistrySnapshot {
        let cache = registryCache
        return try read { db in try cache.snapshot(db) }
    }
}

extension QueueRecord {
    /// The ticket's queue row, as `QueueRow` derives it.
    init(_ ticket: Ticket, organization: String?) {
        self.init(
            ticketID: ticket.id,
            status: ticket.status,
            nextStep: ticket.nextStep,
            createdAt: ticket.messages.first?.sentAt ?? ticket.createdAt,
            waitingSince: ticket.waitingSince,
            requester: ticket.requesterEmail,
            clusterID: ticket.clusterID?.rawValue,
            organizationID: organization,
            finding: ticket.state.topFinding,
            owner: ticket.owner,
            subject: ticket.subject
        )
    }
}
