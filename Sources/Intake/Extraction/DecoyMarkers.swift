import PeeringModel

/// Words that say a value is not the customer's: a sandbox, test, old, example or placeholder
/// value, or the Astro cluster's own (its account, VPC, CIDR or region, as the role stack's
/// "Peer Owner IDs" and our replies show them). Found in a label ("Sandbox VPC ID:", "VPC ID
/// (old):", "Astro VPC CIDR:"), in a qualifier right after the value ("111111111111 (test
/// account)"), or in the sentence before it ("For example: VPC ID: vpc-…", "Our old VPC vpc-…",
/// "The cluster's account ID is …"). A negation ("not the sandbox one") or a word of contrast
/// between the marker and the value ("…an example, the real one is vpc-…") cancels it.
enum DecoyMarkers {
    /// What a marker says of the value.
    enum Kind: Sendable, Hashable {
        /// Sandbox, test, old, example, placeholder.
        case notCustomers
        /// The Astro cluster's own value: never for the cluster ID, which is the cluster's by design.
        case clusters
    }

    /// A marker and what it says.
    struct Marker: Sendable, Hashable {
        var word: String
        var kind: Kind

        func applies(to field: RequestField) -> Bool { kind == .notCustomers || field != .clusterID }

        /// The candidate's reason: where the marker was and what it says.
        func reason(where place: String) -> String {
            switch kind {
            case .notCustomers: return "\(place) says \"\(word)\": not the customer's value"
            case .clusters: return "\(place) names the Astro cluster's own value (\"\(word)\"), not the customer's"
            }
        }
    }

    /// Marker words in labels and qualifiers.
    static let words: [String: Kind] = [
        "sandbox": .notCustomers, "test": .notCustomers, "testing": .notCustomers, "old": .notCustomers,
        "older": .notCustomers, "previous": .notCustomers, "former": .notCustomers, "example": .notCustomers,
        "sample": .notCustomers, "placeholder": .notCustomers, "dummy": .notCustomers, "fake": .notCustomers,
        "e.g": .notCustomers, "astro": .clusters, "astro's": .clusters,
        "astronomer": .clusters, "astronomer's": .clusters, "cluster": .clusters, "cluster's": .clusters,
    ]

    /// Words that cancel a marker when they come right before it.
    private static let negations = bytes(["not", "no", "non", "never", "instead"])
    /// Words that, between a marker and the value, say the value is the real one.
    private static let contrasts = bytes([
        "real", "correct", "actual", "right", "new", "instead", "but", "our", "ours", "my", "mine", "please", "use",
    ])
    /// Words after which test, old, previous or former mark a value ("old VPC", "test account").
    private static let nouns = bytes([
        "account", "accounts", "vpc", "vpcs", "one", "ones", "value", "values", "cidr", "cidrs", "block", "role",
        "arn", "region", "environment", "env", "id", "ids", "cluster", "stack", "setup",
    ])
    /// Words after which astro and cluster name the cluster's value ("the Astro VPC").
    private static let clusterNouns = bytes(["vpc", "account", "aws", "cidr", "cidrs", "region", "side", "network"])
    /// Markers that count anywhere in a sentence, whatever follows.
    private static let standalone = bytes([
        "sandbox", "placeholder", "dummy", "fake", "example", "e.g", "sample", "astro's", "astronomer's", "cluster's",
    ])
    private static let markerWords: [([UInt8], Marker)] = words.map {
        (Array($0.key.utf8), Marker(word: $0.key, kind: $0.value))
    }

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    /// The marker a word of a label is (lower case, as normalized), or nil.
    static func marker(ofWord word: UnsafeBufferPointer<UInt8>) -> Marker? {
        guard word.count >= 3, word.count <= 12 else { return nil }
        for (bytes, marker) in markerWords where bytes.elementsEqual(word) { return marker }
        return nil
    }

    /// The marker among the words of a label's qualifier ("(old)", "[sandbox]"), if one is there
    /// and no negation comes within two words before it ("(production, not test)").
    static func marker(inQualifier text: ArraySlice<UInt8>) -> Marker? {
        let words = wordRanges(text)
        for (index, word) in words.enumerated() {
            guard let marker = marker(word, in: text) else { continue }
            if words[max(0, index - 2)..<index].contains(where: { find($0, in: text, negations) }) { continue }
            return marker
        }
        return nil
    }

