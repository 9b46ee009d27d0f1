import Foundation
import GRDB
import PeeringModel

/// A row of `ticket_queue`: a ticket as the queue shows it (status, next step, who waits since
/// when, the top finding, owner), derived from the ticket and its history and kept so that the
/// queue of a large desk is one indexed query instead of every ticket loaded and replayed.
///
/// The rows are brought up to date by the queue itself (`catchUp`), not by the writers: SQLite
/// triggers note each ticket that a write touches (`ticket_queue_stale`), and a change to the
/// registry marks every row's organization for recomputation. Nothing a writer forgets can leave
/// a row stale.
struct QueueRecord {
    /// The columns the queue filters and sorts on; `wait_order` is `waiting_since`, with the
    /// tickets nobody waits on last, so one index serves the queue's order.
    var ticketID: Int64
    var status: TicketStatus
    var nextStep: RunbookStep?
    var createdAt: Date
    var waitingSince: Date?
    var requester: String?
    var clusterID: String?
    var organizationID: String?
    var finding: Finding?
    var owner: String?
    var subject: String?

    static let organizationsStale = "queue-organizations-stale"
    /// `wait_order` of the tickets nobody waits on: after every date.
    static let notWaiting = 1e300

    // MARK: - Schema

    /// `v6-ticket-queue`: the tables, their indexes, the triggers, and every ticket marked stale
    /// (the first queue fills the table).
    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE ticket_queue (
                    ticket_id INTEGER PRIMARY KEY REFERENCES ticket(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    next_step TEXT,
                    created_at DOUBLE NOT NULL,
                    waiting_since DOUBLE,
                    wait_order DOUBLE NOT NULL,
                    requester TEXT,
                    requester_key TEXT,
                    cluster_id TEXT,
                    cluster_key TEXT,
                    organization_id TEXT,
                    finding BLOB,
                    owner TEXT,
                    owner_key TEXT,
                    subject TEXT
                );
                CREATE INDEX ticket_queue_on_order ON ticket_queue(wait_order, ticket_id);
                CREATE INDEX ticket_queue_on_status ON ticket_queue(status, wait_order, ticket_id);
                CREATE INDEX ticket_queue_on_owner ON ticket_queue(owner_key);
                CREATE INDEX ticket_queue_on_cluster ON ticket_queue(cluster_key);
                CREATE INDEX ticket_queue_on_organization ON ticket_queue(organization_id);
                CREATE TABLE ticket_queue_stale (ticket_id INTEGER PRIMARY KEY);
                CREATE TRIGGER ticket_queue_on_ticket_insert AFTER INSERT ON ticket
                    BEGIN INSERT OR IGNORE INTO ticket_queue_stale VALUES (NEW.id); END;
                CREATE TRIGGER ticket_queue_on_ticket_update AFTER UPDATE ON ticket
                    BEGIN INSERT OR IGNORE INTO ticket_queue_stale VALUES (NEW.id); END;
                CREATE TRIGGER ticket_queue_on_event_insert AFTER INSERT ON event
                    BEGIN INSERT OR IGNORE INTO ticket_queue_stale VALUES (NEW.ticket_id); END;
                CREATE TRIGGER ticket_queue_on_message_insert AFTER INSERT ON message WHEN NEW.ticket_id IS NOT NULL
                    BEGIN INSERT OR IGNORE INTO ticket_queue_stale VALUES (NEW.ticket_id); END;
                CREATE TRIGGER ticket_queue_on_message_update AFTER UPDATE ON message WHEN NEW.ticket_id IS NOT NULL
                    BEGIN INSERT OR IGNORE INTO ticket_queue_stale VALUES (NEW.ticket_id); END;
                INSERT INTO ticket_queue_stale SELECT id FROM ticket;
                """
        )
        // A ticket's organization comes from the registry (its cluster's, else the requester's
        // domain): any change there marks every row's organization stale.
        for table in ["organization", "organization_domain", "cluster"] {
            for change in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER ticket_queue_on_\(table)_\(change.lowercased()) AFTER \(change) ON \(table)
                        BEGIN INSERT OR REPLACE INTO setting (key, value) VALUES ('\(organizationsStale)', x'01'); END;
                        """
                )
            }
        }
    }

    // MARK: - Catching up

    /// Whether some row is stale (a cheap read: the web asks on every queue request).
    static func needsCatchUp(_ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM ticket_queue_stale)
                        OR EXISTS (SELECT 1 FROM setting WHERE key = '\(organizationsStale)')
                    """
            )
        ) ?? false
    }

    /// Up to `limit` stale tickets, lowest first.
    static func staleTickets(_ db: Database, limit: Int) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT ticket_id FROM ticket_queue_stale ORDER BY ticket_id LIMIT ?"),
            arguments: [limit]
        )
    }

    static func markFresh(_ db: Database, _ tickets: [Int64]) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM ticket_queue_stale WHERE ticket_id = ?")
        for ticket in tickets { try statement.execute(arguments: [ticket]) }
    }

    static func delete(_ db: Database, ticket: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM ticket_queue WHERE ticket_id = ?").execute(arguments: [ticket])
    }

    /// Writes (or replaces) the row.
    func save(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO ticket_queue (ticket_id, status, next_step, created_at, waiting_since,
                    wait_order, requester, requester_key, cluster_id, cluster_key, organization_id, finding, owner,
                    owner_key, subject)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            ticketID, status.rawValue, nextStep?.rawValue, createdAt.timeIntervalSince1970,
            waitingSince?.timeIntervalSince1970, waitingSince?.timeIntervalSince1970 ?? Self.notWaiting,
            requester, requester?.lowercased(), clusterID, clusterID?.lowercased(), organizationID,
            try finding.map { try JSONEncoder().encode($0) }, owner, owner?.lowercased(), subject,
        ])
    }

    /// Every row's ticket, cluster and requester: what a ticket's organization is derived from.
    static func organizationInputs(_ db: Database) throws -> [(ticket: Int64, cluster: String?, requester: String?)] {
        try Row.fetchAll(db, sql: "SELECT ticket_id, cluster_id, requester FROM ticket_queue").map {
            ($0[0], $0[1], $0[2])
        }
    }

    /// Sets the rows' organizations (`nil` when none), then clears the registry's mark.
    static func updateOrganizations(_ db: Database, _ organizations: [(ticket: Int64, organization: String?)]) throws {
        let statement = try db.cachedStatement(sql: "UPDATE ticket_queue SET organization_id = ? WHERE ticket_id = ?")
        for (ticket, organization) in organizations { try statement.execute(arguments: [organization, ticket]) }
        try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [organizationsStale])
    }

    // MARK: - Reading

    /// The `WHERE` of a queue query: every filter but the statuses, which the caller adds.
    /// `nil` when a filter can match nothing (an organization the registry does not know).
    struct Condition {
        var clauses: [String] = []
        var arguments = StatementArguments()

        mutating func add(_ clause: String, _ values: [any DatabaseValueConvertible]) {
            clauses.append(clause)
            arguments += StatementArguments(values)
        }

        /// `name IN (?, ?, …)`; matching nothing when `values` is empty.
        mutating func add(_ column: String, in values: [String]) {
            guard !values.isEmpty else {
                clauses.append("0")
                return
            }
            add("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))", values)
        }

        func sql(_ extra: String? = nil) -> String {
            let all = clauses + (extra.map { [$0] } ?? [])
            return all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
        }
    }

    /// The queue's filters as SQL: owner, organizations and clusters as keys the caller resolved
    /// through the registry, requester as part of an address, and the messages' full-text index.
    static func condition(
        owner: String?,
        organizations: [String]?,
        clusters: [String]?,
        requester: String?,
        search: String?
    ) -> Condition {
        var condition = Condition()
        if let owner { condition.add("owner_key = ?", [owner.lowercased()]) }
        if let organizations { condition.add("organization_id", in: organizations) }
        if let clusters { condition.add("cluster_key", in: clusters) }
        if let requester { condition.add("instr(requester_key, ?) > 0", [requester.lowercased()]) }
        if let search, let match = MessageSearchRecord.matchExpression(search) {
            condition.add(
                """
                ticket_id IN (SELECT message.ticket_id FROM message_search
                    JOIN message ON message.id = message_search.rowid WHERE message_search MATCH ?)
                """,
                [match]
            )
        }
        return condition
    }

    /// How many rows of each status `condition` keeps.
    static func counts(_ db: Database, _ condition: Condition) throws -> [TicketStatus: Int] {
        var counts: [TicketStatus: Int] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT status, count(*) FROM ticket_queue \(condition.sql()) GROUP BY status",
            arguments: condition.arguments
        )
        while let row = try rows.next() {
            guard let status = TicketStatus(rawValue: row[0]) else { continue }
            counts[status] = row[1]
        }
        return counts
    }

    /// How many rows `condition` and `statuses` keep.
    static func count(_ db: Database, _ condition: Condition, _ statuses: Set<TicketStatus>) throws -> Int {
        var condition = condition
        if !statuses.isEmpty { condition.add("status", in: statuses.map(\.rawValue).sorted()) }
        return try Int.fetchOne(
            db,
            sql: "SELECT count(*) FROM ticket_queue \(condition.sql())",
            arguments: condition.arguments
        ) ?? 0
    }

    /// The rows `condition` and `statuses` keep, the customer waiting longest first, then by
    /// ticket number; `limit` of them from `offset` (all when `limit` is nil).
    static func fetch(
        _ db: Database,
        _ condition: Condition,
        statuses: Set<TicketStatus>,
        offset: Int,
        limit: Int?
    ) throws -> [QueueRecord] {
        var condition = condition
        if !statuses.isEmpty { condition.add("status", in: statuses.map(\.rawValue).sorted()) }
        var sql = """
            SELECT ticket_id, status, next_step, created_at, waiting_since, requester, cluster_id,
                organization_id, finding, owner, subject
            FROM ticket_queue \(condition.sql()) ORDER BY wait_order, ticket_id
            """
        if let limit {
            sql += " LIMIT ? OFFSET ?"
            condition.arguments += [limit, offset]
        }
        var records: [QueueRecord] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: condition.arguments)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard let status = TicketStatus(rawValue: row[1]) else {
                throw RunbookError.corruptRow(table: "ticket_queue", id: id, reason: "its status is unknown")
            }
            let finding: Data? = row[8]
            records.append(
                QueueRecord(
                    ticketID: id,
                    status: status,
                    nextStep: (row[2] as String?).flatMap(RunbookStep.init(rawValue:)),
                    createdAt: Date(timeIntervalSince1970: row[3]),
                    waitingSince: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)),
                    requester: row[5],
                    clusterID: row[6],
                    organizationID: row[7],
                    finding: try finding.map { try JSONDecoder().decode(Finding.self, from: $0) },
                    owner: row[9],
                    subject: row[10]
                )
            )
        }
        return records
    }

    /// The owners of the rows, each once, sorted.
    static func owners(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT owner FROM ticket_queue WHERE owner IS NOT NULL ORDER BY owner")
        )
    }
}
