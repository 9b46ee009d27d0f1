import PeeringModel

/// The phrasings customers, forms and help desks use for the six details.
enum Labels {
    enum Meaning: Equatable {
        case field(RequestField)
        /// "Peer Owner IDs" is the *cluster's* account (the role stack's parameter), never the
        /// customer's.
        case peerOwnerIDs
    }

    private static let table: [String: Meaning] = {
        var table: [String: Meaning] = [:]
        let phrasings: [(RequestField, [String])] = [
            (
                .awsAccountID,
                [
                    "aws account id", "account id", "account #", "account no", "account number", "aws account number",
                    "aws account", "aws account #", "account", "aws acct", "acct id", "aws acct id", "aws account no",
                    "account id of the external vpc", "aws account id of the external vpc", "customer account id",
                    "customer aws account id", "peer account id", "your aws account id", "aws account id (12 digits)",
                    "aws_account_id", "awsaccountid", "account_id",
                ]
            ),
            (
                .awsRegion,
                [
                    "region", "aws region", "vpc region", "region of the external vpc",
                    "aws region of the external vpc",
                    "aws_region", "awsregion", "region code", "aws region code", "customer region",
                ]
            ),
            (
                .vpcID,
                [
                    "vpc id", "vpc", "external vpc id", "vpc-id", "vpcid", "aws vpc id", "vpc id of the external vpc",
                    "customer vpc id", "peer vpc id", "your vpc id", "vpc_id", "external vpc",
                ]
            ),
            (
                .vpcCIDRs,
                [
                    "cidr", "cidrs", "cidr block", "cidr blocks", "vpc cidr", "vpc cidrs", "vpc cidr block",
                    "vpc cidr blocks", "ipv4 cidr", "ipv4 cidr block", "ipv4 cidr blocks", "cidr range", "cidr ranges",
                    "ip range", "ip ranges", "subnet range", "network range", "cidr block of the external vpc",
                    "vpc cidr range", "vpc_cidr", "vpc_cidrs", "cidr_block", "customer cidr", "peer cidr",
                    "ipv4 cidr of the external vpc",
                ]
            ),
            (
                .peerRoleARN,
                [
                    "peerrole arn", "peer role arn", "role arn", "peerrolearn", "iam role arn", "peering role arn",
                    "peer role", "peerrole", "arn", "role", "peer_role_arn", "role_arn", "arn of the peer role",
                    "peerrole arn (stack output)",
                ]
            ),
            (
                .clusterID,
                [
                    "cluster id", "astro cluster id", "astro cluster", "cluster", "cluster_id", "clusterid",
                    "astro cluster id (cuid)", "cluster cuid", "astro cluster cuid",
                ]
            ),
        ]
        for (field, labels) in phrasings {
            for label in labels { table[label] = .field(field) }
        }
        for label in ["peer owner ids", "peer owner id", "peerownerids", "peer owner", "peer_owner_ids"] {
            table[label] = .peerOwnerIDs
        }
        return table
    }()

    /// The meaning of a label as written ("**AWS Account ID**", "1. VPC CIDR(s)").
    static func meaning(of label: ArraySlice<UInt8>) -> (Meaning, String)? {
        let normalized = normalize(label)
        guard !normalized.isEmpty, normalized.count <= 48 else { return nil }
        if let meaning = table[normalized] { return (meaning, normalized) }
        // "Your AWS account ID", "The VPC ID", "External VPC CIDR block".
        for prefix in ["your ", "the ", "our ", "customer ", "external ", "aws "] where normalized.hasPrefix(prefix) {
            if let meaning = table[String(normalized.dropFirst(prefix.count))] { return (meaning, normalized) }
        }
        return nil
    }

    /// Lower case; bullets, numbering, markdown emphasis, "(s)", "(optional)" and surrounding
    /// punctuation removed; white space collapsed.
    static func normalize(_ label: ArraySlice<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.count)
        for byte in label {
            switch byte {
            case 0x2A: continue  // markdown emphasis
            case 0x41...0x5A: bytes.append(byte + 0x20)
            default: bytes.append(byte)
            }
        }
        var text = String(decoding: bytes, as: UTF8.self)
        for noise in ["(s)", "(optional)", "(required)"] { text = text.replacingOccurrences(of: noise, with: "") }
        // Leading bullets and numbering: "-", "•", "1.", "1)", "a)".
        var scalars = Substring(text)
        while true {
            scalars = scalars.drop { $0 == " " }
            if let first = scalars.first, first == "-" || first == "•" || first == "+" || first == ">" || first == "|" {
                scalars = scalars.dropFirst()
                continue
            }
            if let dot = scalars.firstIndex(where: { $0 == "." || $0 == ")" }), dot != scalars.startIndex,
                scalars[..<dot].allSatisfy({ $0.isNumber })
                    || (scalars.distance(from: scalars.startIndex, to: dot) == 1)
            {
                let next = scalars.index(after: dot)
                if next == scalars.endIndex || scalars[next] == " " {
                    scalars = scalars[next...]
                    continue
                }
            }
            break
        }
        var words: [Substring] = []
        for word in scalars.split(whereSeparator: { $0 == " " }) { words.append(word) }
        var result = words.joined(separator: " ")
        while let last = result.last,
            last == ":" || last == "|" || last == "-" || last == "=" || last == "." || last == " "
        {
            result.removeLast()
        }
        return result
    }
}
