/// A mailbox from an address header: `Ana Lopez <ana@example.com>`.
public struct MailAddress: Sendable, Hashable, Codable {
    public var name: String?
    /// The address as written (local part case kept); `domain` is lower case.
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }

    /// Parses an address list (RFC 5322 with the obsolete forms real mail uses): display names
    /// plain, quoted or RFC 2047 encoded, `addr (comment)`, groups, stray commas.
    public static func parseList(_ field: HeaderField) -> [MailAddress] {
        parseList(field.rawValue[...])
    }

    static func parseList(_ raw: ArraySlice<UInt8>) -> [MailAddress] {
        var result: [MailAddress] = []
        // Room for the whole field once, kept across addresses: appending byte by byte to
        // arrays emptied without their capacity reallocated them as they grew, for every address.
        var phrase: [UInt8] = []  // display-name words, raw
        phrase.reserveCapacity(raw.count)
        var comment: [UInt8] = []
        var bare: [UInt8] = []  // an address without angle brackets
        bare.reserveCapacity(raw.count)
        var angle: [UInt8]?
        var index = raw.startIndex
        let end = raw.endIndex

        func flush() {
            let name = Self.displayName(phrase.isEmpty ? comment : phrase)
            if let angle {
                let address = String(decoding: trimWhitespace(angle[...]), as: UTF8.self)
                if !address.isEmpty { result.append(MailAddress(name: name, address: address)) }
            } else {
                let text = trimWhitespace(bare[...])
                if text.contains(0x40) {
                    let address = String(decoding: text.filter { $0 != Byte.space && $0 != Byte.tab }, as: UTF8.self)
                    result.append(MailAddress(name: Self.displayName(comment), address: address))
                }
            }
            phrase.removeAll(keepingCapacity: true)
            comment.removeAll()
            bare.removeAll(keepingCapacity: true)
            angle = nil
        }

        while index < end {
            let byte = raw[index]
            switch byte {
            case Byte.quote:
                index += 1
                var quoted: [UInt8] = []
                while index < end, raw[index] != Byte.quote {
                    if raw[index] == Byte.backslash, index + 1 < end { index += 1 }
                    quoted.append(raw[index])
                    index += 1
                }
                if angle == nil {
                    phrase.append(contentsOf: quoted)
                    bare.append(Byte.quote)
                    bare.append(contentsOf: quoted)
                    bare.append(Byte.quote)
                }
            case 0x28:  // comment
                var depth = 0
                var text: [UInt8] = []
                while index < end {
                    if raw[index] == 0x28 {
                        depth += 1
                        if depth == 1 {
                            index += 1
                            continue
                        }
                    }
                    if raw[index] == 0x29 {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    if raw[index] == Byte.backslash, index + 1 < end { index += 1 }
                    text.append(raw[index])
                    index += 1
                }
                if comment.isEmpty { comment = text }
            case 0x3C:  // <
                var address: [UInt8] = []
                index += 1
                while index < end, raw[index] != 0x3E {
                    address.append(raw[index])
                    index += 1
                }
                // A route (@a,@b:user@host) is obsolete: keep what follows the colon.
                if address.first == 0x40, let colon = address.firstIndex(of: Byte.colon) {
                    address = Array(address[(colon + 1)...])
                }
                angle = address
            case 0x2C:  // ,
                flush()
            case Byte.colon:
                // A group name: what came before is not an address.
                if angle == nil, !bare.contains(0x40) {
                    phrase.removeAll(keepingCapacity: true)
                    bare.removeAll(keepingCapacity: true)
                    comment.removeAll()
                } else if angle == nil {
                    bare.append(byte)
                }
            case Byte.semicolon:
                flush()
            default:
                if angle == nil {
                    phrase.append(byte)
                    bare.append(byte)
                }
            }
            index += 1
        }
        flush()
        return result
    }

    private static func displayName(_ raw: [UInt8]) -> String? {
        let trimmed = trimWhitespace(raw[...])
        guard !trimmed.isEmpty else { return nil }
        // Collapse folding white space, then decode encoded words.
        var collapsed: [UInt8] = []
        for byte in trimmed {
            if Byte.isWhitespace(byte) {
                if collapsed.last != Byte.space { collapsed.append(Byte.space) }
            } else {
                collapsed.append(byte)
            }
        }
        let name = EncodedWords.decode(collapsed[...])
        return name.isEmpty ? nil : name
    }
}
