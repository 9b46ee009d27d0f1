/// Why a value was refused: a typed reason, and a message a support engineer can act on (and
/// reuse in a reply) that names the offending value and what to do.
public struct ValueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule the value broke. Callers branch on it; the message explains it.
    public enum Reason: Hashable, Sendable {
        /// Nothing but white space.
        case empty
        /// `actual` significant characters (digits, hex digits, characters) where `expected` were due.
        case wrongLength(expected: String, actual: Int)
        /// A character the value cannot contain (the first one found).
        case invalidCharacter(Character)
        /// The value does not start with the prefix its kind has ("vpc-", "c").
        case missingPrefix(String)
        /// Another kind of AWS identifier, named by its prefix ("subnet-" where a VPC ID belongs).
        case otherResource(String)
        /// Upper-case letters in a value that is always lower case (a cluster ID).
        case upperCase

        // Regions
        /// Neither a region code nor a console name.
        case unknownRegion
        /// A short name several regions share; the codes it could mean.
        case ambiguousRegion([String])
        /// A region outside the commercial partition; the partition's raw value ("aws-us-gov").
        case unsupportedPartition(String)

        // Addresses and CIDR blocks
        /// An IPv6 address or block.
        case ipv6CIDR
        /// An address without `/n`.
        case missingPrefixLength
        /// Something after the `/` that is not a prefix length: empty, not digits, a leading zero.
        case malformedPrefixLength
        /// A prefix length above 32.
        case prefixOutOfRange
        /// An octet written with a leading zero ("010"), which some tools read as octal.
        case leadingZeroOctet
        /// An octet above 255.
        case octetOutOfRange
        /// Not four dot-separated decimal numbers.
        case malformedAddress

        // ARNs
        /// Not of the form `arn:partition:service:region:account:resource`.
        case notAnARN
        /// The partition is not one AWS has; the partition as written.
        case unknownPartition(String)
        /// An ARN of another service than IAM; the service as written.
        case wrongService(String)
        /// An IAM ARN with a region (IAM ARNs have none).
        case unexpectedRegion
        /// The account ID field of the ARN is empty.
        case missingAccount
        /// An IAM ARN for something else than a role (a policy, a group…).
        case notARole
        /// The ARN of the CloudFormation stack that created the role, not the role's.
        case cloudFormationStackARN
        /// The ARN of an STS session of the role, not the role's.
        case assumedRoleARN
        /// The ARN of an IAM user.
        case userARN
        /// The role name is empty or has a character IAM does not allow.
        case roleNameInvalid
        /// The role name is longer than IAM's 64 characters.
        case roleNameTooLong
        /// The role path has a character IAM does not allow or is not of the form `/…/`.
        case rolePathInvalid
        /// The role path is longer than IAM's 512 characters.
        case rolePathTooLong
        /// The whole value is longer than `limit` characters.
        case tooLong(limit: Int)
    }

    public let kind: ValueKind
    /// The value as given, made safe to show: control characters replaced, cut after 80 characters.
    public let input: String
    public let reason: Reason
    /// The full sentence: what is wrong with the value, and where the right one is found.
    public let message: String

    public var description: String { message }

    /// An error whose message is the trimmed value, quoted, followed by `detail`
    /// (`"vpc-123" has 3 hex digits…`), or "the <kind>" followed by `detail` when the value is blank.
    init(_ kind: ValueKind, _ input: some StringProtocol, _ reason: Reason, _ detail: String) {
        self.kind = kind
        self.input = Self.displayable(input)
        self.reason = reason
        let shown = Self.displayable(ASCII.trimmed(input))
        self.message = "\(shown.isEmpty ? "the \(kind.rawValue)" : "\"\(shown)\"") \(detail)"
    }

    /// `text` made safe for a message: control characters and bidirectional overrides become `?`,
    /// and text past 80 characters is cut and marked with `…`, so a message never carries a
    /// terminal escape sequence or a whole pasted email.
    public static func displayable(_ text: some StringProtocol) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 80 {
                result += "…"
                break
            }
            result.unicodeScalars.append(isUnsafe(scalar) ? "?" : scalar)
            count += 1
        }
        return result
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
