/// The transfer and header encodings mail clients write, for the generated corpus.
enum MIMEWriting {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Base64 in lines of 76 characters (LF line ends), as mail clients send it.
    static func base64(_ bytes: [UInt8], lineLength: Int = 76) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 50 + 4)
        var column = 0
        var index = 0
        func emit(_ byte: UInt8) {
            output.append(byte)
            column += 1
            if lineLength > 0, column == lineLength {
                output.append(0x0A)
                column = 0
            }
        }
        while index < bytes.count {
            let first = bytes[index]
            let second = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            emit(base64Alphabet[Int(first >> 2)])
            emit(base64Alphabet[Int((first & 0x03) << 4 | second >> 4)])
            emit(index + 1 < bytes.count ? base64Alphabet[Int((second & 0x0F) << 2 | third >> 6)] : 0x3D)
            emit(index + 2 < bytes.count ? base64Alphabet[Int(third & 0x3F)] : 0x3D)
            index += 3
        }
        if column != 0 { output.append(0x0A) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Quoted-printable with soft line breaks at 76 columns; line breaks in the input stay hard.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var column = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                output.append(0x0A)
                column = 0
                continue
            }
            let isLast = index + 1 == bytes.count || bytes[index + 1] == 0x0A
            let literal = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D) || (byte == 0x20 && !isLast)
            let width = literal ? 1 : 3
            if column + width > 75 {
                output.append(contentsOf: [0x3D, 0x0A])
                column = 0
            }
            if literal {
                output.append(byte)
            } else {
                output.append(contentsOf: [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            column += width
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// An RFC 2047 encoded word (B encoding, UTF-8) when the text is not ASCII.
    static func headerText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        let encoded = base64(Array(text.utf8), lineLength: 0).filter { $0 != "\n" }
        return "=?UTF-8?B?\(encoded)?="
    }

    /// A display name and address as a From/To header value.
    static func address(name: String, email: String) -> String {
        if name.utf8.contains(where: { $0 >= 0x80 }) { return "\(headerText(name)) <\(email)>" }
        if name.contains(",") { return "\"\(name)\" <\(email)>" }
        return "\(name) <\(email)>"
    }

    /// Windows-1252 bytes for text that Outlook sends in that charset ('?' for what it lacks).
    static func windows1252(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x80, 0xA0...0xFF: bytes.append(UInt8(scalar.value))
            case 0x2018: bytes.append(0x91)
            case 0x2019: bytes.append(0x92)
            case 0x201C: bytes.append(0x93)
            case 0x201D: bytes.append(0x94)
            case 0x2013: bytes.append(0x96)
            case 0x2014: bytes.append(0x97)
            case 0x20AC: bytes.append(0x80)
            default: bytes.append(0x3F)
            }
        }
        return bytes
    }

    /// Minimal HTML escaping for text placed in generated HTML.
    static func escapeHTML(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}
