/// Parsing shared by AWS resource IDs of the form `prefix-` + 8 or 17 hex digits (`VPCID`, `PeeringID`).
enum ResourceID {
    /// Resource prefixes a customer pastes by mistake, with the name to tell them. Longer prefixes
    /// come before their own prefixes ("vpce-" before "vpc-" would matter if it were one).
    static let knownPrefixes: [(prefix: String, name: String)] = [
        ("vpc-", "a VPC ID"), ("pcx-", "a VPC peering ID"), ("subnet-", "a subnet ID"),
        ("sg-", "a security group ID"), ("rtb-", "a route table ID"), ("igw-", "an internet gateway ID"),
        ("nat-", "a NAT gateway ID"), ("eni-", "a network interface ID"),
        ("tgw-attach-", "a transit gateway attachment ID"),
        ("tgw-", "a transit gateway ID"), ("acl-", "a network ACL ID"), ("vpce-", "a VPC endpoint ID"),
        ("i-", "an EC2 instance ID"), ("eipalloc-", "an Elastic IP allocation ID"),
        ("vgw-", "a virtual private gateway ID"),
        ("cgw-", "a customer gateway ID"), ("vpn-", "a VPN connection ID"), ("pl-", "a prefix list ID"),
    ]

    /// The canonical lower-case ID. `prefix` is lower case with its dash ("vpc-"); `advice` says
    /// where the right value is found.
    static func parse(
        _ text: some StringProtocol,
        prefix: String,
        kind: ValueKind,
        advice: String
    ) throws(ValueError) -> String {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(kind, text, .empty, "is empty; \(advice)") }
        let lowered = bytes.map(ASCII.lowercased)
        let prefixBytes = Array(prefix.utf8)
        guard lowered.starts(with: prefixBytes) else {
            for other in knownPrefixes where other.prefix != prefix && lowered.starts(with: other.prefix.utf8) {
                throw ValueError(
                    kind,
                    text,
                    .otherResource(other.prefix),
                    "is \(other.name), not \(kind.withArticle); \(advice)"
                )
            }
            throw ValueError(kind, text, .missingPrefix(prefix), "does not start with \(prefix); \(advice)")
        }
        let digits = bytes.dropFirst(prefixBytes.count)
        if let bad = digits.firstIndex(where: { !ASCII.isLowerHex(ASCII.lowercased($0)) }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                kind,
                text,
                .invalidCharacter(character),
                "has \(ASCII.quoted(character)) after \(prefix), where only hex digits (0-9, a-f) belong; \(advice)"
            )
        }
        guard digits.count == 8 || digits.count == 17 else {
            throw ValueError(
                kind,
                text,
                .wrongLength(expected: "8 or 17", actual: digits.count),
                "has \(digits.count) hex digits after \(prefix); \(kind.withArticle) has 17 (8 for older ones); "
                    + advice
            )
        }
        return ASCII.string(lowered)
    }
}
