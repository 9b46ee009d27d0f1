import ArgumentParser
import Foundation
import Registry

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    static let defaultDatabasePath = "./peerdesk.sqlite"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The PeerDesk database (default: $PEERDESK_DB, else \(defaultDatabasePath)).",
            valueName: "path"
        )
    )
    var db: String?

    /// `--db`, else `$PEERDESK_DB`, else `./peerdesk.sqlite`.
    var databasePath: String {
        if let db, !db.isEmpty { return db }
        if let path = ProcessInfo.processInfo.environment["PEERDESK_DB"], !path.isEmpty { return path }
        return Self.defaultDatabasePath
    }

    func openDatabase() throws(CLIError) -> PeerDeskDatabase {
        do {
            return try PeerDeskDatabase.open(path: databasePath)
        } catch {
            throw CLIError(message: error.description)
        }
    }
}

/// How records are printed: an aligned table for people, NDJSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

struct FormatOption: ParsableArguments {
    @Option(help: "Output format: table (for people) or json (one JSON object per line).")
    var format: OutputFormat = .table
}
