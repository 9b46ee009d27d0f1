import Foundation
import GRDB

extension PeerDeskDatabase {
    /// Versioned schema changes: the registry's, then each schema's. A migration, once released,
    /// is never edited: add a new one.
    static func migrator(_ schemas: [DatabaseSchema]) -> DatabaseMigrator {
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
        // A database made before it (with the schemas' migrations applied) gets it on open.
        migrator.registerMigration("v3-registry-cluster-aws-profile") { db in
            try db.alter(table: ClusterRecord.databaseTableName) { table in
                table.add(column: "aws_profile", .text)
            }
        }
        for schema in schemas {
            for migration in schema.migrations {
                migrator.registerMigration(migration.name, migrate: migration.migrate)
            }
        }
        return migrator
    }
}
