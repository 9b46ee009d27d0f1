/// Byte-level helpers shared by the parsers: they work on UTF-8 bytes, not on Characters.
enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLowerHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }
    static func isHex(_ byte: UInt8) -> Bool { isLowerHex(byte) || (byte >= 0x41 && byte <= 0x46) }
    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func lowercased(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte + 0x20 : byte }

    /// The UTF-8 bytes of `text` without leading and trailing white space: ASCII space, tab and
    /// line ends, and the invisible or wide spaces that copy and paste brings (no-break space,
    /// the U+2000 block, zero-width space, narrow no-break space, ideographic space, BOM).
    static func trimmedBytes(_ text: some StringProtocol) -> ArraySlice<UInt8> {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, let width = spaceWidth(bytes, at: start) { start += width }
        while end > start, let width = spaceWidthEnding(bytes, at: end) { end -= width }
        return bytes[start..<end]
    }

    /// The byte length of the white space starting at `index`, or nil.
    private static func spaceWidth(_ bytes: [UInt8], at index: Int) -> Int? {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return 1 }
        for space in unicodeSpaces where index + space.count <= bytes.count {
            if bytes[index..<index + space.count].elementsEqual(space) { return space.count }
        }
        return nil
    }

    /// The byte length of the white space ending just before `end`, or nil.
    private static func spaceWidthEnding(_ bytes: [UInt8], at end: Int) -> Int? {
        let byte = bytes[end - 1]
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return 1 }
        for space in unicodeSpaces where end - space.count >= 0 {
            if bytes[end - space.count..<end].elementsEqual(space) { return space.count }
        }
        return nil
    }

    private static let unicodeSpaces: [[UInt8]] = {
        var scalars: [UInt32] = [0x00A0, 0x202F, 0x205F, 0x3000, 0xFEFF]
        scalars += Array(0x2000...0x200B)
        return scalars.compactMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
    }()
}
