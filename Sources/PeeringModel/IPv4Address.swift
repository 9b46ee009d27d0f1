/// An IPv4 address, parsed strictly: exactly four decimal octets, each 0–255, without leading
/// zeros (`010` could be read as octal by other tools, so it is refused rather than guessed) and
/// without spaces inside.
public struct IPv4Address: ParsedValue, Comparable {
    /// The address as a 32-bit number, first octet in the high byte.
    public let value: UInt32

    /// The address with this 32-bit value.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses a dotted quad such as `10.20.0.1`; white space around it is ignored. Errors are about `.cidr`.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.cidr, text, .empty, "is empty") }
        if bytes.contains(0x3A) {
            throw ValueError(.cidr, text, .ipv6CIDR, "is an IPv6 address; an IPv4 address is such as 10.20.0.1")
        }
        self.init(try Self.parse(bytes, original: text))
    }

    /// Parses the dotted quad that is all of `bytes`; errors quote `original`.
    static func parse(_ bytes: ArraySlice<UInt8>, original: some StringProtocol) throws(ValueError) -> UInt32 {
        let example = "an IPv4 address is four numbers from 0 to 255 separated by dots, such as 10.20.0.0"
        var result: UInt32 = 0
        var index = bytes.startIndex
        for octetNumber in 1...4 {
            let start = index
            var octet = 0
            while index < bytes.endIndex, ASCII.isDigit(bytes[index]) {
                octet = min(octet * 10 + Int(bytes[index] - 0x30), 10_000)  // capped: no overflow on long runs
                index += 1
            }
            let digits = bytes[start..<index]
            guard !digits.isEmpty else {
                throw ValueError(.cidr, original, .malformedAddress, Self.missing(bytes, at: index, example: example))
            }
            if digits.count > 1, digits.first == 0x30 {
                throw ValueError(
                    .cidr,
                    original,
                    .leadingZeroOctet,
                    "has \(ASCII.string(digits)), a number with a leading zero, which some tools read as octal; "
                        + "write it without the zero (\(Self.withoutLeadingZeros(digits)))"
                )
            }
            guard octet <= 255 else {
                throw ValueError(
                    .cidr,
                    original,
                    .octetOutOfRange,
                    "has \(ASCII.string(digits)), but each number of an IPv4 address is 0 to 255"
                )
            }
            result = result << 8 | UInt32(octet)
            if octetNumber < 4 {
                guard index < bytes.endIndex, bytes[index] == 0x2E else {
                    let detail =
                        index == bytes.endIndex
                        ? "has only \(octetNumber) of the four numbers of an IPv4 address; \(example)"
                        : Self.unexpected(bytes, at: index, example: example)
                    throw ValueError(.cidr, original, .malformedAddress, detail)
                }
                index += 1
            }
        }
        guard index == bytes.endIndex else {
            let detail =
                bytes[index] == 0x2E
                ? "has more than four numbers; \(example)" : Self.unexpected(bytes, at: index, example: example)
            throw ValueError(.cidr, original, .malformedAddress, detail)
        }
        return result
    }

    /// The message for a missing number at `index`.
    private static func missing(_ bytes: ArraySlice<UInt8>, at index: Int, example: String) -> String {
        if index < bytes.endIndex, bytes[index] != 0x2E { return unexpected(bytes, at: index, example: example) }
        return "is missing a number (an empty part between dots); \(example)"
    }

    /// The message for an unexpected character at `index`.
    private static func unexpected(_ bytes: ArraySlice<UInt8>, at index: Int, example: String) -> String {
        let character = ASCII.character(in: bytes, at: index)
        return "has \(ASCII.quoted(character)) where a digit or a dot belongs; \(example)"
    }

    private static func withoutLeadingZeros(_ digits: ArraySlice<UInt8>) -> String {
        let rest = digits.drop { $0 == 0x30 }
        return rest.isEmpty ? "0" : ASCII.string(rest)
    }

    /// The dotted quad, such as `10.20.0.1`.
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
