/// RFC 3676 `format=flowed` text, and line-end normalization.
enum FormatFlowed {
    /// CRLF and lone CR become LF.
    static func normalizeLineEnds(_ text: String) -> String {
        guard text.containsByte(Byte.cr) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == Byte.cr {
                output.append(Byte.lf)
                previousWasCR = true
                continue
            }
            if byte == Byte.lf, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Joins flowed lines: a line ending in a space continues on the next line of the same quote
    /// depth (with DelSp=yes that space is removed); space-stuffing is undone; the signature
    /// separator `-- ` never flows.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var paragraph: [UInt8] = []
        var paragraphDepth = -1
        var isOpen = false

        func close() {
            if isOpen {
                if paragraphDepth > 0 {
                    output.append(contentsOf: repeatElement(0x3E, count: paragraphDepth))
                    output.append(Byte.space)
                }
                output.append(contentsOf: paragraph)
                output.append(Byte.lf)
            }
            paragraph.removeAll(keepingCapacity: true)
            isOpen = false
            paragraphDepth = -1
        }

        let lines = Array(text.utf8).split(separator: Byte.lf, omittingEmptySubsequences: false)
        for (number, rawLine) in lines.enumerated() {
            if number == lines.count - 1, rawLine.isEmpty { break }
            var line = rawLine[...]
            var depth = 0
            while let first = line.first, first == 0x3E {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == Byte.space { line = line.dropFirst() }  // stuffing (or the space after '>')
            let isSignature = line.elementsEqual("-- ".utf8)
            if isOpen, depth != paragraphDepth { close() }
            paragraphDepth = depth
            isOpen = true
            if !isSignature, line.last == Byte.space {
                paragraph.append(contentsOf: deleteSpace ? line.dropLast() : line)
                continue
            }
            paragraph.append(contentsOf: line)
            close()
        }
        close()
        if output.last == Byte.lf, !(text.utf8.last == Byte.lf) { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }
}
