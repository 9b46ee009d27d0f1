import Foundation
public import PeeringModel

/// Why a runbook command did nothing. Every description says what to do instead.
public enum RunbookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument is not a reference: the text, and how one is written ("PD-12 (or 12)").
    case invalidReference(String, example: String)
    case noSuchTicket(Int64)
    /// The ticket changed since the version the change was asked for (`TicketStore.requiring`).
    case changedSince(ticket: Int64, latest: TicketEvent?)
    /// A step refused by its guard.
    case guardFailed(ticket: Int64, GuardFailure)
    /// A command refused for another reason (the ticket is rejected, nothing to undo, ...).
    case refused(ticket: Int64, reason: String)
    case invalidPeeringID(ValueError)
    /// `peering-requested` was asked for without the peering ID it records.
    case peeringIDRequired(ticket: Int64)
    /// The peering ID is already recorded: on another ticket, or in the registry.
    case peeringIDInUse(ticket: Int64, peeringID: String, other: PeeringHolder)
    /// A peering ID was given with a step other than `peering-requested`.
    case peeringIDNotExpected(ticket: Int64, step: RunbookStep)
    case noSuchQuarantine(Int64)
    /// A staff value that is not valid for its field.
    case invalidValue(RequestField, ValueError)
    /// A staff edit without a value.
    case noValue(RequestField)
    /// Several values for a field that takes one.
    case oneValueOnly(RequestField)
    /// A retry found the entry already released by another one.
    case quarantineReleased(Int64)
    case database(String)
    /// A record could not be encoded as JSON.
    case encoding(String)
    /// A stored row no longer reads (edited by hand or by a newer PeerDesk).
    case corruptRow(table: String, id: Int64, reason: String)

    public var description: String {
        switch self {
        case .invalidReference(let text, let example):
            return "\"\(ValueError.displayable(text))\" is not a reference: write it as \(example)"
        case .noSuchTicket(let id):
            return "there is no ticket PD-\(id) in this database"
        case .changedSince(let ticket, let latest):
            var text = "PD-\(ticket) changed since you opened it"
            if let latest {
                let what = latest.step.map { "\(latest.kind.rawValue) \($0.rawValue)" } ?? latest.kind.rawValue
                text += " (latest: \(what) by \(latest.actor) at \(Timestamp.iso8601(latest.at)))"
            }
            return text + "; nothing was changed: look at the ticket again"
        case .guardFailed(let ticket, let failure):
            return "PD-\(ticket): refused: \(failure.description); nothing was changed"
        case .refused(let ticket, let reason):
            return "PD-\(ticket): refused: \(reason); nothing was changed"
        case .invalidPeeringID(let error):
            return "the peering ID: \(error.message)"
        case .peeringIDRequired(let ticket):
            return "PD-\(ticket): refused: peering-requested records the VPC peering ID (pcx-…); nothing was changed"
        case .peeringIDInUse(let ticket, let peering, .ticket(let other)):
            return "PD-\(ticket): refused: \(peering) is already recorded on PD-\(other); nothing was changed"
        case .peeringIDInUse(let ticket, let peering, .registry(let cluster, let vpc)):
            return "PD-\(ticket): refused: \(peering) is already in the registry (cluster \(cluster), VPC \(vpc)); "
                + "nothing was changed"
        case .peeringIDNotExpected(let ticket, let step):
            return "PD-\(ticket): refused: a peering ID belongs to peering-requested, not \(step.rawValue); "
                + "nothing was changed"
        case .invalidValue(let field, let error):
            return "\(field.rawValue): \(error.message)"
        case .noValue(let field):
            return "\(field.rawValue): give a value (or clear the field)"
        case .oneValueOnly(let field):
            return "\(field.rawValue) takes one value; only vpc_cidrs takes several"
        case .noSuchQuarantine(let id):
            return "there is no quarantined input Q-\(id)"
        case .quarantineReleased(let id):
            return "Q-\(id) was already released by another retry; nothing was changed"
        case .database(let message):
            return "database error: \(message)"
        case .encoding(let message):
            return "cannot encode JSON: \(message)"
        case .corruptRow(let table, let id, let reason):
            return "the \(table) row \(id) in the database is not valid (\(reason))"
        }
    }
}

/// Where a peering ID is already recorded.
public enum PeeringHolder: Sendable, Hashable {
    case ticket(Int64)
    case registry(cluster: String, vpc: String)
}

/// A ticket reference as people write it: `PD-12`, `pd-12` or `12`.
public enum TicketReference {
    public static func parse(_ text: String) throws(RunbookError) -> Int64 {
        try ReferenceNumber.parse(text, prefix: "pd-", example: "PD-12 (or 12)")
    }

    public static func format(_ id: Int64) -> String { "PD-\(id)" }
}

/// A quarantined input as people write it: `Q-3`, `q-3` or `3`.
public enum QuarantineReference {
    public static func parse(_ text: String) throws(RunbookError) -> Int64 {
        try ReferenceNumber.parse(text, prefix: "q-", example: "Q-3 (or 3)")
    }

    public static func format(_ id: Int64) -> String { "Q-\(id)" }
}

/// A positive number, optionally after a case-insensitive prefix, with white space around.
enum ReferenceNumber {
    static func parse(_ text: String, prefix: String, example: String) throws(RunbookError) -> Int64 {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.lowercased().hasPrefix(prefix) { digits = digits.dropFirst(prefix.count) }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let id = Int64(digits), id > 0
        else { throw RunbookError.invalidReference(text, example: example) }
        return id
    }
}
