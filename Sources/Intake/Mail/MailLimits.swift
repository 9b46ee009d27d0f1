/// The bounds intake keeps to: input beyond them is quarantined with the reason, never parsed
/// half-way or silently dropped. Every bound is generous for real mail and cheap to check.
public struct MailLimits: Sendable, Hashable {
    /// Largest message accepted, in bytes.
    public var messageSize = 32 << 20
    /// Header fields in one header block (a message's or a part's).
    public var headerFields = 1_000
    /// Bytes in one header block.
    public var headerBytes = 1 << 20
    /// Nesting of multiparts and attached messages.
    public var depth = 24
    /// MIME parts in one message, counting every level.
    public var parts = 1_000
    /// The desk's own addresses (`--support-address`, `$PEERDESK_SUPPORT_ADDRESS`): mail that a
    /// group of ours relays (Google Groups adds `List-Id` and `Precedence: list`) is a customer's
    /// message, not list mail. Not a limit, but read with them: how intake reads a message.
    public var supportAddresses: [String] = []

    public init() {}

    public static let standard = MailLimits()
}

/// Why a message could not be read: over a limit, or beyond repair. The description is the
/// reason a quarantine record keeps.
public enum IntakeError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(size: Int, limit: Int)
    case tooManyHeaderFields(limit: Int)
    case headerTooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)
    case empty
    case notAMessage(String)

    public var description: String {
        switch self {
        case .tooLarge(let size, let limit):
            return "the message is \(size) bytes, over the \(limit)-byte limit"
        case .tooManyHeaderFields(let limit):
            return "a header block has more than \(limit) fields"
        case .headerTooLarge(let limit):
            return "a header block is larger than \(limit) bytes"
        case .tooDeep(let limit):
            return "MIME parts are nested more than \(limit) levels deep"
        case .tooManyParts(let limit):
            return "the message has more than \(limit) MIME parts"
        case .empty:
            return "the input is empty"
        case .notAMessage(let reason):
            return "the input is not an email message: \(reason)"
        }
    }
}
