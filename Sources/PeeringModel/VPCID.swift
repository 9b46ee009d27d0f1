/// A VPC ID: `vpc-` + 8 or 17 hex digits; upper case is normalized to lower (`VPC-0ABC…`).
///
/// Another resource's ID pasted instead (a subnet, a security group, a route table, a peering
/// connection…) is named as such in the error.
public struct VPCID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The canonical, lower-case ID.
    public let rawValue: String

    static let advice = "the VPC ID is in the VPC console's \"Your VPCs\" list, such as vpc-0abc123def4567890"

    /// Parses a VPC ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(text, prefix: "vpc-", kind: .vpcID, advice: Self.advice)
    }

    /// `nil` unless `rawValue` is a VPC ID in canonical (lower-case) form.
    public init?(rawValue: String) {
        guard let parsed = try? VPCID(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    /// The canonical ID.
    public var description: String { rawValue }

    public static func < (lhs: VPCID, rhs: VPCID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes a string through `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        self = try StringCoding.decode(decoder) { text throws(ValueError) in try VPCID(parsing: text) }
    }

    /// Encodes the canonical ID as one string.
    public func encode(to encoder: any Encoder) throws {
        try StringCoding.encode(self, to: encoder)
    }
}
