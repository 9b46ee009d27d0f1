/// A VPC peering connection ID: `pcx-` + 8 or 17 hex digits; upper case is normalized to lower.
///
/// Another resource's ID pasted instead (most often the VPC ID) is named as such in the error.
public struct PeeringID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The canonical, lower-case ID.
    public let rawValue: String

    static let advice =
        "the peering ID is on the VPC console's \"Peering connections\" page, such as pcx-0abc123def4567890"

    /// Parses a VPC peering ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(text, prefix: "pcx-", kind: .peeringID, advice: Self.advice)
    }

    /// `nil` unless `rawValue` is a VPC peering ID in canonical (lower-case) form.
    public init?(rawValue: String) {
        guard let parsed = try? PeeringID(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    /// The canonical ID.
    public var description: String { rawValue }

    public static func < (lhs: PeeringID, rhs: PeeringID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes a string through `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(ValueError) in try PeeringID(parsing: text) }
    }

    /// Encodes the canonical ID as one string.
    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(self, to: encoder)
    }
}
