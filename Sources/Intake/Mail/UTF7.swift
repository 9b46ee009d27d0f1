/// UTF-7 (RFC 2152), decoded on bytes, leniently: mail labelled UTF-7 often comes from lax
/// encoders that leave a "+" unencoded ("+1 555 0100", "ana+aws@example.com", "C++"). iconv
/// reads such a "+" as the start of an encoded run, and everything after it as UTF-16, which
/// comes out as CJK noise. Here a run counts only when it is one a real encoder writes:
///
/// - at least 16 bits, and the bits left over after the last UTF-16 unit are fewer than six
///   and zero (RFC 2152);
/// - not only digits ("+100"), not ended by "@" (plus addressing), and decoding to no control
///   character or unpaired surrogate.
///
/// Otherwise the "+" is a "+" and what follows is read as ASCII. "+-" is "+"; a "-" right after
/// a run ends it and is dropped. A byte that is not ASCII has no place in UTF-7: it becomes
/// U+FFFD and the text is lossy.
enum UTF7 {
    static func decode(_ bytes: ArraySlice<UInt8>) -> (text: String, isLossy: Bool) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var isLossy = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x80 {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                isLossy = true
                index += 1
                continue
            }
            guard byte == 0x2B else {
                output.append(byte)
                index += 1
                continue
            }
            let runStart = index + 1
            var runEnd = runStart
            while runEnd < bytes.endIndex, sextet(bytes[runEnd]) != nil { runEnd += 1 }
            let terminated = runEnd < bytes.endIndex && bytes[runEnd] == 0x2D
            if runStart == runEnd {
                // "+-" is "+"; a "+" before anything else is itself.
                output.append(0x2B)
                index = terminated ? runEnd + 1 : runStart
                continue
            }
            let endsAtSign = runEnd < bytes.endIndex && bytes[runEnd] == 0x40
            if !endsAtSign, let units = units(bytes[runStart..<runEnd]), let scalars = scalars(units) {
                for scalar in scalars { output.append(contentsOf: String(Character(scalar)).utf8) }
                index = terminated ? runEnd + 1 : runEnd
            } else {
                output.append(0x2B)
                index = runStart
            }
        }
        return (String(decoding: output, as: UTF8.self), isLossy)
    }

    /// The value of a modified-base64 character, or nil.
    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x41...0x5A: return byte - 0x41
        case 0x61...0x7A: return byte - 0x61 + 26
        case 0x30...0x39: return byte - 0x30 + 52
        case 0x2B: return 62
        case 0x2F: return 63
        default: return nil
        }
    }

    /// The UTF-16 units of a run, or nil when it is too short, only digits, or leaves bits over.
    private static func units(_ run: ArraySlice<UInt8>) -> [UInt16]? {
        guard run.count >= 3, !run.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var units: [UInt16] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in run {
            guard let value = sextet(byte) else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 16 {
                bits -= 16
                units.append(UInt16(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        guard bits < 6, buffer == 0 else { return nil }
        return units
    }

    /// The characters of UTF-16 units, or nil for an unpaired surrogate or a control character.
    private static func scalars(_ units: [UInt16]) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value < 0x20, scalar != "\t", scalar != "\n", scalar != "\r" { return nil }
                scalars.append(scalar)
            case .emptyInput:
                return scalars
            case .error:
                return nil
            }
        }
    }
}
