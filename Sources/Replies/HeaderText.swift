import Foundation

/// Turns untrusted text into a header field body that cannot break out of its header.
///
/// Every value in a reply draft's headers may come from a customer (their name, their subject),
/// so CR, LF, every other control character and the Unicode line separators become spaces
/// before anything else happens: no input can start a new header line or end the header block.
/// Text that is not plain printable ASCII is then written as RFC 2047 encoded words
/// (`=?UTF-8?B?…?=`), each at most 75 characters and never splitting a character.
public enum HeaderText {
    /// Bytes of UTF-8 per encoded word: 45 bytes make 60 base64 characters, and with the
    /// 12 characters of `=?UTF-8?B?` and `?=` the word stays under RFC 2047's 75.
    static let bytesPerWord = 45

    /// The value with controls replaced and whitespace runs collapsed to one space, trimmed.
    public static func sanitized(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isBreaking(scalar) || scalar == " " {
                pendingSpace = !output.isEmpty
                continue
            }
            if isInvisible(scalar) { continue }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(contentsOf: String(scalar).utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The header field body for an unstructured field such as Subject, as encoded words when
    /// needed, folded with `fold` (for example "\r\n ") between words.
    public static func encodedUnstructured(_ value: String, fold: String = "\r\n ") -> String {
        let clean = sanitized(value)
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !clean.contains("=?") {
            return clean
        }
        return encodedWords(clean).joined(separator: fold)
    }

    /// A display name for an address header: plain when it is a safe atom sequence, a quoted
    /// string when it has specials, encoded words when it is not ASCII.
    public static func encodedDisplayName(_ value: String, fold: String = "\r\n ") -> String {
        let clean = sanitized(value)
        let bytes = Array(clean.utf8)
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !clean.contains("=?") {
            let specials: Set<UInt8> = Set("()<>[]:;@\\,.\"".utf8)
            if !bytes.contains(where: specials.contains) { return clean }
            var quoted = "\""
            for scalar in clean.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { quoted.append("\\") }
                quoted.unicodeScalars.append(scalar)
            }
            return quoted + "\""
        }
        return encodedWords(clean).joined(separator: fold)
    }

    /// RFC 2047 "B" encoded words of the UTF-8 text, split only between characters.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > bytesPerWord {
                words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                chunk.removeAll(keepingCapacity: true)
            }
            // A single character longer than a word (a huge combining sequence) is split by
            // scalars rather than producing an over-long word.
            if bytes.count > bytesPerWord {
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > bytesPerWord {
                        words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                        chunk.removeAll(keepingCapacity: true)
                    }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
        return words
    }

    /// `sanitized`, shortened to `limit` characters (the last one then "…").
    public static func singleLine(_ value: String, limit: Int) -> String {
        let clean = sanitized(value)
        guard clean.count > limit, limit > 0 else { return clean }
        return String(clean.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// Invisible characters that reorder or hide text (bidirectional overrides and isolates,
    /// zero-width space, word joiner, byte order mark): dropped, so a value reads as it is.
    /// The zero-width joiners some scripts and emoji need are kept.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    private static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}"
    }

    /// The words of an unstructured field body (such as Subject), ready to be folded: plain
    /// printable ASCII words stay as they are; runs of other words (not ASCII, over 66 bytes,
    /// or looking like an encoded word) become encoded words, so every token is at most 72
    /// characters and a fold never has to split one.
    static func unstructuredTokens(_ value: String) -> [String] {
        var tokens: [String] = []
        var run: [Substring] = []
        func flush() {
            guard !run.isEmpty else { return }
            tokens += encodedWords(run.joined(separator: " "))
            run.removeAll()
        }
        for word in sanitized(value).split(separator: " ") {
            if isPlainWord(word) {
                flush()
                tokens.append(String(word))
            } else {
                run.append(word)
            }
        }
        flush()
        return tokens
    }

    /// The tokens of a display name in an address header: atoms, one quoted string when the name
    /// has specials, or encoded words when it is not ASCII or too long to quote on one line.
    static func displayNameTokens(_ value: String) -> [String] {
        let clean = sanitized(value)
        guard !clean.isEmpty else { return [] }
        let words = clean.split(separator: " ")
        if words.allSatisfy({ isPlainWord($0) }) {
            let specials: Set<UInt8> = Set("()<>[]:;@\\,.\"".utf8)
            if !clean.utf8.contains(where: specials.contains) { return words.map(String.init) }
            let quoted = encodedDisplayName(clean)
            if quoted.utf8.count <= 70 { return [quoted] }
        }
        return encodedWords(clean)
    }

    /// A whole header field, `Name: tokens`, folded with CRLF and a space before a token that
    /// would take the line past 78 characters.
    static func field(_ name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        for token in tokens {
            if line.utf8.count + 1 + token.utf8.count > 78, line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = " " + token
            } else {
                line += " " + token
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    private static func isPlainWord(_ word: Substring) -> Bool {
        word.utf8.count <= 66 && word.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) && !word.contains("=?")
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
