import Foundation
import GRDB
public import Registry

extension TicketStore {
    /// The desk's tables, migrated after the registry's when the database opens. A migration,
    /// once released, is never edited: add a new one.
    public static let schema = DatabaseSchema([
        .init("v2-tickets", migrate: createTicketTables),
        .init("v3-message-search", migrate: MessageSearchRecord.createTable),
        .init("v4-ticket-vpc", migrate: TicketRecord.addVPCColumn),
        .init("v5-message-external-id", migrate: MessageRecord.addExternalIDColumn),
        .init("v6-ticket-queue", migrate: QueueRecord.createTable),
        .init("v7-ticket-queue-counts", migrate: QueueRecord.addCountsAndFindingColumns),
        .init("v8-ticket-queue-filter-indexes", migrate: QueueRecord.addFilterIndexes),
        .init("v9-message-search-ticket", migrate: MessageSearchRecord.addTicketTable),
    ])

    /// A private in-memory desk, migrated and empty: one per test.
    public static func makeInMemory(schemas: [DatabaseSchema] = []) throws(RunbookError) -> TicketStore {
        do {
            return TicketStore(database: try PeerDeskDatabase.makeInMemory(schemas: [schema] + schemas))
        } catch {
            throw RunbookError.database(error.description)
        }
    }

    private static func createTicketTables(_ db: Database) throws {
        try db.create(table: "setting") { table in
            table.primaryKey("key", .text)
            table.column("value", .blob).notNull()
        }
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('message-id-secret', ?)", arguments: [secret])
        try db.create(table: "ticket") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("created_at", .datetime).notNull()
            table.column("requester_email", .text)
            table.column("requester_name", .text)
            table.column("subject", .text)
            table.column("cluster_id", .text)
            // The request as the ticket holds it now (JSON): values with provenance, findings.
            table.column("state", .blob).notNull()
        }
        try db.create(table: "message") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("ticket_id", .integer).references("ticket")
            table.column("direction", .text).notNull().check(sql: "direction IN ('in', 'out')")
            table.column("outcome", .text).notNull()
            table.column("message_id", .text)
            table.column("content_hash", .blob).notNull()
            table.column("source_kind", .text).notNull()
            table.column("source_path", .text).notNull()
            table.column("source_index", .integer)
            table.column("sender", .text)
            table.column("subject", .text)
            table.column("received_at", .datetime)
            table.column("stored_at", .datetime).notNull()
            table.column("auto_reason", .text)
            table.column("delivery_failure", .text)
            table.column("raw", .blob).notNull()
        }
        try db.create(index: "message_on_message_id", on: "message", columns: ["message_id"], unique: true)
        // Only inputs without a Message-ID are told apart by their bytes.
        try db.create(
            index: "message_on_content_hash",
            on: "message",
            columns: ["content_hash"],
            condition: Column("message_id") == nil
        )
        try db.create(index: "message_on_ticket", on: "message", columns: ["ticket_id"])
        try db.create(table: "event") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("ticket_id", .integer).notNull().references("ticket")
            table.column("at", .datetime).notNull()
            table.column("actor", .text).notNull()
            table.column("kind", .text).notNull()
            table.column("step", .text)
            table.column("field", .text)
            table.column("old_value", .text)
            table.column("new_value", .text)
            table.column("message_row", .integer).references("message")
            table.column("note", .text)
        }
        try db.create(index: "event_on_ticket", on: "event", columns: ["ticket_id"])
        try db.create(table: "quarantine") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("content_hash", .blob).notNull().unique()
            table.column("source_kind", .text).notNull()
            table.column("source_path", .text).notNull()
            table.column("source_index", .integer)
            table.column("reason", .text).notNull()
            table.column("raw", .blob).notNull()
            table.column("quarantined_at", .datetime).notNull()
            table.column("released_at", .datetime)
            table.column("ticket_id", .integer).references("ticket")
        }
    }
}
