import Foundation

/// RFC 2045 quoted-printable for a text body: CRLF line ends, lines of at most 76 characters
/// (soft breaks `=` CRLF), `=`, controls and non-ASCII bytes as `=XX`, whitespace before a line
/// end encoded, and a line start of `From ` or `.` encoded so no transport mangles it.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var output = ""
        for line in lines {
            output += encodeLine(Array(line.utf8))
            output += "\r\n"
        }
        return output
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var physical: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let atLineStart = current.isEmpty
            let isLast = index == bytes.count - 1
            let mustEncode =
                byte == UInt8(ascii: "=") || byte >= 0x7F || (byte < 0x20 && byte != 0x09)
                || ((byte == 0x20 || byte == 0x09) && isLast)
                || (atLineStart && byte == UInt8(ascii: "."))
                || (atLineStart && bytes[index...].starts(with: "From ".utf8))
            let piece = mustEncode ? "=" + hex(byte) : String(UnicodeScalar(byte))
            if current.utf8.count + piece.utf8.count > 75 {
                physical.append(current + "=")
                current = ""
                // Re-check the line-start rules for the byte that now starts a line.
                let restarts = byte == UInt8(ascii: ".") || bytes[index...].starts(with: "From ".utf8)
                current = restarts && !mustEncode ? "=" + hex(byte) : piece
                continue
            }
            current += piece
        }
        physical.append(current)
        return physical.joined(separator: "\r\n")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
