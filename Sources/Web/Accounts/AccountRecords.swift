import Foundation
import GRDB

/// A row of `web_user`: a staff account (bcrypt password hash, never the password).
struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "web_user"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let passwordHash = Column(CodingKeys.passwordHash)
    }

    var id: Int64?
    var name: String
    var passwordHash: String
    var isAdmin: Bool
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case passwordHash = "password_hash"
        case isAdmin = "is_admin"
        case createdAt = "created_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var user: User { User(id: id ?? 0, name: name, isAdmin: isAdmin, createdAt: createdAt) }

    static func named(_ db: Database, _ name: String) throws -> UserRecord? {
        try filter(Columns.name.collating(.nocase) == name).fetchOne(db)
    }
}

/// A row of `web_session`: the SHA-256 of a session ID, its user, and when it was last used.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "web_session"

    enum Columns {
        static let idHash = Column(CodingKeys.idHash)
        static let userID = Column(CodingKeys.userID)
        static let lastSeenAt = Column(CodingKeys.lastSeenAt)
    }

    var idHash: Data
    var userID: Int64
    var createdAt: Date
    var lastSeenAt: Date

    enum CodingKeys: String, CodingKey {
        case idHash = "id_hash"
        case userID = "user_id"
        case createdAt = "created_at"
        case lastSeenAt = "last_seen_at"
    }
}

/// A row of `api_token`: a named token's SHA-256, its user, when it was made and last used.
struct TokenRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "api_token"

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let lastUsedAt = Column(CodingKeys.lastUsedAt)
    }

    var id: Int64?
    var name: String
    var tokenHash: Data
    var userID: Int64
    var createdAt: Date
    var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name
        case tokenHash = "token_hash"
        case userID = "user_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `login_failure`: a refused sign-in, by the name tried and the client's address.
struct LoginFailureRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "login_failure"

    enum Columns {
        static let username = Column(CodingKeys.username)
        static let address = Column(CodingKeys.address)
        static let at = Column(CodingKeys.at)
    }

    var id: Int64?
    var username: String
    var address: String
    var at: Date

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
