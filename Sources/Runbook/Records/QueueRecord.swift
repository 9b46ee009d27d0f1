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

    /// `v7-ticket-queue-counts`: the tickets of each status kept by triggers in
    /// `ticket_queue_count` (so a count by status alone, the API's `total` and the page's tabs,
    /// reads a handful of rows instead of every ticket of that status: 2.2 ms for 24,000 ready
    /// tickets), and the top finding in plain columns instead of a JSON blob decoded per row.
    static func addCountsAndFindingColumns(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE ticket_queue ADD COLUMN finding_code TEXT;
                ALTER TABLE ticket_queue ADD COLUMN finding_field TEXT;
                ALTER TABLE ticket_queue ADD COLUMN finding_message TEXT;
                ALTER TABLE ticket_queue ADD COLUMN finding_customer TEXT;
                UPDATE ticket_queue SET
                    finding_code = json_extract(finding, '$.code'),
                    finding_field = json_extract(finding, '$.field'),
                    finding_message = json_extract(finding, '$.message'),
                    finding_customer = json_extract(finding, '$.customer_message')
                    WHERE finding IS NOT NULL;
                ALTER TABLE ticket_queue DROP COLUMN finding;
                CREATE TABLE ticket_queue_count (status TEXT PRIMARY KEY, tickets INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO ticket_queue_count SELECT status, count(*) FROM ticket_queue GROUP BY status;
                CREATE TRIGGER ticket_queue_count_on_insert AFTER INSERT ON ticket_queue BEGIN
                    INSERT INTO ticket_queue_count (status, tickets) VALUES (NEW.status, 1)
                        ON CONFLICT (status) DO UPDATE SET tickets = tickets + 1;
                END;
                CREATE TRIGGER ticket_queue_count_on_delete AFTER DELETE ON ticket_queue BEGIN
                    UPDATE ticket_queue_count SET tickets = tickets - 1 WHERE status = OLD.status;
                END;
                CREATE TRIGGER ticket_queue_count_on_update AFTER UPDATE OF status ON ticket_queue
                    WHEN OLD.status IS NOT NEW.status BEGIN
                    UPDATE ticket_queue_count SET tickets = tickets - 1 WHERE status = OLD.status;
                    INSERT INTO ticket_queue_count (status, tickets) VALUES (NEW.status, 1)
                        ON CONFLICT (status) DO UPDATE SET tickets = tickets + 1;
                END;
                """
        )
        try RegistryCache.createTriggers(db)
    }

    /// `v8-ticket-queue-filter-indexes`: each filter's index also holds the queue's order and
    /// the status, so a filtered page reads its rows in order and stops (instead of sorting every
    /// match: 41 ms for an organization's 30,000 tickets) and its tabs count from the index
    /// alone; the owners of the filter's list come from a partial index of the assigned tickets
    /// (instead of a scan of every row: 40 ms).
    static func addFilterIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX ticket_queue_on_owner;
                DROP INDEX ticket_queue_on_cluster;
                DROP INDEX ticket_queue_on_organization;
                CREATE INDEX ticket_queue_on_owner ON ticket_queue(owner_key, wait_order, ticket_id, status);
                CREATE INDEX ticket_queue_on_cluster ON ticket_queue(cluster_key, wait_order, ticket_id, status);
                CREATE INDEX ticket_queue_on_organization
                    ON ticket_queue(organization_id, wait_order, ticket_id, status);
                CREATE INDEX ticket_queue_on_owner_name ON ticket_queue(owner) WHERE owner IS NOT NULL;
                """
        )
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

    /// The columns `save` writes, in its order.
    private static let columns = [
        "ticket_id", "status", "next_step", "created_at", "waiting_since", "wait_order", "requester",
        "requester_key", "cluster_id", "cluster_key", "organization_id", "finding_code", "finding_field",
        "finding_message", "finding_customer", "owner", "owner_key", "subject",
    ]

    /// Writes the row, or updates it in place: an upsert, not `INSERT OR REPLACE`, whose
    /// implicit delete would not run the count triggers.
    func save(_ db: Database) throws {
        let columns = Self.columns
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try db.cachedStatement(
            sql: """
                INSERT INTO ticket_queue (\(columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                ON CONFLICT (ticket_id) DO UPDATE SET \(updates)
                """
        ).execute(arguments: [
            ticketID, status.rawValue, nextStep?.rawValue, createdAt.timeIntervalSince1970,
            waitingSince?.timeIntervalSince1970, waitingSince?.timeIntervalSince1970 ?? Self.notWaiting,
            requester, requester?.lowercased(), clusterID, clusterID?.lowercased(), organizationID,
            finding?.code.rawValue, finding?.field?.rawValue, finding?.message, finding?.customerMessage,
            owner, owner?.lowercased(), subject,
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
            condition.add("ticket_id IN (\(MessageSearchRecord.ticketsMatching))", [match])
        }
        return condition
    }

    /// How many rows of each status `condition` keeps (kept by triggers when nothing else filters).
    static func counts(_ db: Database, _ condition: Condition) throws -> [TicketStatus: Int] {
        var counts: [TicketStatus: Int] = [:]
        let rows =
            condition.clauses.isEmpty
            ? try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT status, tickets FROM ticket_queue_count WHERE tickets > 0")
            )
            : try Row.fetchCursor(
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
        if condition.clauses.isEmpty {
            let counts = try counts(db, condition)
            return counts.reduce(0) { sum, entry in
                statuses.isEmpty || statuses.contains(entry.key) ? sum + entry.value : sum
            }
        }
        var condition = condition
        if !statuses.isEmpty { condition.add("status", in: statuses.map(\.rawValue).sorted()) }
        return try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM ticket_queue \(condition.sql())"),
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
                organization_id, owner, subject, finding_code, finding_field, finding_message, finding_customer
            FROM ticket_queue \(condition.sql()) ORDER BY wait_order, ticket_id
            """
        if let limit {
            sql += " LIMIT ? OFFSET ?"
            condition.arguments += [limit, offset]
        }
        var records: [QueueRecord] = []
        // Cached by its text: the same filter asks the same SQL (compiling it was 3% of an API
        // request under load). The ticket numbers of a search's page are arguments too.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: condition.arguments)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard let status = TicketStatus(rawValue: row[1]) else {
                throw RunbookError.corruptRow(table: "ticket_queue", id: id, reason: "its status is unknown")
            }
            var finding: Finding?
            if let text: String = row[10] {
                guard let code = FindingCode(rawValue: text) else {
                    throw RunbookError.corruptRow(table: "ticket_queue", id: id, reason: "its finding is unknown")
                }
                finding = Finding(
                    code,
                    field: (row[11] as String?).flatMap(RequestField.init(rawValue:)),
                    message: row[12] ?? "",
                    customerMessage: row[13]
                )
            }
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
                    finding: finding,
                    owner: row[8],
                    subject: row[9]
                )
            )
        }
        return records
    }

    /// The ticket, status and place in the queue's order of every row `condition` keeps: for a
    /// full-text search, whose condition is costly to evaluate (each hit looked up), so the page,
    /// its total and its tabs come from one evaluation instead of three.
    static func matches(
        _ db: Database,
        _ condition: Condition
    ) throws -> [(id: Int64, status: TicketStatus, order: Double)] {
        var matches: [(id: Int64, status: TicketStatus, order: Double)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT ticket_id, status, wait_order FROM ticket_queue \(condition.sql())",
            arguments: condition.arguments
        )
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard let status = TicketStatus(rawValue: row[1]) else {
                throw RunbookError.corruptRow(table: "ticket_queue", id: id, reason: "its status is unknown")
            }
            matches.append((id, status, row[2]))
        }
        return matches
    }

    /// The owners of the rows, each once, sorted.
    static func owners(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT owner FROM ticket_queue WHERE owner IS NOT NULL ORDER BY owner")
        )
    }
}
