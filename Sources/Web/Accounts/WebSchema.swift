import Foundation
import GRDB
public import Registry

extension Accounts {
    /// The web app's tables (accounts, sessions, API tokens, failed sign-ins), migrated after the
    /// desk's when the database opens. A migration, once released, is never edited: add a new one.
    public static let schema = DatabaseSchema([
        .init("web-v1-accounts", migrate: createTables)
    ])

    private static func createTables(_ db: Database) throws {
        try db.create(table: UserRecord.databaseTableName) { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("name", .text).notNull().unique().collate(.nocase)
            table.column("password_hash", .text).notNull()
            table.column("is_admin", .boolean).notNull().defaults(to: false)
            table.column("created_at", .datetime).notNull()
        }
        // Only the SHA-256 of a session ID is stored: a copy of the database signs nobody in.
        try db.create(table: SessionRecord.databaseTableName) { table in
            table.primaryKey("id_hash", .blob)
            table.column("user_id", .integer).notNull()
                .references(UserRecord.databaseTableName, onDelete: .cascade)
            table.column("created_at", .datetime).notNull()
            table.column("last_seen_at", .datetime).notNull()
        }
        try db.create(table: TokenRecord.databaseTableName) { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("name", .text).notNull().unique().collate(.nocase)
            table.column("token_hash", .blob).notNull().unique()
            table.column("user_id", .integer).notNull()
                .references(UserRecord.databaseTableName, onDelete: .cascade)
            table.column("created_at", .datetime).notNull()
            table.column("last_used_at", .datetime)
        }
        try db.create(table: LoginFailureRecord.databaseTableName) { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("username", .text).notNull()
            table.column("address", .text).notNull()
            table.column("at", .datetime).notNull()
        }
        try db.create(
            index: "login_failure_on_username_address",
            on: LoginFailureRecord.databaseTableName,
            columns: ["username", "address", "at"]
        )
    }
}
