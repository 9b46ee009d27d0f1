import PeeringModel

/// The phrasings customers, forms and help desks use for the six details.
enum Labels {
    enum Meaning: Equatable {
        case field(RequestField)
        /// "Peer Owner IDs" is the *cluster's* account (the role stack's parameter), never the
        /// customer's.
        case peerOwnerIDs
        /// A label of the field with words that say the value is not the customer's ("Sandbox
        /// VPC ID", "VPC ID (old)", "Astro VPC CIDR").
        case decoy(RequestField, DecoyMarkers.Marker)
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
        for (field, labels) in phrasings + translations {
            for label in labels { table[label] = .field(field) }
        }
        for label in ["peer owner ids", "peer owner id", "peerownerids", "peer owner", "peer_owner_ids"] {
            table[label] = .peerOwnerIDs
        }
        return table
    }()

    /// The six labels in German, French, Spanish, Portuguese, Italian, Dutch and Japanese, as
    /// normalized: lower case, accented Latin letters plain ("région" is "region"), no space next
    /// to a Japanese character. Single words that are as often something else ("Konto", "Rol")
    /// are left out.
    private static let translations: [(RequestField, [String])] = [
        (
            .awsAccountID,
            [
                // German
                "konto-id", "konto id", "kontoid", "aws-konto-id", "aws konto-id", "aws konto id", "aws-konto",
                "aws konto", "kontonummer", "konto-nummer", "aws-kontonummer", "aws kontonummer", "id des kontos",
                // French
                "id de compte", "id du compte", "id de compte aws", "id du compte aws", "id compte", "id compte aws",
                "identifiant de compte", "identifiant du compte", "identifiant de compte aws",
                "identifiant du compte aws", "numero de compte", "numero de compte aws", "numero du compte aws",
                "compte aws",
                // Spanish
                "id de cuenta", "id de la cuenta", "id de cuenta de aws", "id de la cuenta de aws", "id de cuenta aws",
                "numero de cuenta", "numero de la cuenta", "numero de cuenta de aws", "numero de la cuenta de aws",
                "cuenta de aws", "cuenta aws", "identificador de cuenta", "identificador de la cuenta",
                // Portuguese
                "id da conta", "id da conta aws", "id da conta da aws", "id de conta", "id de conta aws",
                "numero da conta", "numero da conta aws", "numero de conta", "conta aws", "conta da aws",
                "identificador da conta",
                // Italian
                "id account", "id account aws", "id dell'account", "id dell'account aws", "id account di aws",
                "id dell'account di aws", "numero di account", "numero account", "numero account aws",
                "account aws",
                // Dutch
                "account-id", "aws-account-id", "aws account-id", "accountnummer", "aws-accountnummer",
                "aws accountnummer", "aws-account",
                // Japanese
                "awsアカウントid", "アカウントid", "アカウント番号", "awsアカウント番号", "awsアカウント",
            ]
        ),
        (
            .awsRegion,
            [
                "aws-region", "vpc-region", "region der vpc", "region des vpc", "region aws", "region de la vpc",
                "region du vpc", "region de aws", "regiao", "regiao da aws", "regiao aws", "regiao de aws",
                "regiao da vpc", "regione", "regione aws", "regione di aws", "regione del vpc", "regione della vpc",
                "regio", "aws-regio", "aws regio", "regio van de vpc", "リージョン", "awsリージョン", "リージョン名",
                "リージョンコード",
            ]
        ),
        (
            .vpcID,
            [
                "id der vpc", "id des vpc", "vpc-kennung", "id du vpc", "id de la vpc", "id de vpc", "id vpc",
                "identifiant du vpc", "identifiant de vpc", "identifiant de la vpc", "id del vpc",
                "identificador de vpc", "identificador de la vpc", "id da vpc", "id do vpc", "identificador da vpc",
                "id della vpc", "id di vpc", "identificativo vpc", "id van de vpc", "vpcのid", "vpc-のid",
            ]
        ),
        (
            .vpcCIDRs,
            [
                "cidr-block", "cidr-blocke", "ipv4-cidr-block", "ipv4-cidr", "cidr-bereich", "ipv4-cidr-bereich",
                "vpc-cidr", "cidr der vpc", "cidr-block der vpc", "ip-bereich", "bloc cidr", "blocs cidr",
                "bloc cidr ipv4", "bloc d'adresses cidr", "plage cidr", "cidr du vpc", "cidr de la vpc",
                "bloc cidr du vpc", "bloc cidr de la vpc", "plage ip", "bloque cidr", "bloque de cidr",
                "bloques cidr", "bloque cidr ipv4", "bloque de cidr ipv4", "rango cidr", "rango de cidr",
                "bloque cidr de la vpc", "rango de ip", "bloco cidr", "bloco de cidr", "blocos cidr",
                "bloco cidr ipv4", "intervalo cidr", "intervalo de cidr", "cidr da vpc", "faixa cidr",
                "bloco cidr da vpc", "faixa de ip", "blocco cidr", "blocchi cidr", "blocco cidr ipv4",
                "intervallo cidr", "cidr del vpc", "cidr della vpc", "blocco cidr del vpc", "intervallo ip",
                "cidr-blok", "cidr blok", "cidr-blokken", "ipv4-cidr-blok", "cidr-bereik", "cidr bereik",
                "ip-bereik", "cidr van de vpc", "cidrブロック", "ipv4 cidrブロック", "vpcのcidr", "cidr範囲",
            ]
        ),
        (
            .peerRoleARN,
            [
                "peerrole-arn", "rollen-arn", "arn der rolle", "arn der peerrole", "arn der peer-rolle",
                "iam-rollen-arn", "arn du role", "arn de role", "arn du role peerrole", "arn de la peerrole",
                "arn du peerrole", "arn du role iam", "arn del rol", "arn de rol", "arn del rol peerrole",
                "arn de peerrole", "arn del peerrole", "arn del rol de iam", "arn da funcao", "arn da funcao peerrole",
                "arn do papel", "arn da role", "arn do role", "arn do peerrole", "arn da peerrole",
                "arn da funcao do iam", "arn del ruolo", "arn ruolo", "arn del ruolo peerrole", "arn del ruolo iam",
                "rol-arn", "arn van de rol", "arn van de peerrole", "ロールarn", "ロールのarn", "peerroleのarn",
                "ピアロールarn", "ピアロールのarn", "iamロールarn",
            ]
        ),
        (
            .clusterID,
            [
                "cluster-id", "astro-cluster-id", "id des clusters", "cluster-kennung", "id du cluster",
                "id de cluster", "id du cluster astro", "identifiant du cluster", "identifiant du cluster astro",
                "id cluster", "id del cluster", "id del cluster de astro", "id del cluster astro",
                "identificador del cluster", "id do cluster", "id do cluster astro", "id do cluster do astro",
                "identificador do cluster", "id del cluster di astro", "identificativo del cluster",
                "id van het cluster", "id van de cluster", "クラスターid", "クラスタid", "astroクラスターid",
                "astroのクラスターid",
            ]
        ),
    ]

