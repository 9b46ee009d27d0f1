import Foundation
import GRDB

/// Which tickets a load reads: the queries of `TicketStore` over the ticket table and the rows
/// that belong to its tickets.
enum TicketSelection {
    case all
    case one(Int64)
    /// `after < id <= upTo`: one chunk of a walk over the desk.
    case range(after: Int64, upTo: Int64)
    /// These tickets (the queue's catch-up).
    case ids([Int64])

    /// The same selection on a column that holds a ticket's id.
    func filter(_ column: Column) -> SQLExpression? {
        switch self {
        case .all: nil
        case .one(let id): column == id
        case .range(let after, let upTo): column > after && column <= upTo
        case .ids(let ids): ids.contains(column)
        }
    }
}

/// A row of `ticket`: who asked, about what, and the request as the ticket holds it now (JSON).
struct TicketRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "ticket"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let requesterEmail = Column(CodingKeys.requesterEmail)
        static let clusterID = Column(CodingKeys.clusterID)
        static let vpcID = Column(CodingKeys.vpcID)
        static let state = Column(CodingKeys.state)
    }

    var id: Int64?
    var createdAt: Date
    var requesterEmail: String?
    var requesterName: String?
    var subject: String?
    var clusterID: String?
    /// The customer's VPC as the ticket holds it now (`v4-ticket-vpc`): `duplicate-request`.
    var vpcID: String?
    var state: Data

    enum CodingKeys: String, CodingKey {
        case id, subject, state
        case createdAt = "created_at"
        case requesterEmail = "requester_email"
        case requesterName = "requester_name"
        case clusterID = "cluster_id"
        case vpcID = "vpc_id"
    }

    init(row: Row) {
        id = row[CodingKeys.id.rawValue]
        createdAt = row[CodingKeys.createdAt.rawValue]
        requesterEmail = row[CodingKeys.requesterEmail.rawValue]
        requesterName = row[CodingKeys.requesterName.rawValue]
        subject = row[CodingKeys.subject.rawValue]
        clusterID = row[CodingKeys.clusterID.rawValue]
        vpcID = row[CodingKeys.vpcID.rawValue]
        state = row[CodingKeys.state.rawValue]
    }

    init(
        createdAt: Date,
        requesterEmail: String?,
        requesterName: String?,
        subject: String?,
        clusterID: String?,
        vpcID: String?,
        state: Data
    ) {
        self.createdAt = createdAt
        self.requesterEmail = requesterEmail
        self.requesterName = requesterName
        self.subject = subject
        self.clusterID = clusterID
        self.vpcID = vpcID
        self.state = state
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    // The statements of ingest's hot path are cached (one per connection); GRDB's generic
    // requests build and compile a statement on every call.

    private static let insertSQL = """
        INSERT INTO ticket (created_at, requester_email, requester_name, subject, cluster_id, vpc_id, state)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts the row through one cached statement (a new ticket per new input).
    mutating func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: [
            StoredDate.databaseValue(createdAt), requesterEmail, requesterName, subject, clusterID, vpcID, state,
        ])
        id = db.lastInsertedRowID
    }

    /// One ticket's row, nil when there is no such ticket.
    static func row(_ db: Database, id: Int64) throws -> TicketRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM ticket WHERE id = ?"), arguments: [id])
    }

    static func fetchAll(_ db: Database, _ selection: TicketSelection) throws -> [TicketRecord] {
        var request = all()
        if let filter = selection.filter(Columns.id) { request = request.filter(filter) }
        return try request.order(Columns.id).fetchAll(db)
    }

    static func exists(_ db: Database, id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM ticket WHERE id = ?"), arguments: [id]) ?? false
    }

    /// The highest ticket number, nil on an empty desk.
    static func maximumID(_ db: Database) throws -> Int64? {
        try all().select(max(Columns.id), as: Int64.self).fetchOne(db)
    }

    /// Who asked and the cluster a ticket is about, without its state (threading by subject tag).
    static func requesterAndCluster(_ db: Database, id: Int64) throws -> (requester: String?, cluster: String?)? {
        let statement = try db.cachedStatement(sql: "SELECT requester_email, cluster_id FROM ticket WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return (row[0], row[1])
    }

    static func state(_ db: Database, id: Int64) throws -> Data? {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT state FROM ticket WHERE id = ?"), arguments: [id])
    }

    static func updateState(_ db: Database, id: Int64, _ state: Data) throws {
        try db.cachedStatement(sql: "UPDATE ticket SET state = ? WHERE id = ?").execute(arguments: [state, id])
    }

    static func vpc(_ db: Database, id: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT vpc_id FROM ticket WHERE id = ?"), arguments: [id])
    }

    static func updateVPC(_ db: Database, id: Int64, _ vpc: String?) throws {
        try db.cachedStatement(sql: "UPDATE ticket SET vpc_id = ? WHERE id = ?").execute(arguments: [vpc, id])
    }

    /// The other tickets that hold this VPC, latest first (one indexed query, read lazily).
    static func others(_ db: Database, vpc: String, besides id: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM ticket WHERE vpc_id = ? AND id != ? ORDER BY id DESC LIMIT 50"),
            arguments: [vpc, id]
        )
    }

    /// `v4-ticket-vpc`: the column, its index, and each ticket's VPC from its state.
    static func addVPCColumn(_ db: Database) throws {
        try db.alter(table: databaseTableName) { table in table.add(column: CodingKeys.vpcID.rawValue, .text) }
        try db.create(index: "ticket_on_vpc", on: databaseTableName, columns: [CodingKeys.vpcID.rawValue])
        let rows = try Row.fetchAll(db, sql: "SELECT id, state FROM ticket")
        for row in rows {
            let id: Int64 = row["id"]
            let state = try TicketStore.decodeState(row["state"], ticket: id)
            try updateVPC(db, id: id, state.values[.vpcID]?.first?.canonical)
        }
    }

    static func updateCluster(_ db: Database, id: Int64, _ cluster: String?) throws {
        try db.cachedStatement(sql: "UPDATE ticket SET cluster_id = ? WHERE id = ?").execute(arguments: [cluster, id])
    }
}

/// A row of `setting`: the per-database values the schema creates (the Message-ID secret).
struct SettingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "setting"
    static let messageIDSecret = "message-id-secret"

    var key: String
    var value: Data

    static func value(_ db: Database, key: String) throws -> Data? {
        try fetchOne(db, key: key)?.value
    }
}
