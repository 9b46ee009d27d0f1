import GRDB

/// A failure to reach or use the database. Descriptions name the file, never row data.
public enum RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    case sqlite(String)
    /// A stored row no longer parses: the file was edited by hand or by a newer PeerDesk.
    case corruptRow(table: String, id: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the PeerDesk database \(path): \(reason)"
        case .migrationFailed(let reason):
            return "cannot update the database schema: \(reason)"
        case .sqlite(let message):
            return "database error: \(message)"
        case .corruptRow(let table, let id, let reason):
            return "the \(table) row \(id) in the database is not valid (\(reason)); re-import the registry"
        }
    }

    /// GRDB's descriptions omit statement arguments, so they never leak customer data.
    static func describe(_ error: any Error) -> String {
        if let error = error as? RegistryError { return error.description }
        if let error = error as? DatabaseError {
            return error.message ?? error.description
        }
        return String(describing: error)
    }
}
