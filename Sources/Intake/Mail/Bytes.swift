import Glibc
import PeeringModel

/// Byte constants and small scanning helpers for the mail parser.
enum Byte {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let dash: UInt8 = 0x2D
    static let question: UInt8 = 0x3F

    /// Eight bytes read as one word: the high bit of each.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the eight bytes of `word` is `byte`: a match is a zero byte of `word ^
    /// byte…byte`, and `(v - 1…1) & ~v & 80…80` is non-zero exactly when `v` has a zero byte.
    @inline(__always)
    static func word(_ word: UInt64, contains byte: UInt8) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let match = word ^ (UInt64(byte) &* ones)
        return (match &- ones) & ~match & highBits != 0
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }

    /// Whether the bytes, ASCII-lower-cased, start with `prefix` (an ASCII literal), without
    /// making a String.
    static func startsLowercased(_ bytes: ArraySlice<UInt8>, with prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { pattern in
            guard bytes.count >= pattern.count else { return false }
            var index = bytes.startIndex
            for expected in pattern {
                if ASCII.lowercased(bytes[index]) != expected { return false }
                index += 1
            }
            return true
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    static func hexValue(_ byte: UInt8) -> UInt8 {
        if byte >= 0x30 && byte <= 0x39 { return byte - 0x30 }
        if byte >= 0x41 && byte <= 0x46 { return byte - 0x41 + 10 }
        return byte - 0x61 + 10
    }
}

extension Array where Element == UInt8 {
    /// The index just past the line that starts at `start`, and the end of its content (before
    /// CRLF, LF or a lone CR), within `limit`. The line end is found with memchr (a line feed,
    /// then a carriage return before it), not byte by byte.
    @inline(__always)
    func lineBounds(from start: Int, limit: Int) -> (contentEnd: Int, next: Int) {
        guard start < limit else { return (limit, limit) }
        return withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (limit, limit) }
            let lineFeed = memchr(base + start, Int32(Byte.lf), limit - start).map {
                base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
            let contentLimit = lineFeed ?? limit
            if contentLimit > start, let carriageReturn = memchr(base + start, Int32(Byte.cr), contentLimit - start) {
                let index = base.distance(to: carriageReturn.assumingMemoryBound(to: UInt8.self))
                return (index, index + 1 < limit && buffer[index + 1] == Byte.lf ? index + 2 : index + 1)
            }
            return lineFeed.map { ($0, $0 + 1) } ?? (limit, limit)
        }
    }
}

/// The bytes as a String when they are valid UTF-8, else nil: `String(validating:as:)`, whose
/// generic code looks up type metadata at every call (1,000 instructions a call, 13M over the
/// corpora), is left for text that is not ASCII; ASCII is valid UTF-8, checked eight bytes at a
/// time.
func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
    let isASCII = bytes.withUnsafeBufferPointer { buffer -> Bool in
        guard let base = buffer.baseAddress else { return true }
        var index = 0
        while index + 8 <= buffer.count {
            if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & Byte.highBits != 0 {
                return false
            }
            index += 8
        }
        while index < buffer.count {
            if buffer[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
    return isASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
}

/// Case-insensitive ASCII comparison of a byte slice with a lower-case literal.
func asciiEqualsLowercased(_ bytes: ArraySlice<UInt8>, _ lower: String) -> Bool {
    let utf8 = lower.utf8
    guard bytes.count == utf8.count else { return false }
    var index = bytes.startIndex
    for expected in utf8 {
        if ASCII.lowercased(bytes[index]) != expected { return false }
        index += 1
    }
    return true
}

func trimWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, Byte.isWhitespace(bytes[start]) { start += 1 }
    while end > start, Byte.isWhitespace(bytes[end - 1]) { end -= 1 }
    return bytes[start..<end]
}

extension String {
    /// Whether the text contains `needle` (Foundation's `contains`), searched byte by byte when
    /// the text is ASCII (a byte match is then a character match) instead of through
    /// Foundation's Unicode search, which costs thousands of instructions a call.
    func containsText(_ needle: StaticString) -> Bool {
        var text = self
        let found: Bool? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return needle.withUTF8Buffer { pattern in byteRange(of: pattern, in: bytes) != nil }
        }
        return found ?? contains(needle.description)
    }

    /// ``containsText(_:)`` for a needle known only at run time.
    func containsText(_ needle: String) -> Bool {
        var text = self
        var pattern = needle
        let found: Bool? = text.withUTF8 { bytes in
            pattern.withUTF8 { pattern in
                guard bytes.allSatisfy({ $0 < 0x80 }), pattern.allSatisfy({ $0 < 0x80 }) else { return nil }
                return byteRange(of: pattern, in: bytes) != nil
            }
        }
        return found ?? contains(needle)
    }

    /// Whether the UTF-8 contains `byte`, with memchr.
    func containsByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }
}

/// The first range of `pattern` in `bytes` (byte for byte), or nil.
func byteRange(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    guard let first = pattern.first, pattern.count <= bytes.count else { return pattern.isEmpty ? 0..<0 : nil }
    var index = 0
    let last = bytes.count - pattern.count
    while index <= last {
        if bytes[index] == first {
            var matched = 1
            while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
            if matched == pattern.count { return index..<(index + pattern.count) }
        }
        index += 1
    }
    return nil
}
