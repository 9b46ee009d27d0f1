public import Foundation
package import GRDB

/// The one SQLite file that holds the registry and the tables of the modules built on it (the
/// tickets, the web app's accounts), each module's through its own `DatabaseSchema`.
///
/// Opened as a GRDB `DatabasePool` (WAL journal, so readers never block the writer) with foreign
/// keys on and a busy timeout, so two `peerdesk` processes on the same file wait for each other
/// instead of failing. Migrations run on open: the file is created on first use. The connection is
/// Registry's own: other modules reach it only through `read`, `write` and
/// `writeWithoutTransaction`, with their own records.
public struct PeerDeskDatabase: Sendable {
    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    let writer: any DatabaseWriter

    init(writer: any DatabaseWriter, schemas: [DatabaseSchema]) throws(RegistryError) {
        self.writer = writer
        do {
            try Self.migrator(schemas).migrate(writer)
        } catch {
            throw RegistryError.migrationFailed(reason: RegistryError.describe(error))
        }
    }

    /// Opens (and creates on first use) the database file at `path`, with the registry's tables
    /// and those of `schemas` (migrated in the order given, after the registry's).
    public static func open(path: String, schemas: [DatabaseSchema] = []) throws(RegistryError) -> PeerDeskDatabase {
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
        return try PeerDeskDatabase(writer: pool, schemas: schemas)
    }

    /// A private in-memory database, migrated and empty: one per test.
    public static func makeInMemory(schemas: [DatabaseSchema] = []) throws(RegistryError) -> PeerDeskDatabase {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: makeConfiguration())
        } catch {
            throw RegistryError.cannotOpen(path: ":memory:", reason: RegistryError.describe(error))
        }
        return try PeerDeskDatabase(writer: queue, schemas: schemas)
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
            return try writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        } catch {
            throw RegistryError.sqlite(RegistryError.describe(error))
        }
    }

    // MARK: - Access for the modules built on the database

    /// A read transaction (a snapshot).
    package func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// A read that may run inside another access (the queue's chunked walk).
    package func unsafeReentrantRead<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.unsafeReentrantRead(body)
    }

    /// A write in one transaction.
    package func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Writes that choose their own transactions (`BEGIN IMMEDIATE` for guarded steps).
    package func writeWithoutTransaction<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(body)
    }
}

/// A module's own tables: named migrations, run after the registry's when the database opens.
/// A migration, once released, is never edited or renamed: add a new one.
public struct DatabaseSchema: Sendable {
    package struct Migration: Sendable {
        package let name: String
        package let migrate: @Sendable (Database) throws -> Void

        package init(_ name: String, migrate: @escaping @Sendable (Database) throws -> Void) {
            self.name = name
            self.migrate = migrate
        }
    }

    package let migrations: [Migration]

    package init(_ migrations: [Migration]) {
        self.migrations = migrations
    }
}
