/// Parsing shared by AWS resource IDs of the form `prefix-` + 8 or 17 hex digits.
enum ResourceID {
    /// Other resource prefixes a customer pastes by mistake, with the name to tell them.
    static let knownPrefixes: [(prefix: String, name: String)] = [
        ("vpc-", "a VPC ID"), ("pcx-", "a VPC peering ID"), ("subnet-", "a subnet ID"),
        ("sg-", "a security group ID"), ("rtb-", "a route table ID"), ("igw-", "an internet gateway ID"),
        ("nat-", "a NAT gateway ID"), ("eni-", "a network interface ID"), ("tgw-", "a transit gateway ID"),
        ("acl-", "a network ACL ID"), ("vpce-", "a VPC endpoint ID"), ("i-", "an EC2 instance ID"),
    ]

    /// The canonical lower-case ID, or a reason. `prefix` is lower case with its dash ("vpc-").
    static func parse(
        _ text: some StringProtocol,
        prefix: String,
        kind: ValueKind,
        advice: String
    ) throws(ValueError)
        -> String
    {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(kind, text, .empty, "is empty") }
        let lowered = bytes.map(ASCII.lowercased)
        let prefixBytes = Array(prefix.utf8)
        guard lowered.starts(with: prefixBytes) else {
            for other in knownPrefixes where other.prefix != prefix && lowered.starts(with: Array(other.prefix.utf8)) {
                throw ValueError(
                    kind,
                    text,
                    .otherResource(other.prefix),
                    "is \(other.name), not \(article(kind)) \(kind.rawValue); \(advice)"
                )
            }
            throw ValueError(kind, text, .missingPrefix(prefix), "does not start with \(prefix); \(advice)")
        }
        let digits = lowered.dropFirst(prefixBytes.count)
        if let bad = digits.first(where: { !ASCII.isLowerHex($0) }) {
            throw ValueError(
                kind,
                text,
                .invalidCharacter(Character(Unicode.Scalar(bad))),
                "has a character that is not a hex digit after \(prefix); \(advice)"
            )
        }
        guard digits.count == 8 || digits.count == 17 else {
            throw ValueError(
                kind,
                text,
                .wrongLength(expected: "8 or 17", actual: digits.count),
                "has \(digits.count) hex digits after \(prefix); it should have 17 (or 8 for older resources)"
            )
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    private static func article(_ kind: ValueKind) -> String {
        kind == .accountID || kind == .region ? "an" : "a"
    }
}

/// A VPC ID: `vpc-` + 8 or 17 hex digits; upper case is normalized to lower.
public struct VPCID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(
            text,
            prefix: "vpc-",
            kind: .vpcID,
            advice: "the VPC ID is in the VPC console's \"Your VPCs\" list, such as vpc-0abc123def4567890"
        )
    }

    public init?(rawValue: String) {
        guard let parsed = try? VPCID(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    public var description: String { rawValue }

    public static func < (lhs: VPCID, rhs: VPCID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A VPC peering connection ID: `pcx-` + 8 or 17 hex digits; upper case is normalized to lower.
public struct PeeringID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(
            text,
            prefix: "pcx-",
            kind: .peeringID,
            advice: "the peering ID is on the VPC console's \"Peering connections\" page, such as pcx-0abc123def4567890"
        )
    }

    public init?(rawValue: String) {
        guard let parsed = try? PeeringID(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    public var description: String { rawValue }

    public static func < (lhs: PeeringID, rhs: PeeringID) -> Bool { lhs.rawValue < rhs.rawValue }
}