    /// The last characters, not ASCII, that a label in the table ends with ("ン" of "リージョン"):
    /// other text whose last character is not ASCII is no label, and is refused before the
    /// Unicode-aware normalization.
    private static let nonASCIIEndings: Set<[UInt8]> = {
        var endings: Set<[UInt8]> = []
        for label in table.keys {
            let bytes = Array(label.utf8)
            guard let last = bytes.last, last >= 0x80 else { continue }
            var start = bytes.count - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            endings.insert(Array(bytes[start...]))
        }
        return endings
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
    /// The longest text read as a label, in bytes (48 characters of up to four bytes, and room
    /// for the markdown, numbering and spaces normalization drops).
    static let maximumLabelBytes = 256
    /// What normalization trims from the end (and "*", which it drops everywhere).
    private static let trailingNoise = ByteSet([0x3A, 0x7C, 0x2D, 0x3D, 0x2E, 0x20, 0x2A])
    private static let prefixes = [
        "your ", "the ", "our ", "customer ", "external ", "aws ", "new ", "correct ", "updated ", "current ",
        "production ", "prod ", "ihre ", "unsere ", "die ", "votre ", "notre ",
        "le ", "la ", "l'", "su ", "el ", "sua ", "nossa ", "o ", "a ", "il ", "uw ", "onze ", "de ", "het ",
    ]
    /// The prefixes by their first byte: a label is compared only with those that start like it.
    private static let prefixBytes: [[[UInt8]]] = {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for prefix in prefixes {
            let bytes = Array(prefix.utf8)
            buckets[Int(bytes[0])].append(bytes)
        }
        return buckets
    }()

    /// The meaning of a label as written ("**AWS Account ID**", "1. VPC CIDR(s)").
    static func meaning(of label: ArraySlice<UInt8>) -> (Meaning, String)? {
        // A label normalizes to at most 48 characters: text of more than 256 bytes (a whole
        // paragraph offered as a label with its value on the next line) is none, and is not
        // normalized character by character to find that out.
        guard label.count <= maximumLabelBytes else { return nil }
        // Every label ends with a word one in the table ends with (most text offered as a label
        // does not, and is refused here before it is normalized).
        var end = label.endIndex
        while end > label.startIndex, Self.trailingNoise.contains(label[end - 1]) { end -= 1 }
        if end == label.startIndex { return nil }
        if !mayEndLikeALabel(label[..<end]) { return nil }
        // ASCII without carriage returns (almost every line) is normalized byte by byte: one
        // byte is one Character there, so the result is exactly the String path's.
        guard label.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            // Every label ends in ASCII. Normalizing only drops ASCII punctuation, spaces and
            // "*" at the end (and ASCII noise words ending in ")"), so text whose last other
            // byte is not ASCII normalizes to something that ends in a character that is not
            // ASCII, or to nothing: it is no label, and Unicode-aware normalization is skipped.
            if label[end - 1] >= 0x80 {
                // An accented Latin letter (U+00C0…U+00FF) folds to ASCII; another last
                // character must be one a label ends with.
                var start = end - 1
                while start > label.startIndex, label[start] & 0xC0 == 0x80 { start -= 1 }
                let isLatin = end - start == 2 && label[start] == 0xC3
                if !isLatin, !nonASCIIEndings.contains(Array(label[start..<end])) { return nil }
            }
            return meaning(normalized: normalize(label))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: label.count) { buffer in
            let count = normalizeASCII(label, into: buffer)
            guard count > 0, count <= maximumLabelLength else { return nil }
            let normalized = UnsafeBufferPointer(rebasing: buffer[0..<count])
            if let meaning = lookupWithPrefixes(normalized) {
                return (meaning, String(decoding: normalized, as: UTF8.self))
            }
            // A qualifier or a marker word: the slower path below. Most text that is no label
            // has neither and is refused here without building a String.
            guard qualifierStart(normalized) != nil || containsMarkerWord(normalized) else { return nil }
            return meaningBeyondTable(normalized).map { ($0, String(decoding: normalized, as: UTF8.self)) }
        }
    }

