/// The ARN of an IAM role: `arn:<partition>:iam::<12-digit account>:role/<path/><name>`.
///
/// IAM's limits apply: the name is 1–64 of `[A-Za-z0-9_+=,.@-]`, the path at most 512 printable
/// ASCII characters beginning and ending in `/`, the ARN at most 2048 characters. The ARNs that
/// customers paste instead of the PeerRole output — the CloudFormation stack's own ARN, an STS
/// assumed-role ARN, an IAM user ARN — are recognized and named.
public struct RoleARN: Hashable, Sendable, Codable, CustomStringConvertible {
    public let partition: Partition
    public let accountID: AccountID
    /// "/" when the role has no path, else "/a/b/".
    public let path: String
    public let name: String

    public static let maximumLength = 2048
    public static let maximumNameLength = 64
    public static let maximumPathLength = 512

    static let advice = "the PeerRole ARN is on the Outputs tab of the astro-peering-role stack"

    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.roleARN, text, .empty, "is empty") }
        guard bytes.count <= Self.maximumLength else {
            throw ValueError(
                .roleARN,
                text,
                .tooLong(limit: Self.maximumLength),
                "is longer than an ARN can be (2048 characters)"
            )
        }
        // arn:partition:service:region:account:resource — the resource may itself contain ':'.
        let parts = bytes.split(separator: 0x3A, maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].elementsEqual("arn".utf8) else {
            throw ValueError(
                .roleARN,
                text,
                .notAnARN,
                "is not an ARN; \(Self.advice), such as arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C"
            )
        }
        let partition = String(decoding: parts[1], as: UTF8.self)
        let service = String(decoding: parts[2], as: UTF8.self)
        let region = parts[3]
        let account = parts[4]
        let resource = parts[5]

        if service == "cloudformation", resource.starts(with: "stack/".utf8) {
            throw ValueError(
                .roleARN,
                text,
                .cloudFormationStackARN,
                "is the CloudFormation stack's ID, not the role; \(Self.advice) (PeerRoleArn), not in the Stack info"
            )
        }
        if service == "sts", resource.starts(with: "assumed-role/".utf8) {
            throw ValueError(
                .roleARN,
                text,
                .assumedRoleARN,
                "is an STS session (assumed-role) ARN, not the role's ARN; \(Self.advice)"
            )
        }
        if service == "iam", resource.starts(with: "user/".utf8) {
            throw ValueError(.roleARN, text, .userARN, "is an IAM user's ARN, not a role's; \(Self.advice)")
        }
        guard service == "iam", region.isEmpty, resource.starts(with: "role/".utf8) else {
            throw ValueError(
                .roleARN,
                text,
                .notARole,
                "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); \(Self.advice)"
            )
        }
        guard !partition.isEmpty, partition.utf8.allSatisfy({ ASCII.isLowerAlphanumeric($0) || $0 == 0x2D }) else {
            throw ValueError(.roleARN, text, .notAnARN, "has an invalid partition; \(Self.advice)")
        }
        guard account.count == 12, account.allSatisfy(ASCII.isDigit) else {
            throw ValueError(
                .roleARN,
                text,
                .wrongLength(expected: "12", actual: account.count),
                "does not have a 12-digit account ID after iam::; \(Self.advice)"
            )
        }

        // resource = "role" + path + name, where path starts and ends with "/".
        let afterRole = resource.dropFirst("role".count)  // starts with "/"
        guard let lastSlash = afterRole.lastIndex(of: 0x2F) else {
            throw ValueError(.roleARN, text, .roleNameInvalid, "has no role name; \(Self.advice)")
        }
        let pathBytes = afterRole[afterRole.startIndex...lastSlash]
        let nameBytes = afterRole[(lastSlash + 1)...]
        guard !nameBytes.isEmpty else {
            throw ValueError(.roleARN, text, .roleNameInvalid, "has no role name after the last /; \(Self.advice)")
        }
        guard nameBytes.count <= Self.maximumNameLength else {
            throw ValueError(.roleARN, text, .roleNameInvalid, "has a role name longer than IAM allows (64 characters)")
        }
        if let bad = nameBytes.first(where: { !Self.isNameByte($0) }) {
            throw ValueError(
                .roleARN,
                text,
                .roleNameInvalid,
                "has \(Self.describe(bad)) in the role name, which IAM does not allow; copy the ARN again from the stack's Outputs tab"
            )
        }
        guard pathBytes.count <= Self.maximumPathLength else {
            throw ValueError(
                .roleARN,
                text,
                .rolePathInvalid,
                "has a role path longer than IAM allows (512 characters)"
            )
        }
        // IAM: a path is "/" or "/" + printable ASCII + "/"; both slashes hold by construction.
        guard pathBytes.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw ValueError(.roleARN, text, .rolePathInvalid, "has an invalid role path; \(Self.advice)")
        }

        self.partition = Partition(rawValue: partition)
        self.accountID = try AccountID(parsing: String(decoding: account, as: UTF8.self))
        self.path = String(decoding: pathBytes, as: UTF8.self)
        self.name = String(decoding: nameBytes, as: UTF8.self)
    }

    /// The canonical ARN.
    public var description: String { "arn:\(partition.rawValue):iam::\(accountID.rawValue):role\(path)\(name)" }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || "_+=,.@-".utf8.contains(byte)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte <= 0x7E { return "'\(Character(Unicode.Scalar(byte)))'" }
        return byte < 0x80 ? "a space or control character" : "a non-ASCII character"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try RoleARN(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
