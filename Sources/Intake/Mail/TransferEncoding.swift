import CByteSearch
import Glibc

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
        // Written through a pointer into storage of the largest possible size (3 bytes for every
        // 4 input bytes), then trimmed: no per-byte capacity checks.
        let capacity = input.count * 3 / 4 + 3
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            var produced = 0
            var accumulator: UInt32 = 0
            var bits = 0
            base64Table.withUnsafeBufferPointer { table in
                input.withUnsafeBufferPointer { bytes in
                    for byte in bytes {
                        let value = table[Int(byte)]
                        if value == 0xFF {
                            if byte == Byte.equals, bits > 0 { bits = 0 }  // padding ends a quantum
                            continue
                        }
                        accumulator = accumulator << 6 | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            output[produced] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            produced += 1
                        }
                    }
                }
            }
            count = produced
        }
    }

    /// How many bytes ``decodeBase64(_:)`` would produce, without producing them: the size of
    /// an attachment that is not text, which nothing reads. Every byte of the alphabet carries 6
    /// bits, a byte is made for each 8 of them, and padding drops the bits of an unfinished
    /// quantum, so each run between two `=` makes 6 × (its alphabet bytes) / 8 bytes.
    static func decodedBase64Count(_ input: ArraySlice<UInt8>) -> Int {
        input.withUnsafeBufferPointer { bytes in
            guard var start = bytes.baseAddress else { return 0 }
            let end = start + bytes.count
            var produced = 0
            // Runs between "=" bytes (memchr), each counted by a loop C vectorizes.
            while start < end {
                let equals = memchr(start, Int32(Byte.equals), end - start)?.assumingMemoryBound(to: UInt8.self)
                let runEnd = equals.map { UnsafePointer($0) } ?? end
                produced += peerdesk_base64_alphabet_count(start, runEnd - start) * 6 / 8
                start = runEnd + (equals == nil ? 0 : 1)
            }
            return produced
        }
    }

    /// Decodes quoted-printable: `=XX` escapes, soft line breaks (`=` at line end), trailing
    /// white space on lines removed. An `=` not followed by two hex digits stays as it is.
    static func decodeQuotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        // The output is never longer than the input.
        [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
            count = input.withUnsafeBufferPointer { decodeQuotedPrintable($0, into: output) }
        }
    }

    private static func decodeQuotedPrintable(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var produced = 0
        var index = 0
        let end = input.count
        while index < end {
            let byte = input[index]
            if byte == Byte.equals {
                if index + 2 < end, Byte.isHexDigit(input[index + 1]), Byte.isHexDigit(input[index + 2]) {
                    output[produced] = Byte.hexValue(input[index + 1]) << 4 | Byte.hexValue(input[index + 2])
                    produced += 1
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
                output[produced] = byte
                produced += 1
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
                while index < probe {
                    output[produced] = input[index]
                    produced += 1
                    index += 1
                }
                continue
            }
            output[produced] = byte
            produced += 1
            index += 1
        }
        return produced
    }
}
