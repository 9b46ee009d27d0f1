import Foundation
import GRDB

/// Which tickets a load reads: the queries of `TicketStore` over the ticket table and the rows
/// that belong to its tickets.
enum TicketSelection {
    case all
    case one(Int64)
    /// `after < id <= upTo`: one chunk of a walk over the desk.
    case range(after: Int64, upTo: Int64)

    /// The same selection on a column that holds a ticket's id.
    func filter(_ column: Column) -> SQLExpression? {
        switch self {
        case .all: nil
        case .one(let id): column == id
        case .range(let after, let upTo): column > after && column <= upTo
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
        static let state = Column(CodingKeys.state)
    }

    var id: Int64?
    var createdAt: Date
    var requesterEmail: String?
    var requesterName: String?
    var subject: String?
    var clusterID: String?
    var state: Data

    enum CodingKeys: String, CodingKey {
        case id, subject, state
        case createdAt = "created_at"
        case requesterEmail = "requester_email"
        case requesterName = "requester_name"
        case clusterID = "cluster_id"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    static func fetchAll(_ db: Database, _ selection: TicketSelection) throws -> [TicketRecord] {
        var request = all()
        if let filter = selection.filter(Columns.id) { request = request.filter(filter) }
        return try request.order(Columns.id).fetchAll(db)
    }

    static func exists(_ db: Database, id: Int64) throws -> Bool {
        try filter(key: id).isEmpty(db) == false
    }

    /// The highest ticket number, nil on an empty desk.
    static func maximumID(_ db: Database) throws -> Int64? {
        try all().select(max(Columns.id), as: Int64.self).fetchOne(db)
    }

    /// Who asked and the cluster a ticket is about, without its state (threading by subject tag).
    static func requesterAndCluster(_ db: Database, id: Int64) throws -> (requester: String?, cluster: String?)? {
        guard
            let row = try filter(key: id).select(Columns.requesterEmail, Columns.clusterID).asRequest(of: Row.self)
                .fetchOne(db)
        else { return nil }
        return (row[Columns.requesterEmail], row[Columns.clusterID])
    }

    static func state(_ db: Database, id: Int64) throws -> Data? {
        try filter(key: id).select(Columns.state, as: Data.self).fetchOne(db)
    }

    static func updateState(_ db: Database, id: Int64, _ state: Data) throws {
        try filter(key: id).updateAll(db, Columns.state.set(to: state))
    }

    static func updateCluster(_ db: Database, id: Int64, _ cluster: String?) throws {
        try filter(key: id).updateAll(db, Columns.clusterID.set(to: cluster))
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
