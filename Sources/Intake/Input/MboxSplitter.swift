import Foundation

/// Splits an mbox file into messages: each starts after a `From ` line at the start of a line.
/// `>From ` (any number of `>`) lines are unquoted by one level, as mboxrd writers quote them.
struct MboxSplitter {
    let data: Data
    let path: String
    var position: Int
    var index = 0

    /// The mapping behind `data`, whose read pages are released as messages are split off.
    let file: MappedFile?

    init(data: Data, path: String, file: MappedFile? = nil) {
        self.data = data
        self.path = path
        self.file = file
        self.position = data.startIndex
    }

    /// An mbox starts with `From ` followed by a line that looks like an address and a date.
    static func looksLikeMbox(_ data: Data) -> Bool {
        data.count > 5 && data.prefix(5).elementsEqual("From ".utf8)
    }

    mutating func next() -> RawMessage? {
        file?.release(upTo: position - data.startIndex)
        let end = data.endIndex
        guard position < end else { return nil }
        // Skip the envelope line.
        var start = position
        if data[start...].starts(with: "From ".utf8) {
            start = lineEnd(after: start)
        }
        // Find the next "From " at the start of a line.
        var cursor = start
        var messageEnd = end
        while cursor < end {
            let next = lineEnd(after: cursor)
            if next < end, data[next...].starts(with: "From ".utf8) {
                messageEnd = next
                break
            }
            cursor = next
        }
        position = messageEnd
        index += 1
        var bytes = Self.unquote(data[start..<messageEnd])
        // The blank line before the next envelope belongs to the format, not the message.
        if messageEnd < end {
            if bytes.last == 0x0A { bytes.removeLast() }
            if bytes.last == 0x0D { bytes.removeLast() }
        }
        return RawMessage(origin: Origin(kind: .mbox, path: path, index: index), bytes: bytes)
    }

    private func lineEnd(after start: Int) -> Int {
        guard let newline = data[start...].firstIndex(of: 0x0A) else { return data.endIndex }
        return newline + 1
    }

    /// Removes one `>` from lines that are `>`s followed by `From `.
    static func unquote(_ slice: Data) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var atLineStart = true
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            if atLineStart, byte == 0x3E {
                var probe = index
                while probe < slice.endIndex, slice[probe] == 0x3E { probe += 1 }
                if slice[probe...].starts(with: "From ".utf8) {
                    index += 1  // drop one '>'
                    atLineStart = false
                    continue
                }
            }
            output.append(byte)
            atLineStart = byte == 0x0A
            index += 1
        }
        return output
    }
}
