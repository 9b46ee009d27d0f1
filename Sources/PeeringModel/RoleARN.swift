/// The ARN of an IAM role: `arn:<partition>:iam::<12-digit account>:role/<path/><name>`.
///
/// IAM's limits apply: the name is 1–64 of `[A-Za-z0-9_+=,.@-]`, the path at most 512 printable
/// ASCII characters beginning and ending in `/`, the ARN at most 2048 characters; the account is
/// exactly 12 digits (no dashes inside an ARN) and the partition one AWS has. The ARNs that
/// customers paste instead of the PeerRole output — the CloudFormation stack's own ARN, an STS
/// assumed-role ARN, an IAM user ARN — are recognized and named.
public struct RoleARN: ParsedValue {
    public let partition: Partition
    public let accountID: AccountID
    /// "/" when the role has no path, else "/a/b/".
    public let path: String
    public let name: String

    /// IAM's limit on an ARN, in characters.
    public static let maximumLength = 2048
    /// IAM's limit on a role name.
    public static let maximumNameLength = 64
    /// IAM's limit on a role path, slashes included.
    public static let maximumPathLength = 512

    static let advice =
        "the PeerRole ARN is on the Outputs tab of the role's CloudFormation stack (created from "
        + "astro-peering-role.yaml), such as arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C4D"

    /// Parses a role ARN; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.roleARN, text, .empty, "is empty; \(Self.advice)") }
        guard bytes.count <= Self.maximumLength else {
            throw ValueError(
                .roleARN,
                text,
                .tooLong(limit: Self.maximumLength),
                "is \(bytes.count) characters long; an ARN has at most \(Self.maximumLength); \(Self.advice)"
            )
        }
        // arn:partition:service:region:account:resource — the resource may itself contain ':'.
        let parts = bytes.split(separator: 0x3A, maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].elementsEqual("arn".utf8) else {
            let detail =
                bytes.starts(with: "arn:".utf8)
                ? "is not a complete ARN (arn:aws:iam::<account>:role/<name>)"
                : "is not an ARN (it does not start with arn:)"
            throw ValueError(.roleARN, text, .notAnARN, "\(detail); \(Self.advice)")
        }
        let partition = ASCII.string(parts[1])
        let service = ASCII.string(parts[2])
        let (region, account, resource) = (parts[3], parts[4], parts[5])

        try Self.refuseLookalikes(text, service: service, resource: resource)
        guard Self.isKnown(partition) else {
            throw ValueError(
                .roleARN,
                text,
                .unknownPartition(partition),
                "has \"\(ValueError.displayable(partition))\" where the partition belongs (aws for the commercial "
                    + "partition); \(Self.advice)"
            )
        }
        guard service == "iam" else {
            throw ValueError(
                .roleARN,
                text,
                .wrongService(service),
                "is an ARN of the \"\(ValueError.displayable(service))\" service, not an IAM role's; \(Self.advice)"
            )
        }
        guard region.isEmpty else {
            throw ValueError(
                .roleARN,
                text,
                .unexpectedRegion,
                "has a region after iam:, but IAM ARNs have none (arn:aws:iam::<account>:role/<name>); \(Self.advice)"
            )
        }
        let accountID = try Self.parseAccount(account, text)
        if resource.elementsEqual("role".utf8) {
            throw ValueError(.roleARN, text, .roleNameInvalid, "has no role name after role/; \(Self.advice)")
        }
        guard resource.starts(with: "role/".utf8) else {
            let kind = resource.prefix { $0 != 0x2F }
            throw ValueError(
                .roleARN,
                text,
                .notARole,
                "is the ARN of an IAM \(ValueError.displayable(ASCII.string(kind))), not of a role; \(Self.advice)"
            )
        }

        // resource = "role" + path + name, where the path starts and ends with "/".
        let afterRole = resource.dropFirst("role".count)
        let lastSlash = afterRole.lastIndex(of: 0x2F) ?? afterRole.startIndex
        let pathBytes = afterRole[...lastSlash]
        let nameBytes = afterRole[(lastSlash + 1)...]
        try Self.checkName(nameBytes, text)
        try Self.checkPath(pathBytes, text)

