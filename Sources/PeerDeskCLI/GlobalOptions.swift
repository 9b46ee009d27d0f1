import ArgumentParser
import Foundation
import Intake
import Registry
import Runbook
import Web

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    static let defaultDatabasePath = "./peerdesk.sqlite"

    /// The tables of every module the commands use, migrated on open.
    static let schemas = [TicketStore.schema, Accounts.schema]

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
        if let path = Environment.value("PEERDESK_DB"), !path.isEmpty { return path }
        return Self.defaultDatabasePath
    }

    /// Whether a command may create the database: only `registry import` and `ingest` do, so a
    /// mistyped --db is an error instead of an empty desk.
    enum Creation {
        case createIfMissing
        case mustExist
    }

    /// The tickets (and the registry) of the database.
    func openStore(_ creation: Creation = .mustExist) throws(CLIError) -> TicketStore {
        TicketStore(database: try openDatabase(creation))
    }

    func openDatabase(_ creation: Creation = .mustExist) throws(CLIError) -> PeerDeskDatabase {
        let path = databasePath
        if creation == .mustExist, !FileManager.default.fileExists(atPath: path) {
            throw CLIError(
                message: "no database at \(path); create one with `peerdesk registry import FILE...` "
                    + "(or name the right one with --db PATH or $PEERDESK_DB)"
            )
        }
        do {
            return try PeerDeskDatabase.open(path: databasePath, schemas: Self.schemas)
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

/// The desk's own addresses, for mail a group of ours relays.
struct SupportAddressOption: ParsableArguments {
    @Option(
        name: .customLong("support-address"),
        help: ArgumentHelp(
            "Our support address (repeatable; default: $PEERDESK_SUPPORT_ADDRESS, comma-separated): mail relayed "
                + "by a group with this address (List-Id, Precedence: list) is a customer's, not list mail.",
            valueName: "address"
        )
    )
    var addresses: [String] = []

    var supportAddresses: [String] {
        if !addresses.isEmpty { return addresses }
        let environment = Environment.value("PEERDESK_SUPPORT_ADDRESS") ?? ""
        return environment.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Intake's limits with these addresses.
    func limits(_ base: MailLimits = .standard) -> MailLimits {
        var limits = base
        limits.supportAddresses = supportAddresses
        return limits
    }
}

/// Options for reading form and help-desk exports.
struct ExportOptions: ParsableArguments {
    @Option(
        name: .customLong("field-map"),
        help: ArgumentHelp(
            "A JSON file mapping export columns or custom-field ids to fields, e.g. {\"360001\": \"aws_account_id\"}.",
            valueName: "file"
        )
    )
    var fieldMapPath: String?

    func loadFieldMap() throws(CLIError) -> FieldMap {
        guard let fieldMapPath else { return .empty }
        do {
            return try FieldMap.load(path: fieldMapPath)
        } catch {
            throw CLIError(message: error.description)
        }
    }
}