    /// The last word of each label in the table that ends in ASCII ("id" of "awsアカウントid",
    /// "dell'account" of "id dell'account"), by its last byte.
    private static let asciiEndings: [[[UInt8]]] = {
        var buckets = [[[UInt8]]](repeating: [], count: 128)
        for label in table.keys {
            let bytes = Array(label.utf8)
            guard let last = bytes.last, last < 0x80, last != 0x29, last != 0x5D else { continue }
            var start = bytes.count
            while start > 0, !isWordBoundary(bytes[start - 1]) { start -= 1 }
            let word = Array(bytes[start...])
            if !buckets[Int(last)].contains(word) { buckets[Int(last)].append(word) }
        }
        return buckets
    }()
    private static let longestASCIIEnding = asciiEndings.joined().map(\.count).max() ?? 0

    /// Where a label's last word starts: after a space or a character that is not ASCII
    /// (Japanese joins "アカウントid"). A glued prefix ("l'account") needs no boundary: a last
    /// word matches when it ends with one of the table's.
    private static func isWordBoundary(_ byte: UInt8) -> Bool { byte == 0x20 || byte >= 0x80 }

    /// Whether text (trailing noise trimmed) that ends in ASCII or an accented Latin letter can
    /// normalize to a label: a label in the table ends with the last word of what normalization
    /// makes of the text's end (ASCII lower case, accented Latin letters plain, "*" dropped),
    /// so one of the table's last words must end that word. A text ending in a qualifier or
    /// holding brackets in its last word (noise words such as "(s)" go) is not judged here.
    static func mayEndLikeALabel(_ text: ArraySlice<UInt8>) -> Bool {
        guard let last = text.last, last != 0x29, last != 0x5D else { return true }
        // The last word's last bytes, reversed, as normalization writes them (on the stack: a
        // heap array for every line offered as a label was a third of this function's cost).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(longestASCIIEnding, 1)) { reversed in
            var count = 0
            var index = text.endIndex
            while index > text.startIndex, count < longestASCIIEnding {
                var byte = text[index - 1]
                index -= 1
                if byte == 0x2A { continue }
                if byte == 0x28 || byte == 0x29 || byte == 0x5B || byte == 0x5D { return true }
                if byte >= 0x80 {
                    guard index > text.startIndex, text[index - 1] == 0xC3, let plain = ASCII.latinFold(byte) else {
                        break
                    }
                    index -= 1
                    byte = plain
                } else if isWordBoundary(byte) {
                    break
                }
                reversed[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                count += 1
            }
            // A last character that is not ASCII (nor folds to it) is judged by `nonASCIIEndings`.
            guard count > 0 else { return text.last.map { $0 >= 0x80 } ?? false }
            let final = reversed[0]
            for ending in asciiEndings[Int(final)] where ending.count <= count {
                if ending.reversed().elementsEqual(reversed[0..<ending.count]) { return true }
            }
            return false
        }
    }

