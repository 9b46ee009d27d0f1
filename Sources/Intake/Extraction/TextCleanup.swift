import PeeringModel

/// Undoes copy-and-paste damage before matching: invisible and wide spaces, quotes and brackets
/// of every script, typographic dashes, fullwidth forms and backticks become plain ASCII (see
/// ``replacement(for:)``); carriage returns go.
enum TextCleanup {
    static func clean(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { clean(bytes: $0) }
    }

    /// One pass over the UTF-8 bytes: ASCII is copied or replaced directly, and only the
    /// scalars of multi-byte sequences are decoded (a Swift String is always valid UTF-8).
    private static func clean(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Written through a pointer into storage of the largest size (a tab becomes two bytes;
        // every other replacement is no longer than what it replaces), then trimmed.
        [UInt8](unsafeUninitializedCapacity: input.count * 2) { output, produced in
            var written = 0
            var index = 0
            let count = input.count
            guard let source = input.baseAddress, let target = output.baseAddress else { return }
            while index < count {
                // Eight bytes at a time while they are ASCII that stays as it is (most text).
                if index + 8 <= count {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if isPlainASCII(word) {
                        UnsafeMutableRawPointer(target + written).storeBytes(of: word, as: UInt64.self)
                        written += 8
                        index += 8
                        continue
                    }
                }
                let byte = input[index]
                if byte < 0x80 {
                    switch byte {
                    case 0x0D: break
                    case 0x09:  // a tab stays a column break
                        output[written] = 0x20
                        output[written + 1] = 0x20
                        written += 2
                    case 0x60:  // backtick
                        output[written] = 0x20
                        written += 1
                    default:
                        output[written] = byte
                        written += 1
                    }
                    index += 1
                    continue
                }
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                let end = min(index + length, count)
                var scalar = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for next in (index + 1)..<end { scalar = scalar << 6 | UInt32(input[next] & 0x3F) }
                let replacement = Self.replacement(for: scalar)
                if let replacement {
                    if replacement != 0 {
                        output[written] = replacement
                        written += 1
                    }
                } else {
                    for offset in index..<end {
                        output[written] = input[offset]
                        written += 1
                    }
                }
                index = end
            }
            produced = written
        }
    }
}

extension TextCleanup {
    /// Whether none of the eight bytes is changed by the clean-up: all ASCII, and none a carriage
    /// return, a tab or a backtick.
    @inline(__always)
    static func isPlainASCII(_ word: UInt64) -> Bool {
        word & Byte.highBits == 0 && !Byte.word(word, contains: 0x0D) && !Byte.word(word, contains: 0x09)
            && !Byte.word(word, contains: 0x60)
    }

    /// The ASCII byte a pasted scalar stands for, 0 for one that is dropped, nil to keep it.
    ///
    /// Dropped: zero-width and invisible characters, direction marks and embeddings, the soft
    /// hyphen. Spaces: no-break, thin, narrow, ideographic. Quotes and brackets of every script
    /// become their ASCII forms (so a value's clean-up strips them), fullwidth forms (a Japanese
    /// or Chinese input method's "１２３" and "（）") their ASCII letters, ideographic
    /// punctuation and the ellipsis a full stop or comma, division and fraction slashes "/".
    @inline(__always)
    static func replacement(for scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0x200B...0x200F, 0x2060...0x2064, 0x2066...0x2069, 0x202A...0x202E, 0xFEFF, 0x00AD, 0x180E, 0x034F:
            return 0
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return 0x20
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2039, 0x203A: return 0x27
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB, 0x300C...0x300F, 0x301D...0x301F: return 0x22
        case 0x3010, 0x3014, 0x3016, 0x3018, 0x301A: return 0x5B
        case 0x3011, 0x3015, 0x3017, 0x3019, 0x301B: return 0x5D
        case 0x3008, 0x300A: return 0x3C
        case 0x3009, 0x300B: return 0x3E
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: return 0x2D
        case 0x3002, 0xFF61, 0x2026: return 0x2E
        case 0x3001, 0xFF64: return 0x2C
        case 0x2044, 0x2215: return 0x2F
        case 0xFF01...0xFF5E: return UInt8(scalar - 0xFEE0)
        default: return nil
        }
    }
}

