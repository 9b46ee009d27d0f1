/// What kind of value a `ValueError` is about; the raw value is the name a customer knows.
public enum ValueKind: String, Sendable, Hashable, CaseIterable {
    case accountID = "AWS account ID"
    case region = "AWS region"
    case vpcID = "VPC ID"
    case peeringID = "VPC peering ID"
    case clusterID = "Astro cluster ID"
    case cidr = "CIDR block"
    case roleARN = "PeerRole ARN"
}

/// Why a value was refused: a typed reason, and a message a support engineer can act on (and
/// reuse in a reply) that names the offending value and what to do.
public struct ValueError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case empty
        /// The value has `actual` significant characters (digits, hex digits…) where `expected` were due.
        case wrongLength(expected: String, actual: Int)
        case invalidCharacter(Character)
        case missingPrefix(String)
        /// Another kind of AWS identifier (a subnet ID where a VPC ID belongs, say).
        case otherResource(String)
        case upperCase
        // Regions
        case unknownRegion
        case unsupportedPartition(String)
        // Addresses and CIDRs
        case ipv6CIDR
        case missingPrefixLength
        case prefixOutOfRange
        case leadingZeroOctet
        case octetOutOfRange
        case malformedAddress
        // ARNs
        case notAnARN
        case notARole
        case cloudFormationStackARN
        case assumedRoleARN
        case userARN
        case roleNameInvalid
        case rolePathInvalid
        case tooLong(limit: Int)
    }

    public let kind: ValueKind
    /// The value as given, with control characters replaced and cut to 80 characters.
    public let input: String
    public let reason: Reason
    /// The full sentence: what is wrong with the value, and where the right one is found.
    public let message: String

    public var description: String { message }

    init(_ kind: ValueKind, _ input: some StringProtocol, _ reason: Reason, _ detail: String) {
        self.kind = kind
        self.input = Self.displayable(input)
        self.reason = reason
        let shown = self.input.isEmpty ? "the \(kind.rawValue)" : "\"\(self.input)\""
        self.message = "\(shown) \(detail)"
    }

    /// Control characters become `?` and long values are cut: a message never carries a
    /// terminal escape sequence or a whole pasted email.
    public static func displayable(_ text: some StringProtocol) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 80 {
                result += "…"
                break
            }
            let isControl =
                scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}"
            result.unicodeScalars.append(isControl ? "?" : scalar)
            count += 1
        }
        return result
    }
}
