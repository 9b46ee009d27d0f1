/// Content-Transfer-Encoding decoders, lenient as mail readers must be: base64 skips junk and
/// tolerates missing padding; quoted-printable keeps an invalid escape as written.
enum TransferEncoding {
    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        // The URL-safe alphabet, which some generators use.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes base64, ignoring every byte outside the alphabet and stopping at padding.
    static func decodeBase64(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        base64Table.withUnsafeBufferPointer { table in
            for byte in input {
                let value = table[Int(byte)]
                if value == 0xFF {
                    if byte == Byte.equals, bits > 0 { bits = 0 }  // padding ends a quantum
                    continue
                }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
        }
        return output
    }

    /// Decodes quoted-printable: `=XX` escapes, soft line breaks (`=` at line end), trailing
    /// white space on lines removed. An `=` not followed by two hex digits stays as it is.
    static func decodeQuotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == Byte.equals {
                let next = index + 1 < end ? input[index + 1] : nil
                let afterNext = index + 2 < end ? input[index + 2] : nil
                if let next, let afterNext, Byte.isHexDigit(next), Byte.isHexDigit(afterNext) {
                    output.append(Byte.hexValue(next) << 4 | Byte.hexValue(afterNext))
                    index += 3
                    continue
                }
                // Soft line break: "=" then optional white space then a line end (or the end).
                var probe = index + 1
                while probe < end, input[probe] == Byte.space || input[probe] == Byte.tab { probe += 1 }
                if probe == end {
                    index = end
                    continue
                }
                if input[probe] == Byte.lf {
                    index = probe + 1
                    continue
                }
                if input[probe] == Byte.cr {
                    index = probe + 1 < end && input[probe + 1] == Byte.lf ? probe + 2 : probe + 1
                    continue
                }
                output.append(byte)
                index += 1
                continue
            }
            if byte == Byte.space || byte == Byte.tab {
                // Trailing white space before a line end was added in transport: drop it.
                var probe = index
                while probe < end, input[probe] == Byte.space || input[probe] == Byte.tab { probe += 1 }
                if probe == end || input[probe] == Byte.lf || input[probe] == Byte.cr {
                    index = probe
                    continue
                }
                output.append(contentsOf: input[index..<probe])
                index = probe
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }
}
