import PeeringModel

/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in unstructured header text.
///
/// Adjacent encoded words are joined (the white space between them is not text), and words in
/// the same charset are decoded together, so a multi-byte character split across two words
/// survives. A malformed word is left as it was written, readable rather than lost.
enum EncodedWords {
    /// Decodes the header value bytes (already unfolded) to text. Bytes outside encoded words
    /// are UTF-8 when valid, else Windows-1252 (8-bit headers from old clients).
    static func decode(_ value: ArraySlice<UInt8>) -> String {
        guard value.contains(Byte.equals) else { return plainText(value) }
        var output = ""
        var pending: [UInt8] = []  // bytes of consecutive encoded words in `pendingCharset`
        var pendingCharset: String?
        var plainStart = value.startIndex
        var index = value.startIndex
        var lastWordEnd: Int?

        func flushPending() {
            if let charset = pendingCharset, !pending.isEmpty {
                output += Charset.decode(pending[...], label: charset).text
            }
            pending.removeAll(keepingCapacity: true)
            pendingCharset = nil
        }

        while index < value.endIndex {
            guard value[index] == Byte.equals, index + 1 < value.endIndex, value[index + 1] == Byte.question,
                let word = parseWord(value, at: index)
            else {
                index += 1
                continue
            }
            // Text between the previous word and this one: dropped when it is only white space.
            let between = value[plainStart..<index]
            let isAdjacent = lastWordEnd != nil && between.allSatisfy { $0 == Byte.space || $0 == Byte.tab }
            if !isAdjacent {
                flushPending()
                output += plainText(between)
            }
            if pendingCharset != nil, pendingCharset != word.charset { flushPending() }
            pendingCharset = word.charset
            pending.append(contentsOf: word.bytes)
            index = word.end
            plainStart = index
            lastWordEnd = index
        }
        flushPending()
        output += plainText(value[plainStart..<value.endIndex])
        return output
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses `=?charset[*lang]?enc?text?=` at `start`, or nil when it is not a well-formed word.
    private static func parseWord(_ value: ArraySlice<UInt8>, at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < value.endIndex, value[index] != Byte.question {
            let byte = value[index]
            if Byte.isWhitespace(byte) || byte == Byte.equals || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index + 3 < value.endIndex, index > charsetStart else { return nil }
        var charsetBytes = value[charsetStart..<index]
        // RFC 2231 allows a language after the charset: "UTF-8*en".
        if let star = charsetBytes.firstIndex(of: 0x2A) { charsetBytes = charsetBytes[charsetStart..<star] }
        let encoding = ASCII.lowercased(value[index + 1])
        guard encoding == 0x62 || encoding == 0x71, value[index + 2] == Byte.question else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < value.endIndex, !(value[end] == Byte.question && value[end + 1] == Byte.equals) {
            if value[end] == Byte.space || value[end] == Byte.tab {
                return nil  // encoded words hold no white space
            }
            end += 1
        }
        guard end + 1 < value.endIndex else { return nil }
        let text = value[textStart..<end]
        let bytes = encoding == 0x62 ? TransferEncoding.decodeBase64(text) : decodeQ(text)
        return Word(charset: String(decoding: charsetBytes, as: UTF8.self), bytes: bytes, end: end + 2)
    }

    /// The "Q" encoding: `_` is a space, `=XX` a byte.
    private static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == 0x5F {
                bytes.append(Byte.space)
            } else if byte == Byte.equals, index + 2 < text.endIndex, Byte.isHexDigit(text[index + 1]),
                Byte.isHexDigit(text[index + 2])
            {
                bytes.append(Byte.hexValue(text[index + 1]) << 4 | Byte.hexValue(text[index + 2]))
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return bytes
    }

    /// Header bytes that are not encoded words.
    static func plainText(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = validUTF8(bytes) { return text }
        return Charset.decode(bytes, label: "windows-1252").text
    }
}
