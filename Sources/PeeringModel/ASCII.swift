/// Byte-level helpers shared by the parsers: they work on UTF-8 bytes, not on Characters.
///
/// `lowercased` is the package's one byte lower-casing: intake's mail and HTML parsers call it
/// per byte, so it is `@inlinable`. The type is `@usableFromInline` as well as `package`: without
/// that, Swift 6.3 does not inline a package type's inlinable members into another module.
@usableFromInline package enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLowerHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }
    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    @inlinable package static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLower(byte) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLower(byte) || isUpper(byte) }
    /// `byte` with A–Z mapped to a–z; every other byte (UTF-8 included) unchanged.
    @inlinable package static func lowercased(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte + 0x20 : byte }

    /// `bytes` as a String (invalid UTF-8 is repaired, never trapped on).
    static func string(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The character that starts at `index`, for error messages. `bytes` is valid UTF-8 cut at
    /// scalar boundaries, and the parsers only stop at an ASCII byte or at the first byte of a scalar.
    static func character(in bytes: ArraySlice<UInt8>, at index: Int) -> Character {
        let end = min(index + 4, bytes.endIndex)
        return string(bytes[index..<end]).unicodeScalars.first.map(Character.init) ?? "\u{FFFD}"
    }

    /// How `character` is named in a message: 'x', or a description when it would not show.
    static func quoted(_ character: Character) -> String {
        guard let scalar = character.unicodeScalars.first else { return "an empty character" }
        switch scalar.value {
        case 0x20: return "a space"
        case 0x09: return "a tab"
        case 0x0A, 0x0D: return "a line break"
        case 0..<0x20, 0x7F...0x9F: return "a control character"
        default:
            if isUnicodeSpace(scalar) { return "an invisible space (U+\(hex(scalar.value)))" }
            return "'\(character)'"
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The UTF-8 bytes of `text` without leading and trailing white space: ASCII space, tab and
    /// line ends, and the invisible or wide spaces that copy and paste brings (no-break space,
    /// the U+2000 block, zero-width space, narrow no-break space, ideographic space, BOM).
    static func trimmedBytes(_ text: some StringProtocol) -> ArraySlice<UInt8> {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, let width = spaceWidth(bytes[start..<end], at: start) { start += width }
        while end > start, let width = spaceWidth(endingAt: end, in: bytes[start..<end]) { end -= width }
        return bytes[start..<end]
    }

    /// `text` trimmed as `trimmedBytes` does.
    static func trimmed(_ text: some StringProtocol) -> String { string(trimmedBytes(text)) }

    /// The byte length of the white space starting at `index`, or nil.
    static func spaceWidth(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        if byte < 0x80 { return isASCIISpace(byte) ? 1 : nil }
        for space in unicodeSpaces where index + space.count <= bytes.endIndex {
            if bytes[index..<index + space.count].elementsEqual(space) { return space.count }
        }
        return nil
    }

    /// The byte length of the white space ending just before `end`, or nil.
    private static func spaceWidth(endingAt end: Int, in bytes: ArraySlice<UInt8>) -> Int? {
        let byte = bytes[end - 1]
        if byte < 0x80 { return isASCIISpace(byte) ? 1 : nil }
        for space in unicodeSpaces where end - space.count >= bytes.startIndex {
            if bytes[end - space.count..<end].elementsEqual(space) { return space.count }
        }
        return nil
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    static func isUnicodeSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00A0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// The UTF-8 encodings of the Unicode spaces trimmed besides ASCII white space.
    private static let unicodeSpaces: [[UInt8]] = {
        var scalars: [UInt32] = [0x00A0, 0x202F, 0x205F, 0x3000, 0xFEFF]
        scalars += Array(0x2000...0x200B)
        return scalars.compactMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
    }()

    /// The plain lower-case letter for the second UTF-8 byte of U+00C0…U+00FF (after 0xC3), or nil.
    package static func latinFold(_ second: UInt8) -> UInt8? {
        guard second >= 0x80, second <= 0xBF else { return nil }
        let letter = (second - 0x80) % 0x20  // the same letter in upper case (À…) and lower case (à…)
        switch letter {
        case 0x00...0x05: return 0x61  // a
        case 0x07: return 0x63  // c
        case 0x08...0x0B: return 0x65  // e
        case 0x0C...0x0F: return 0x69  // i
        case 0x11: return 0x6E  // n
        case 0x12...0x16, 0x18: return 0x6F  // o
        case 0x19...0x1C: return 0x75  // u
        case 0x1D: return 0x79  // y
        default: return second == 0xBF ? 0x79 : nil  // ÿ
        }
    }
}
