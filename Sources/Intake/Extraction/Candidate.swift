public import PeeringModel

/// One value intake found for one of the six details, with where it came from and what became
/// of it.
public struct Candidate: Sendable, Hashable, Codable {
    public enum Rule: Sendable, Hashable, Codable {
        /// Found after a label, written as here (normalized: lower case, single spaces).
        case label(String)
        /// Found by its shape (`vpc-…`, `arn:aws:iam::…`, a CIDR, a cuid, a region code).
        case shape
    }

    public enum Verdict: String, Sendable, Hashable, Codable {
        case chosen
        /// A labeled value of the same field won over this unlabeled one.
        case lostToLabel = "lost-to-label"
        /// In quoted reply history or a forwarded message; used only when nothing else was found.
        case quoted
        /// In a signature; used only when nothing else was found.
        case signature
        /// Looks like the field but is not the customer's value (a URL parameter, Peer Owner IDs).
        case decoy
        /// Labeled as the field but not a valid value; `reason` says why.
        case invalid
        /// The same value found again.
        case duplicate
        /// One of two or more different values for a field that takes one.
        case conflicting
    }

    public var field: RequestField
    /// The canonical value (or the text as written when invalid).
    public var value: String
    /// As written, after copy-paste clean-up; at most 200 characters.
    public var raw: String
    public var part: Int
    /// The `TextSource` name.
    public var source: String
    /// 1-based line within the source.
    public var line: Int
    public var rule: Rule
    public var verdict: Verdict
    /// Why the candidate was refused (`invalid`, `decoy`), or how a chosen value was arrived at
    /// when that is not plain (an account taken from the PeerRole ARN); `inspect` shows it.
    public var reason: String?
}

/// What extraction found: every candidate and, per field, the values chosen.
public struct Extraction: Sendable {
    /// Every candidate, in source and line order.
    public var candidates: [Candidate]
    /// The chosen values per field: several CIDRs; otherwise one value, or two or more when they
    /// conflict.
    public var values: [RequestField: [String]]
    /// Fields given two or more different values by candidates of equal standing.
    public var conflicts: [RequestField: [String]]
    /// Labeled values that are not valid, for fields with no valid value (for invalid-* findings).
    public var invalid: [RequestField: [String]]
    /// Values not read because their field already had `FieldExtractor.candidatesPerField`.
    public var omitted = 0
    /// Fields whose values come only from quoted history, a forwarded message or a signature:
    /// the customer's new text gave none.
    public var fromHistory: Set<RequestField> = []
    /// Fields not given but derived from another (the account ID read off the PeerRole ARN).
    public var derived: Set<RequestField> = []
}
