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

    /// The table by normalized length, then first byte: a miss (most calls) costs a few
    /// comparisons and no allocation.
    private static let byLength: [[(bytes: [UInt8], meaning: Meaning)]] = {
        var buckets = [[(bytes: [UInt8], meaning: Meaning)]](repeating: [], count: maximumLabelLength + 1)
        for (label, meaning) in table where label.utf8.count <= maximumLabelLength {
            buckets[label.utf8.count].append((Array(label.utf8), meaning))
        }
        return buckets
    }()

    private static let maximumLabelLength = 48
    /// What normalization trims from the end (and "*", which it drops everywhere).
    private static let trailingNoise = ByteSet([0x3A, 0x7C, 0x2D, 0x3D, 0x2E, 0x20, 0x2A])
    private static let prefixes = ["your ", "the ", "our ", "customer ", "external ", "aws "]
    private static let prefixBytes = prefixes.map { Array($0.utf8) }

    /// The meaning of a label as written ("**AWS Account ID**", "1. VPC CIDR(s)").
    static func meaning(of label: ArraySlice<UInt8>) -> (Meaning, String)? {
        // ASCII without carriage returns (almost every line) is normalized byte by byte: one
        // byte is one Character there, so the result is exactly the String path's.
        guard label.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            // Every label ends in ASCII. Normalizing only drops ASCII punctuation, spaces and
            // "*" at the end (and ASCII noise words ending in ")"), so text whose last other
            // byte is not ASCII normalizes to something that ends in a character that is not
            // ASCII, or to nothing: it is no label, and Unicode-aware normalization is skipped.
            var end = label.endIndex
            while end > label.startIndex, Self.trailingNoise.contains(label[end - 1]) { end -= 1 }
            if end == label.startIndex || label[end - 1] >= 0x80 { return nil }
            return meaning(normalized: normalize(label))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: label.count) { buffer in
            let count = normalizeASCII(label, into: buffer)
            guard count > 0, count <= maximumLabelLength else { return nil }
            let normalized = UnsafeBufferPointer(rebasing: buffer[0..<count])
            if let meaning = lookup(normalized) { return (meaning, String(decoding: normalized, as: UTF8.self)) }
            for prefix in prefixBytes where count > prefix.count && normalized.starts(with: prefix) {
                if let meaning = lookup(UnsafeBufferPointer(rebasing: normalized[prefix.count...])) {
                    return (meaning, String(decoding: normalized, as: UTF8.self))
                }
            }
            return nil
        }
    }

    private static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Meaning? {
        guard bytes.count <= maximumLabelLength, let first = bytes.first else { return nil }
        for entry in byLength[bytes.count] where entry.bytes[0] == first && entry.bytes.elementsEqual(bytes) {
            return entry.meaning
        }
        return nil
    }

    /// The String path: any text, as normalized by ``normalize(_:)``.
    static func meaning(normalized: String) -> (Meaning, String)? {
        guard !normalized.isEmpty, normalized.count <= maximumLabelLength else { return nil }
        if let meaning = table[normalized] { return (meaning, normalized) }
        // "Your AWS account ID", "The VPC ID", "External VPC CIDR block".
        for prefix in prefixes where normalized.hasPrefix(prefix) {
            if let meaning = table[String(normalized.dropFirst(prefix.count))] { return (meaning, normalized) }
        }
        return nil
    }

    /// Lower case; bullets, numbering, markdown emphasis, "(s)", "(optional)" and surrounding
    /// punctuation removed; white space collapsed.
    static func normalize(_ label: ArraySlice<UInt8>) -> String {
        if label.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: label.count) { buffer in
                String(decoding: buffer[0..<normalizeASCII(label, into: buffer)], as: UTF8.self)
            }
        }
        return normalizeText(label)
    }

    private static let noise: [[UInt8]] = ["(s)", "(optional)", "(required)"].map { Array($0.utf8) }

    /// ``normalize(_:)`` for ASCII without carriage returns, written into `buffer` (at least
    /// `label.count` bytes); returns the length. Step for step the String path below.
    static func normalizeASCII(_ label: ArraySlice<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in label where byte != 0x2A {  // markdown emphasis
            buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            count += 1
        }
        // Each noise word removed left to right, without overlaps, one word after the other
        // (all three start with "(", so a label without one is left alone).
        let hasParenthesis = UnsafeBufferPointer(rebasing: buffer[0..<count]).contains(0x28)
        for word in noise where hasParenthesis {
            var read = 0
            var write = 0
            while read < count {
                if buffer[read] == word[0], read + word.count <= count,
                    UnsafeBufferPointer(rebasing: buffer[read..<(read + word.count)]).elementsEqual(word)
                {
                    read += word.count
                    continue
                }
                buffer[write] = buffer[read]
                write += 1
                read += 1
            }
            count = write
        }
        // Leading bullets and numbering: "-", "+", ">", "|", "1.", "1)", "a)".
        var start = 0
        while true {
            while start < count, buffer[start] == 0x20 { start += 1 }
            if start < count,
                buffer[start] == 0x2D || buffer[start] == 0x2B || buffer[start] == 0x3E || buffer[start] == 0x7C
            {
                start += 1
                continue
            }
            var dot = start
            while dot < count, buffer[dot] != 0x2E, buffer[dot] != 0x29 { dot += 1 }
            if dot < count, dot != start,
                buffer[start..<dot].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || dot - start == 1
            {
                let next = dot + 1
                if next == count || buffer[next] == 0x20 {
                    start = next
                    continue
                }
            }
            break
        }
        // Words joined by single spaces.
        var write = 0
        var index = start
        while index < count {
            while index < count, buffer[index] == 0x20 { index += 1 }
            guard index < count else { break }
            if write > 0 {
                buffer[write] = 0x20
                write += 1
            }
            while index < count, buffer[index] != 0x20 {
                buffer[write] = buffer[index]
                write += 1
                index += 1
            }
        }
        // Trailing ":", "|", "-", "=", "." and spaces.
        while write > 0 {
            let last = buffer[write - 1]
            guard last == 0x3A || last == 0x7C || last == 0x2D || last == 0x3D || last == 0x2E || last == 0x20 else {
                break
            }
            write -= 1
        }
        return write
    }

    /// The general path (any UTF-8, Unicode digits and bullets).
    static func normalizeText(_ label: ArraySlice<UInt8>) -> String {
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
        // Without a "(" there is nothing to replace (and replacing costs a Foundation search).
        if bytes.contains(0x28) {
            for noise in ["(s)", "(optional)", "(required)"] { text = text.replacingOccurrences(of: noise, with: "") }
        }
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