        self.partition = Partition(rawValue: partition)
        self.accountID = accountID
        self.path = ASCII.string(pathBytes)
        self.name = ASCII.string(nameBytes)
    }

    /// Refuses the ARNs pasted instead of the role's: the stack's, an STS session's, a user's.
    private static func refuseLookalikes(
        _ text: some StringProtocol,
        service: String,
        resource: ArraySlice<UInt8>
    ) throws(ValueError) {
        if service == "cloudformation", resource.starts(with: "stack/".utf8) {
            throw ValueError(
                .roleARN,
                text,
                .cloudFormationStackARN,
                "is the stack's ID, not the role's ARN; the PeerRole ARN is on the stack's Outputs tab, "
                    + "such as arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C4D"
            )
        }
        if service == "sts", resource.starts(with: "assumed-role/".utf8) {
            let role = resource.dropFirst("assumed-role/".count).prefix { $0 != 0x2F }
            throw ValueError(
                .roleARN,
                text,
                .assumedRoleARN,
                "is the ARN of an STS session of the role \(ValueError.displayable(ASCII.string(role))), not the "
                    + "role's own ARN (arn:aws:iam::…:role/…); \(Self.advice)"
            )
        }
        if service == "iam", resource.starts(with: "user/".utf8) {
            throw ValueError(.roleARN, text, .userARN, "is an IAM user's ARN, not a role's; \(Self.advice)")
        }
    }

    private static func isKnown(_ partition: String) -> Bool {
        let known = RegionTable.standard.partitions
        guard !known.isEmpty else { return !partition.isEmpty && partition.hasPrefix("aws") }
        return known.contains(Partition(rawValue: partition))
    }

    private static func parseAccount(
        _ bytes: ArraySlice<UInt8>,
        _ text: some StringProtocol
    ) throws(ValueError) -> AccountID {
        guard !bytes.isEmpty else {
            throw ValueError(
                .roleARN,
                text,
                .missingAccount,
                "has no account ID after iam:: (arn:aws:iam::123456789012:role/<name>); \(Self.advice)"
            )
        }
        if let bad = bytes.firstIndex(where: { !ASCII.isDigit($0) }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                .roleARN,
                text,
                .invalidCharacter(character),
                "has \(ASCII.quoted(character)) in the account ID; inside an ARN the account ID is 12 digits with "
                    + "no dashes or spaces; \(Self.advice)"
            )
        }
        guard bytes.count == 12, let accountID = AccountID(rawValue: ASCII.string(bytes)) else {
            throw ValueError(
                .roleARN,
                text,
                .wrongLength(expected: "12", actual: bytes.count),
                "has an account ID of \(bytes.count) digits; an AWS account ID has 12; \(Self.advice)"
            )
        }
        return accountID
    }

    private static func checkName(_ bytes: ArraySlice<UInt8>, _ text: some StringProtocol) throws(ValueError) {
        guard !bytes.isEmpty else {
            throw ValueError(.roleARN, text, .roleNameInvalid, "has no role name after role/; \(Self.advice)")
        }
        guard bytes.count <= Self.maximumNameLength else {
            throw ValueError(
                .roleARN,
                text,
                .roleNameTooLong,
                "has a role name of \(bytes.count) characters; IAM allows at most \(Self.maximumNameLength)"
            )
        }
        if let bad = bytes.firstIndex(where: { !Self.isNameByte($0) }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                .roleARN,
                text,
                .roleNameInvalid,
                "has \(ASCII.quoted(character)) in the role name, which IAM does not allow (letters, digits and "
                    + "_+=,.@- only); copy the ARN again from the stack's Outputs tab"
            )
        }
    }

    /// IAM: a path is "/" or "/" + printable ASCII + "/"; both slashes hold by construction.
    private static func checkPath(_ bytes: ArraySlice<UInt8>, _ text: some StringProtocol) throws(ValueError) {
        guard bytes.count <= Self.maximumPathLength else {
            throw ValueError(
                .roleARN,
                text,
                .rolePathTooLong,
                "has a role path of \(bytes.count) characters; IAM allows at most \(Self.maximumPathLength)"
            )
        }
        if let bad = bytes.firstIndex(where: { $0 < 0x21 || $0 > 0x7E }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                .roleARN,
                text,
                .rolePathInvalid,
                "has \(ASCII.quoted(character)) in the role path, which IAM does not allow; copy the ARN again "
                    + "from the stack's Outputs tab"
            )
        }
        guard bytes.count != 2 else {
            throw ValueError(
                .roleARN,
                text,
                .rolePathInvalid,
                "has an empty role path segment (role//); copy the ARN again from the stack's Outputs tab"
            )
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == 0x5F || byte == 0x2B || byte == 0x3D || byte == 0x2C || byte == 0x2E
            || byte == 0x40 || byte == 0x2D
    }

    /// The canonical ARN.
    public var description: String { "arn:\(partition.rawValue):iam::\(accountID.rawValue):role\(path)\(name)" }
}