    /// The marker in a qualifier right after a value ("(sandbox)", "[test]", "- old one"), or in
    /// the rest of its sentence when it calls the value an example or a placeholder.
    static func marker(after rest: ArraySlice<UInt8>, field: RequestField) -> Marker? {
        var text = LineZones.trimSpaces(rest.prefix(60))
        guard let first = text.first else { return nil }
        if first == 0x28 || first == 0x5B || first == 0x2D {
            let close: UInt8 = first == 0x28 ? 0x29 : first == 0x5B ? 0x5D : 0x2E
            text = text.dropFirst()
            if let end = text.firstIndex(of: close) { text = text[..<end] }
            let words = wordRanges(text)
            if words.contains(where: { find($0, in: text, negations) }) { return nil }
            for word in words {
                if let marker = marker(word, in: text), marker.applies(to: field) { return marker }
            }
            return nil
        }
        let sentence = sentence(text, from: .start)
        for word in wordRanges(sentence).prefix(6) where find(word, in: sentence, standalone) {
            if let marker = marker(word, in: sentence), marker.applies(to: field) { return marker }
        }
        return nil
    }

    /// The marker in the sentence before a value ("For example: VPC ID:", "Our old VPC", "The
    /// cluster's account ID is"), unless a negation precedes it or a word of contrast follows it.
    static func marker(before text: ArraySlice<UInt8>, field: RequestField) -> Marker? {
        let sentence = sentence(text.suffix(120), from: .end)
        let words = wordRanges(sentence).suffix(14)
        var found: Marker?
        var previous: Range<Int>?
        for (offset, word) in zip(words.indices, words) {
            defer { previous = word }
            if found != nil, find(word, in: sentence, contrasts) { found = nil }
            guard let marker = marker(word, in: sentence), marker.applies(to: field) else { continue }
            if let previous, find(previous, in: sentence, negations) { continue }
            let counts: Bool
            if find(word, in: sentence, standalone) {
                counts = true
            } else if offset + 1 < words.endIndex {
                counts = find(words[offset + 1], in: sentence, marker.kind == .clusters ? clusterNouns : nouns)
            } else {
                counts = false
            }
            if counts { found = marker }
        }
        return found
    }

    private static func marker(_ word: Range<Int>, in text: ArraySlice<UInt8>) -> Marker? {
        guard word.count >= 3, word.count <= 12 else { return nil }
        for (bytes, marker) in markerWords where equals(word, in: text, bytes) { return marker }
        return nil
    }

    private static func find(_ word: Range<Int>, in text: ArraySlice<UInt8>, _ list: [[UInt8]]) -> Bool {
        list.contains { equals(word, in: text, $0) }
    }

    /// The word, ASCII-lower-cased, is `bytes`.
    @inline(__always)
    private static func equals(_ word: Range<Int>, in text: ArraySlice<UInt8>, _ bytes: [UInt8]) -> Bool {
        guard word.count == bytes.count else { return false }
        var index = word.lowerBound
        for byte in bytes {
            if ASCII.lowercased(text[index]) != byte { return false }
            index += 1
        }
        return true
    }

    private enum End { case start, end }

    /// The part of `text` inside the sentence that touches its start or end: cut at ". ", "! ",
    /// "? ", ";", ")" and "]" ("e.g. " and "i.e. " do not end a sentence).
    private static func sentence(_ text: ArraySlice<UInt8>, from end: End) -> ArraySlice<UInt8> {
        func isBoundary(_ index: Int) -> Bool {
            let byte = text[index]
            if byte == 0x3B || (end == .end && (byte == 0x29 || byte == 0x5D)) { return true }
            guard byte == 0x2E || byte == 0x21 || byte == 0x3F else { return false }
            guard index + 1 == text.endIndex || text[index + 1] == 0x20 else { return false }
            if byte == 0x2E, index - text.startIndex >= 3, text[index - 2] == 0x2E,
                ASCII.lowercased(text[index - 3]) == 0x65 || ASCII.lowercased(text[index - 3]) == 0x69
            {
                return false  // "e.g." and "i.e."
            }
            return true
        }
        switch end {
        case .end:
            var index = text.endIndex
            while index > text.startIndex {
                if isBoundary(index - 1) { return text[index...] }
                index -= 1
            }
            return text
        case .start:
            for index in text.indices where isBoundary(index) { return text[..<index] }
            return text
        }
    }

    /// The words of ASCII text: letters, digits, apostrophes and inner dots ("e.g", "cluster's");
    /// a trailing dot is not part of a word.
    static func wordRanges(_ text: ArraySlice<UInt8>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        words.reserveCapacity(16)
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, !isWordByte(text[index]) { index += 1 }
            let start = index
            while index < text.endIndex, isWordByte(text[index]) { index += 1 }
            var end = index
            while end > start, text[end - 1] == 0x2E { end -= 1 }
            if end > start { words.append(start..<end) }
        }
        return words
    }

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x27 || byte == 0x2E
    }
}
