import Glibc

/// RFC 3676 `format=flowed` text, and line-end normalization.
enum FormatFlowed {
    /// CRLF and lone CR become LF.
    static func normalizeLineEnds(_ text: String) -> String {
        var text = text
        let normalized: String? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, memchr(base, Int32(Byte.cr), bytes.count) != nil else { return nil }
            // The runs between carriage returns are copied whole (memchr finds each CR).
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                guard let target = output.baseAddress else { return 0 }
                var read = 0
                var write = 0
                while read < bytes.count {
                    let rest = bytes.count - read
                    guard let found = memchr(base + read, Int32(Byte.cr), rest) else {
                        (target + write).update(from: base + read, count: rest)
                        write += rest
                        break
                    }
                    let cr = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                    (target + write).update(from: base + read, count: cr - read)
                    write += cr - read
                    target[write] = Byte.lf
                    write += 1
                    read = cr + 1
                    if read < bytes.count, base[read] == Byte.lf { read += 1 }
                }
                return write
            }
        }
        return normalized ?? text
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