/// Where a line sits in a message: the customer's new text, quoted history, or a signature.
enum LineZone: Sendable {
    case normal, quoted, signature
}

/// Marks each line of a cleaned source as new text, quoted history or signature.
enum LineZones {
    private static let signOffs: Set<String> = [
        "thanks", "thanks!", "thank you", "thank you!", "thanks in advance", "many thanks", "regards", "best regards",
        "kind regards", "warm regards", "best", "cheers", "br", "sincerely", "thx", "all the best",
    ]

    static func classify(_ lines: [ArraySlice<UInt8>]) -> [LineZone] {
        var zones = [LineZone](repeating: .normal, count: lines.count)
        var rest: LineZone?  // once history or a signature starts, the rest of the source is that
        for (index, line) in lines.enumerated() {
            if let current = rest {
                // A signature may be followed by quoted history.
                if current == .signature, startsHistory(lines, at: index) || trimSpaces(lines[index]).first == 0x3E {
                    rest = .quoted
                }
                zones[index] = rest ?? current
                continue
            }
            let trimmed = trimSpaces(line)
            if trimmed.first == 0x3E {
                zones[index] = .quoted
                continue
            }
            if startsHistory(lines, at: index) {
                zones[index] = .quoted
                rest = .quoted
                continue
            }
            if trimmed.elementsEqual("--".utf8) || line.elementsEqual("-- ".utf8) || isMobileSignature(trimmed) {
                zones[index] = .signature
                rest = .signature
                continue
            }
            if isSignOff(trimmed), onlyShortLinesFollow(lines, after: index) {
                zones[index] = .signature
                rest = .signature
            }
        }
        return zones
    }

    /// An attribution or separator that starts quoted history.
    static func startsHistory(_ lines: [ArraySlice<UInt8>], at index: Int) -> Bool {
        // Every attribution and separator below starts with o, -, b, _ or f: a line that does
        // not (most lines) is refused at once. (A first byte that is not ASCII starts a
        // Character that is not ASCII, so it cannot match either.)
        guard let first = trimSpaces(lines[index]).first else { return false }
        switch ASCII.lowercased(first) {
        case 0x6F, 0x2D, 0x62, 0x5F, 0x66: break
        default: return false
        }
        let line = lowered(trimSpaces(lines[index]))
        if line.hasPrefix("on "), line.hasSuffix("wrote:") || line.hasSuffix("a écrit :") || line.hasSuffix("schrieb:")
        {
            return true
        }
        // "On Mon, … <x@y>" folded onto a second line that ends "wrote:".
        if line.hasPrefix("on "), index + 1 < lines.count, lowered(trimSpaces(lines[index + 1])).hasSuffix("wrote:") {
            return true
        }
        if line.hasPrefix("-----original message-----") || line.hasPrefix("----- original message -----")
            || line.hasPrefix("begin forwarded message") || line.hasPrefix("---------- forwarded message")
            || line.hasPrefix("-------- forwarded message") || line.hasPrefix("-------- original message")
        {
            return true
        }
        if line.isRule { return true }
        // Outlook's header block: "From: …" then, within three lines, "Sent:" or "Date:".
        if line.hasPrefix("from:") {
            for next in (index + 1)..<min(index + 4, lines.count) {
                let following = lowered(trimSpaces(lines[next]))
                if following.hasPrefix("sent:") || following.hasPrefix("date:") { return true }
            }
        }
        return false
    }

    private static func isMobileSignature(_ line: ArraySlice<UInt8>) -> Bool {
        // All three start with "s" or "g": a line that does not cannot match (a first byte
        // that is not ASCII starts a Character that is not ASCII).
        guard let first = line.first, ASCII.lowercased(first) == 0x73 || ASCII.lowercased(first) == 0x67 else {
            return false
        }
        let text = lowered(line)
        return text.hasPrefix("sent from my ") || text.hasPrefix("get outlook for ") || text.equals("sent from mobile")
    }

