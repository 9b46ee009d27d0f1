import GRDB
import Registry
import Synchronization

/// The registry snapshot of the last read, kept while the registry's generation is unchanged:
/// triggers on every registry table bump the `registry-generation` setting
/// (`v7-ticket-queue-counts`), so a read that finds the generation it cached reads one row, not
/// the whole registry (the web's queue asks on every request). Whatever process changes the
/// registry, the triggers run in its transaction.
final class RegistryCache: Sendable {
    static let generationKey = "registry-generation"
    static let tables = ["organization", "organization_domain", "cluster", "cluster_cidr", "peering", "peering_cidr"]

    private let cached = Mutex<(generation: Int64, snapshot: RegistrySnapshot)?>(nil)

    /// The registry as `db` sees it (inside the caller's read or write).
    func snapshot(_ db: Database) throws -> RegistrySnapshot {
        let generation =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM setting WHERE key = '\(Self.generationKey)'")
            ) ?? 0
        if let hit = cached.withLock({ $0 }), hit.generation == generation { return hit.snapshot }
        let snapshot = try RegistrySnapshot.fetch(db)
        cached.withLock { $0 = (generation, snapshot) }
        return snapshot
    }

    /// The triggers that bump the generation (part of `v7-ticket-queue-counts`).
    static func createTriggers(_ db: Database) throws {
        for table in tables {
            for change in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER registry_generation_on_\(table)_\(change.lowercased()) AFTER \(change) ON \(table)
                        BEGIN
                            INSERT INTO setting (key, value) VALUES ('\(generationKey)', 1)
                                ON CONFLICT (key) DO UPDATE SET value = value + 1;
                        END;
                        """
                )
            }
        }
    }
}
