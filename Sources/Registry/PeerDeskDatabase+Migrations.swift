import Foundation
import GRDB

extension PeerDeskDatabase {
    /// Versioned schema changes. A migration, once released, is never edited: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.create(table: OrganizationRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
            }
            try db.create(table: OrganizationDomainRecord.databaseTableName) { table in
                table.column("organization_id", .text).notNull()
                    .references(OrganizationRecord.databaseTableName, onDelete: .cascade)
                table.column("domain", .text).notNull()
                table.column("position", .integer).notNull()
                table.primaryKey(["organization_id", "domain"])
            }
            try db.create(
                index: "organization_domain_on_domain",
                on: OrganizationDomainRecord.databaseTableName,
                columns: ["domain"]
            )
            try db.create(table: ClusterRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("organization_id", .text).notNull()
                    .references(OrganizationRecord.databaseTableName)
                table.column("name", .text).notNull()
                table.column("deployment", .text).notNull()
                    .check(sql: "deployment IN ('hosted-dedicated', 'hosted-standard', 'hybrid')")
                table.column("cloud", .text).notNull().check(sql: "cloud IN ('aws', 'gcp', 'azure')")
                table.column("region", .text).notNull()
                table.column("aws_account_id", .text)
                table.column("vpc_id", .text)
                table.column("status", .text).notNull()
                    .check(sql: "status IN ('active', 'creating', 'deleting', 'deleted')")
            }
            try db.create(
                index: "cluster_on_organization",
                on: ClusterRecord.databaseTableName,
                columns: ["organization_id"]
            )
            try db.create(table: ClusterCIDRRecord.databaseTableName) { table in
                table.column("cluster_id", .text).notNull()
                    .references(ClusterRecord.databaseTableName, onDelete: .cascade)
                table.column("cidr", .text).notNull()
                table.column("position", .integer).notNull()
                table.primaryKey(["cluster_id", "cidr"])
            }
            try db.create(table: PeeringRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("cluster_id", .text).notNull().references(ClusterRecord.databaseTableName)
                table.column("peer_account_id", .text).notNull()
                table.column("peer_vpc_id", .text).notNull()
                table.column("peer_region", .text).notNull()
                table.column("status", .text).notNull()
                    .check(sql: "status IN ('pending-acceptance', 'active', 'failed', 'rejected', 'deleted')")
            }
            try db.create(index: "peering_on_cluster", on: PeeringRecord.databaseTableName, columns: ["cluster_id"])
            try db.create(table: PeeringCIDRRecord.databaseTableName) { table in
                table.column("peering_id", .text).notNull()
                    .references(PeeringRecord.databaseTableName, onDelete: .cascade)
                table.column("cidr", .text).notNull()
                table.column("position", .integer).notNull()
                table.primaryKey(["peering_id", "cidr"])
            }
        }
        migrator.registerMigration("v2-tickets", migrate: Self.createTicketTables)
        return migrator
    }

    /// The desk: tickets, every message in and out (raw bytes kept), the append-only event log,
    /// the quarantine, and the per-database secret that signs our Message-IDs.
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