    static func isSignOff(_ line: ArraySlice<UInt8>) -> Bool {
        // Cheap refusals first: the sign-offs are ASCII of at most 24 characters, so a line of
        // more bytes is none (in ASCII it is more characters; other text never equals them).
        if line.count > 24 || line.contains(where: { $0 >= 0x80 }) { return false }
        // They are letters, spaces and "!" (and ",." are trimmed): "VPC ID: vpc-…" is none.
        let allowed = line.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x20 || $0 == 0x21 || $0 == 0x2C
                || $0 == 0x2E
        }
        if !allowed { return false }
        // Compared as bytes, lower-cased in place (a String and a Set lookup for every short
        // line, blank ones too, was most of this test's cost).
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x2C || line[end - 1] == 0x2E || line[end - 1] == 0x21 {
            end -= 1
        }
        let text = line[..<end]
        return signOffBytes.contains { signOff in
            signOff.count == text.count && zip(signOff, text).allSatisfy { $0 == ASCII.lowercased($1) }
        }
    }

    private static let signOffBytes = signOffs.map { Array($0.utf8) }

    /// At most six non-empty lines, each short, until the end of the source or quoted history.
    private static func onlyShortLinesFollow(_ lines: [ArraySlice<UInt8>], after index: Int) -> Bool {
        var count = 0
        // Bounded look-ahead (a signature is short), so hostile input stays linear.
        for next in (index + 1)..<min(lines.count, index + 16) {
            let line = trimSpaces(lines[next])
            if line.isEmpty { continue }
            if line.first == 0x3E || startsHistory(lines, at: next) { return true }
            count += 1
            if count > 6 || line.count > 60 { return false }
            if line.contains(0x3A) { return false }  // "Region: …" is content, not a signature
        }
        return index + 16 >= lines.count
    }

    static func trimSpaces(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = line.startIndex
        var end = line.endIndex
        while start < end, line[start] == 0x20 { start += 1 }
        while end > start, line[end - 1] == 0x20 { end -= 1 }
        return line[start..<end]
    }

    static func lower(_ line: ArraySlice<UInt8>) -> String {
        String(decoding: line.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// `lower(line)` for the tests above, without building a String when the line is ASCII
    /// without carriage returns (where a byte is a Character, so the answers are the same).
    static func lowered(_ line: ArraySlice<UInt8>) -> LoweredLine {
        line.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) ? .ascii(line) : .text(lower(line))
    }
}

/// A line as lower-case text: its ASCII bytes compared in place, or a String.
enum LoweredLine {
    case ascii(ArraySlice<UInt8>)
    case text(String)

    func hasPrefix(_ prefix: StaticString) -> Bool {
        switch self {
        case .ascii(let bytes):
            return Byte.startsLowercased(bytes, with: prefix)
        case .text(let text):
            return text.hasPrefix(prefix.description)
        }
    }

    func hasSuffix(_ suffix: StaticString) -> Bool {
        switch self {
        case .ascii(let bytes):
            return suffix.withUTF8Buffer { pattern in
                guard bytes.count >= pattern.count else { return false }
                var index = bytes.endIndex - pattern.count
                for expected in pattern {
                    if ASCII.lowercased(bytes[index]) != expected { return false }
                    index += 1
                }
                return true
            }
        case .text(let text):
            return text.hasSuffix(suffix.description)
        }
    }

    func equals(_ other: StaticString) -> Bool {
        switch self {
        case .ascii(let bytes): return bytes.count == other.utf8CodeUnitCount && hasPrefix(other)
        case .text(let text): return text == other.description
        }
    }

    /// Twenty or more underscores and nothing else (Outlook's separator line).
    var isRule: Bool {
        switch self {
        case .ascii(let bytes): return bytes.count >= 20 && bytes.allSatisfy { $0 == 0x5F }
        case .text(let text): return text.count >= 20 && text.allSatisfy { $0 == "_" }
        }
    }
}