    private static let markerWordBytes = DecoyMarkers.words.keys.map { Array($0.utf8) }

    /// Whether one of the first three words of the text is one of `DecoyMarkers.words` (a
    /// marker comes before the label it marks: "the old VPC ID").
    private static func containsMarkerWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var words = 0
        while start < text.count, words < 3 {
            words += 1
            var end = start
            while end < text.count, text[end] != 0x20 { end += 1 }
            let word = UnsafeBufferPointer(rebasing: text[start..<end])
            for marker in markerWordBytes where marker.count == word.count && marker.elementsEqual(word) {
                return true
            }
            start = end + 1
        }
        return false
    }

    /// Words a label's marker may follow ("the old VPC ID", "your test account ID").
    private static let leadingWords: [[UInt8]] = [
        "your", "the", "our", "my", "this", "a", "an", "aws", "customer", "external", "ihre", "votre", "su",
    ].map { Array($0.utf8) }

    /// A label that is not in the table as written: with a qualifier in parentheses or brackets
    /// ("VPC ID (the one in eu-west-1)", "Konto-ID (Account ID)", "Account ID [prod]"), or with
    /// words before it that mark the value as not the customer's ("Sandbox VPC ID", "the
    /// cluster's AWS account ID"). A marker in the qualifier ("VPC ID (old)") makes a decoy too,
    /// unless negated ("(not the test one)"). On bytes: the words are compared in place.
    static func meaningBeyondTable(_ normalized: UnsafeBufferPointer<UInt8>) -> Meaning? {
        var base = normalized
        var qualifier: ArraySlice<UInt8> = []
        if let end = qualifierStart(normalized) {
            base = UnsafeBufferPointer(rebasing: normalized[..<end])
            qualifier = ArraySlice(normalized[end...])
        }
        var marker: DecoyMarkers.Marker?
        var meaning = lookupWithPrefixes(base)
        if meaning == nil {
            var start = 0
            var stripped = 0
            while stripped < 4 {
                var end = start
                while end < base.count, base[end] != 0x20 { end += 1 }
                guard end < base.count else { break }  // the last word is the label's own
                let word = UnsafeBufferPointer(rebasing: base[start..<end])
                if let found = DecoyMarkers.marker(ofWord: word) {
                    marker = marker ?? found
                } else if !leadingWords.contains(where: { $0.elementsEqual(word) }) {
                    break
                }
                start = end + 1
                stripped += 1
                if marker != nil, let found = lookupWithPrefixes(UnsafeBufferPointer(rebasing: base[start...])) {
                    meaning = found
                    break
                }
            }
        }
        guard let meaning else { return nil }
        if marker == nil, !qualifier.isEmpty { marker = DecoyMarkers.marker(inQualifier: qualifier) }
        if case .field(let field) = meaning, let marker, marker.applies(to: field) { return .decoy(field, marker) }
        return meaning
    }

    private static func lookupWithPrefixes(_ normalized: UnsafeBufferPointer<UInt8>) -> Meaning? {
        if let meaning = lookup(normalized) { return meaning }
        guard let first = normalized.first else { return nil }
        for prefix in prefixBytes[Int(first)] where normalized.count > prefix.count && normalized.starts(with: prefix) {
            if let meaning = lookup(UnsafeBufferPointer(rebasing: normalized[prefix.count...])) { return meaning }
        }
        return nil
    }

    /// Where a trailing qualifier in parentheses or brackets starts (spaces before it
    /// excluded), when the text ends with one and something comes before it.
    static func qualifierStart(_ text: some BidirectionalCollection<UInt8>) -> Int? {
        guard let last = text.last, last == 0x29 || last == 0x5D else { return nil }
        let open: UInt8 = last == 0x29 ? 0x28 : 0x5B
        var depth = 0
        var offset = text.count
        for byte in text.reversed() {
            offset -= 1
            if byte == last {
                depth += 1
            } else if byte == open {
                depth -= 1
                if depth == 0 { break }
            }
        }
        guard depth == 0 else { return nil }
        while offset > 0, text[text.index(text.startIndex, offsetBy: offset - 1)] == 0x20 { offset -= 1 }
        return offset > 0 ? offset : nil
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
        if let meaning = lookupWithPrefixes(normalized) { return (meaning, normalized) }
        let meaning = Array(normalized.utf8).withUnsafeBufferPointer { meaningBeyondTable($0) }
        return meaning.map { ($0, normalized) }
    }

    private static func lookupWithPrefixes(_ normalized: String) -> Meaning? {
        if let meaning = table[normalized] { return meaning }
        // "Your AWS account ID", "The VPC ID", "External VPC CIDR block".
        for prefix in prefixes where normalized.hasPrefix(prefix) {
            if let meaning = table[String(normalized.dropFirst(prefix.count))] { return meaning }
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
        count = removeNoise(buffer, count: count) ?? count  // ASCII: never nil
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

    /// Removes each noise word from the first `count` bytes, left to right, without overlaps,
    /// one word after the other (all three start with "(", so a label without one is left
    /// alone); returns the new count, or nil when a word touches a byte that is not ASCII: there
    /// the word may be part of a larger character ("(s)" and a combining accent after it), which
    /// only the Character-aware path can tell.
    private static func removeNoise(_ buffer: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int? {
        var count = count
        let hasParenthesis = UnsafeBufferPointer(rebasing: buffer[0..<count]).contains(0x28)
        for word in noise where hasParenthesis {
            var read = 0
            var write = 0
            while read < count {
                if buffer[read] == word[0], read + word.count <= count,
                    UnsafeBufferPointer(rebasing: buffer[read..<(read + word.count)]).elementsEqual(word)
                {
                    if read > 0, buffer[read - 1] >= 0x80 { return nil }
                    if read + word.count < count, buffer[read + word.count] >= 0x80 { return nil }
                    read += word.count
                    continue
                }
                buffer[write] = buffer[read]
                write += 1
                read += 1
            }
            count = write
        }
        return count
    }

    /// The folded label as text, its noise words removed from the bytes: Foundation's
    /// `replacingOccurrences`, three times a label, was most of the general path's cost, and is
    /// left for a word next to a character that is not ASCII.
    static func withoutNoise(_ bytes: [UInt8]) -> String {
        var removed = bytes
        if let count = removed.withUnsafeMutableBufferPointer({ removeNoise($0, count: $0.count) }) {
            return String(decoding: removed[..<count], as: UTF8.self)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        for noise in ["(s)", "(optional)", "(required)"] { text = text.replacingOccurrences(of: noise, with: "") }
        return text
    }

    /// The general path (any UTF-8, Unicode digits and bullets).
    static func normalizeText(_ label: ArraySlice<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.count)
        var index = label.startIndex
        while index < label.endIndex {
            let byte = label[index]
            index += 1
            switch byte {
            case 0x2A: continue  // markdown emphasis
            case 0x41...0x5A: bytes.append(byte + 0x20)
            case 0xC3 where index < label.endIndex:
                // "Région", "Número", "Região": accented Latin letters as plain ones.
                if let plain = ASCII.latinFold(label[index]) {
                    bytes.append(plain)
                    index += 1
                } else {
                    bytes.append(byte)
                }
            default: bytes.append(byte)
            }
        }
        let text = withoutNoise(bytes)
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
        // Words joined by single spaces, none next to a character that is not ASCII (Japanese
        // writes "AWS アカウント ID" and "AWSアカウントID" alike).
        var result = ""
        for word in words {
            if let last = result.unicodeScalars.last, let first = word.unicodeScalars.first, last.isASCII,
                first.isASCII
            {
                result += " "
            }
            result += word
        }
        while let last = result.last,
            last == ":" || last == "|" || last == "-" || last == "=" || last == "." || last == " "
        {
            result.removeLast()
        }
        return result
    }
}
