import PeeringModel

/// A structured header value such as Content-Type or Content-Disposition: a lower-case main
/// value (`text/plain`, `attachment`) and parameters.
///
/// Parameters follow RFC 2045 (tokens and quoted strings) and RFC 2231 (`name*=charset'lang'%XX`,
/// continuations `name*0`, `name*1*`), and encoded words in quoted values (`name="=?UTF-8?…"`),
/// which many clients write for file names although no RFC allows it.
public struct HeaderParameters: Sendable, Hashable {
    public var value: String
    /// Parameter names are lower case.
    public var parameters: [String: String]

    public subscript(name: String) -> String? { parameters[name] }

    static func parse(_ raw: ArraySlice<UInt8>) -> HeaderParameters {
        var index = raw.startIndex
        let end = raw.endIndex
        skipWhitespaceAndComments(raw, &index)
        let valueStart = index
        while index < end, raw[index] != Byte.semicolon { index += 1 }
        var value = lowercasedText(trimWhitespace(raw[valueStart..<index]))
        // A "(" Character needs a "(" byte; most values have none, and the Character search is slow.
        if value.containsByte(0x28), let paren = value.firstIndex(of: "(") {
            value = String(value[..<paren]).trimmingSpaces()
        }

        // Plain parameters are decoded as they are read (a later one of the same name wins);
        // RFC 2231 sections, name → (section → (text, isExtended)), are merged afterwards.
        var parameters: [String: String] = [:]
        var sections: [String: [Int: (text: [UInt8], extended: Bool)]] = [:]
        while index < end {
            index += 1  // the ';'
            skipWhitespaceAndComments(raw, &index)
            let nameStart = index
            while index < end, raw[index] != Byte.equals, raw[index] != Byte.semicolon { index += 1 }
            let nameBytes = trimWhitespace(raw[nameStart..<index])
            guard index < end, raw[index] == Byte.equals, !nameBytes.isEmpty else { continue }
            let fullName = lowercasedText(nameBytes)
            index += 1
            skipWhitespaceAndComments(raw, &index)
            let text: ArraySlice<UInt8>
            if index < end, raw[index] == Byte.quote {
                index += 1
                let textStart = index
                // The quoted text is a slice of the field until a backslash makes it a copy.
                var unescaped: [UInt8] = []
                var isEscaped = false
                while index < end, raw[index] != Byte.quote {
                    if raw[index] == Byte.backslash, index + 1 < end {
                        if !isEscaped { unescaped = Array(raw[textStart..<index]) }
                        isEscaped = true
                        index += 1
                    }
                    if isEscaped { unescaped.append(raw[index]) }
                    index += 1
                }
                text = isEscaped ? unescaped[...] : raw[textStart..<index]
                index = min(index + 1, end)
                while index < end, raw[index] != Byte.semicolon { index += 1 }
            } else {
                let textStart = index
                while index < end, raw[index] != Byte.semicolon { index += 1 }
                text = trimWhitespace(raw[textStart..<index])
            }
            // RFC 2231: name*, name*N, name*N* (a name without a "*" byte has no "*" Character).
            guard fullName.containsByte(0x2A) else {
                parameters[fullName] = EncodedWords.decode(text)
                continue
            }
            let parts = fullName.split(separator: "*", omittingEmptySubsequences: false)
            let base = String(parts[0])
            let extended = fullName.hasSuffix("*")
            let section = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
            sections[base, default: [:]][section] = (Array(text), extended)
        }

        merge(sections, into: &parameters)
        return HeaderParameters(value: value, parameters: parameters)
    }

    /// RFC 2231 sections (name → section → (text, isExtended)) joined in section order, the
    /// first one's `charset'language'` applied; they win over a plain parameter of the same name.
    static func merge(
        _ sections: [String: [Int: (text: [UInt8], extended: Bool)]],
        into parameters: inout [String: String]
    ) {
        for (name, parts) in sections {
            var charset: String?
            var combined: [UInt8] = []
            for section in parts.keys.sorted() {
                guard let part = parts[section] else { continue }
                var text = part.text[...]
                if section == parts.keys.min(), part.extended {
                    // charset'language'value
                    let pieces = text.split(separator: 0x27, maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(decoding: pieces[0], as: UTF8.self)
                        text = pieces[2]
                    }
                }
                combined.append(contentsOf: part.extended ? percentDecoded(text) : Array(text))
            }
            // The RFC 2231 form wins over a plain parameter of the same name.
            parameters[name] = Charset.decode(combined[...], label: charset?.isEmpty == false ? charset : "utf-8").text
        }
    }

    static func percentDecoded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == 0x25, index + 2 < text.endIndex, Byte.isHexDigit(text[index + 1]),
                Byte.isHexDigit(text[index + 2])
            {
                output.append(Byte.hexValue(text[index + 1]) << 4 | Byte.hexValue(text[index + 2]))
                index += 3
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    static func skipWhitespaceAndComments(_ raw: ArraySlice<UInt8>, _ index: inout Int) {
        while index < raw.endIndex {
            if Byte.isWhitespace(raw[index]) {
                index += 1
            } else if raw[index] == 0x28 {
                var depth = 0
                while index < raw.endIndex {
                    if raw[index] == 0x28 { depth += 1 }
                    if raw[index] == 0x29 { depth -= 1 }
                    index += 1
                    if depth == 0 { break }
                }
            } else {
                return
            }
        }
    }
}

/// Text lower-cased as Swift does, byte by byte for ASCII (Content-Type values and parameter
/// names almost always are), so no String is made only to make another.
func lowercasedText(_ bytes: ArraySlice<UInt8>) -> String {
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
    return String(unsafeUninitializedCapacity: bytes.count) { output in
        for (offset, byte) in bytes.enumerated() { output[offset] = ASCII.lowercased(byte) }
        return bytes.count
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(decoding: trimWhitespace(Array(utf8)[...]), as: UTF8.self)
    }
}
