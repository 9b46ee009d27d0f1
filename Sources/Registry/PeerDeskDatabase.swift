public import Foundation
package import GRDB

/// The one SQLite file that holds the registry (and, as the product grows, the tickets).
///
/// Opened as a GRDB `DatabasePool` (WAL journal, so readers never block the writer) with foreign
/// keys on and a busy timeout, so two `peerdesk` processes on the same file wait for each other
/// instead of failing. Migrations run on open: the file is created on first use.
public struct PeerDeskDatabase: Sendable {
    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    package let writer: any DatabaseWriter

    package init(writer: any DatabaseWriter) throws(RegistryError) {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw RegistryError.migrationFailed(reason: RegistryError.describe(error))
        }
    }

    /// Opens (and creates on first use) the database file at `path`.
    public static func open(path: String) throws(RegistryError) -> PeerDeskDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw RegistryError.cannotOpen(path: path, reason: "the folder \(directory) does not exist")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: makeConfiguration())
        } catch {
            throw RegistryError.cannotOpen(path: path, reason: RegistryError.describe(error))
        }
        return try PeerDeskDatabase(writer: pool)
    }

    /// A private in-memory database, migrated and empty: one per test.
    public static func makeInMemory() throws(RegistryError) -> PeerDeskDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: makeConfiguration())
        } catch {
            throw RegistryError.cannotOpen(path: ":memory:", reason: RegistryError.describe(error))
        }
        return try PeerDeskDatabase(writer: queue)
    }

    private static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "PeerDesk"
        // In WAL mode NORMAL still never corrupts the file and keeps every committed
        // transaction when a process is killed; only a power cut may lose the latest ones.
        // It saves an fsync per transaction (one per ingest batch).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// The names of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws(RegistryError) -> [String] {
        do {
            return try writer.read { db in try Self.migrator.appliedMigrations(db) }
        } catch {
            throw RegistryError.sqlite(RegistryError.describe(error))
        }
    }
}
