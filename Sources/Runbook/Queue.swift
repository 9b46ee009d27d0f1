public import Foundation
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

    func matches(_ row: QueueRow) -> Bool {
        func equal(_ wanted: String?, _ values: String?...) -> Bool {
            guard let wanted else { return true }
            return values.contains { $0?.lowercased() == wanted.lowercased() }
        }
        guard statuses.isEmpty || statuses.contains(row.status) else { return false }
        guard equal(owner, row.owner), equal(organization, row.organization, row.organizationID),
            equal(cluster, row.cluster, row.clusterName)
        else { return false }
        if let requester, !(row.requester ?? "").lowercased().contains(requester.lowercased()) { return false }
        return true
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

    init(ticket: Ticket, organization: Organization?, clusterName: String?, now: Date) {
        id = ticket.id
        self.ticket = ticket.reference
        status = ticket.status
        nextStep = ticket.nextStep
        createdAt = ticket.messages.first?.sentAt ?? ticket.createdAt
        ageSeconds = max(0, Int(now.timeIntervalSince(createdAt)))
        waitingSince = ticket.waitingSince
        requester = ticket.requesterEmail
        self.organization = organization?.name
        cluster = ticket.clusterID?.rawValue
        finding = ticket.state.topFinding
        owner = ticket.owner
        self.clusterName = clusterName
        subject = ticket.subject
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

    /// The queue's order: the customer waiting longest first, then the tickets nobody waits on,
    /// each by ticket number.
    static func waitingLongestFirst(_ lhs: QueueRow, _ rhs: QueueRow) -> Bool {
        switch (lhs.waitingSince, rhs.waitingSince) {
        case (let left?, let right?): return (left, lhs.id) < (right, rhs.id)
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.id < rhs.id
        }
    }
}

extension Ticket {
    /// The organization of the ticket's cluster, else the first (by ID) whose domains the
    /// requester writes from, by validation's authorization rule.
    public func organization(in snapshot: RegistrySnapshot, validator: Validator) -> Organization? {
        if let cluster = cluster(in: snapshot) { return snapshot.organizations[cluster.organizationID] }
        return snapshot.organizations.values.sorted { $0.id < $1.id }.first { organization in
            validator.isAuthorized(requesterEmail, organization)
        }
    }

    /// The ticket's cluster as the registry knows it.
    public func cluster(in snapshot: RegistrySnapshot) -> Cluster? {
        clusterID.flatMap { snapshot.clusters[$0] }
    }
}

extension TicketStore {
    /// The triage queue: the tickets `filter` keeps, the customer waiting longest first.
    public func queue(_ filter: QueueFilter = QueueFilter(), now: Date = Date()) throws(RunbookError) -> [QueueRow] {
        let snapshot = try registrySnapshot()
        let validator = Validator(snapshot: snapshot)
        var found: Set<Int64>?
        if let query = filter.search, MessageSearchRecord.matchExpression(query) != nil {
            found = try write { db in
                try MessageSearchRecord.catchUp(db)
                return try MessageSearchRecord.tickets(db, matching: query)
            }
        }
        var rows: [QueueRow] = []
        try forEachTicket { ticket in
            if let found, !found.contains(ticket.id) { return }
            let row = QueueRow(
                ticket: ticket,
                organization: ticket.organization(in: snapshot, validator: validator),
                clusterName: ticket.cluster(in: snapshot)?.name,
                now: now
            )
            if filter.matches(row) { rows.append(row) }
        }
        return rows.sorted(by: QueueRow.waitingLongestFirst)
    }

    /// The registry as it is now.
    public func registrySnapshot() throws(RunbookError) -> RegistrySnapshot {
        do {
            return try database.snapshot()
        } catch {
            throw RunbookError.database(error.description)
        }
    }
}
