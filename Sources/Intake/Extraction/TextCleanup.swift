/// Undoes copy-and-paste damage before matching: invisible and wide spaces, smart quotes,
/// typographic dashes and backticks become plain ASCII; carriage returns go.
enum TextCleanup {
    static func clean(_ text: String) -> [UInt8] {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = [UInt8]()
            bytes.reserveCapacity(utf8.count)
            for byte in utf8 {
                switch byte {
                case 0x0D: continue
                case 0x09: bytes.append(contentsOf: [0x20, 0x20])  // a tab stays a column break
                case 0x60: bytes.append(0x20)  // backtick
                default: bytes.append(byte)
                }
            }
            return bytes
        }
        var output = ""
        output.unicodeScalars.reserveCapacity(utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: continue
            case 0x09: output.unicodeScalars.append(contentsOf: ["  "].flatMap(\.unicodeScalars))
            case 0x60, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: output.unicodeScalars.append(" ")
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: output.unicodeScalars.append("'")
            case 0x201C, 0x201D, 0x201E, 0x2033, 0x00AB, 0x00BB: output.unicodeScalars.append("\"")
            case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: output.unicodeScalars.append("-")
            case 0xFF1A: output.unicodeScalars.append(":")
            default: output.unicodeScalars.append(scalar)
            }
        }
        return Array(output.utf8)
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
        let line = lower(trimSpaces(lines[index]))
        if line.hasPrefix("on "), line.hasSuffix("wrote:") || line.hasSuffix("a écrit :") || line.hasSuffix("schrieb:")
        {
            return true
        }
        // "On Mon, … <x@y>" folded onto a second line that ends "wrote:".
        if line.hasPrefix("on "), index + 1 < lines.count, lower(trimSpaces(lines[index + 1])).hasSuffix("wrote:") {
            return true
        }
        if line.hasPrefix("-----original message-----") || line.hasPrefix("----- original message -----")
            || line.hasPrefix("begin forwarded message") || line.hasPrefix("---------- forwarded message")
            || line.hasPrefix("-------- forwarded message") || line.hasPrefix("-------- original message")
        {
            return true
        }
        if line.count >= 20, line.allSatisfy({ $0 == "_" }) { return true }
        // Outlook's header block: "From: …" then, within three lines, "Sent:" or "Date:".
        if line.hasPrefix("from:") {
            for next in (index + 1)..<min(index + 4, lines.count) {
                let following = lower(trimSpaces(lines[next]))
                if following.hasPrefix("sent:") || following.hasPrefix("date:") { return true }
            }
        }
        return false
    }

    private static func isMobileSignature(_ line: ArraySlice<UInt8>) -> Bool {
        let text = lower(line)
        return text.hasPrefix("sent from my ") || text.hasPrefix("get outlook for ") || text == "sent from mobile"
    }

    private static func isSignOff(_ line: ArraySlice<UInt8>) -> Bool {
        var text = lower(line)
        guard text.count <= 24 else { return false }
        while let last = text.last, last == "," || last == "." || last == "!" { text.removeLast() }
        return signOffs.contains(text)
    }

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
}
