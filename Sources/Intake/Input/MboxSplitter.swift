import Foundation
import Glibc

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
        guard position < data.endIndex else { return nil }
        // Scanned through a pointer (memchr for line ends): subscripting Data byte by byte
        // cost about a million instructions a message.
        let base = data.startIndex
        let offset = position - base
        let (messageEnd, count, bytes): (Int, Int, [UInt8]) = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.count
            // Skip the envelope line.
            var start = offset
            if Self.startsWithFrom(bytes, at: start) { start = Self.lineEnd(bytes, after: start) }
            // Find the next "From " at the start of a line.
            var cursor = start
            var messageEnd = end
            while cursor < end {
                let next = Self.lineEnd(bytes, after: cursor)
                if next < end, Self.startsWithFrom(bytes, at: next) {
                    messageEnd = next
                    break
                }
                cursor = next
            }
            return (messageEnd, end, Self.unquote(UnsafeBufferPointer(rebasing: bytes[start..<messageEnd])))
        }
        position = base + messageEnd
        index += 1
        var message = bytes
        // The blank line before the next envelope belongs to the format, not the message.
        if messageEnd < count {
            if message.last == 0x0A { message.removeLast() }
            if message.last == 0x0D { message.removeLast() }
        }
        return RawMessage(origin: Origin(kind: .mbox, path: path, index: index), bytes: message)
    }

    private static func startsWithFrom(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 5 <= bytes.count && bytes[index] == 0x46 && bytes[index + 1] == 0x72 && bytes[index + 2] == 0x6F
            && bytes[index + 3] == 0x6D && bytes[index + 4] == 0x20
    }

    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
            let newline = memchr(base + start, 0x0A, bytes.count - start)
        else { return bytes.count }
        return base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// Removes one `>` from lines that are `>`s followed by `From `.
    static func unquote(_ slice: Data) -> [UInt8] {
        slice.withUnsafeBytes { unquote($0.bindMemory(to: UInt8.self)) }
    }

    static func unquote(_ slice: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var atLineStart = true
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            if atLineStart, byte == 0x3E {
                var probe = index
                while probe < slice.count, slice[probe] == 0x3E { probe += 1 }
                if startsWithFrom(slice, at: probe) {
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
