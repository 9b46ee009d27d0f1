/// An IPv4 address, parsed strictly: four decimal octets, each 0–255, without leading zeros
/// (`010` could be read as octal by other tools, so it is refused rather than guessed).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        self.init(value: try Self.parse(bytes, original: text, kind: .cidr))
    }

    private init(value: UInt32) {
        self.value = value
    }

    /// Parses the dotted quad in `bytes`; errors are reported as about `kind`.
    static func parse(
        _ bytes: ArraySlice<UInt8>,
        original: some StringProtocol,
        kind: ValueKind
    ) throws(ValueError)
        -> UInt32
    {
        var result: UInt32 = 0
        var octets = 0
        var index = bytes.startIndex
        while true {
            let start = index
            var octet: UInt32 = 0
            while index < bytes.endIndex, ASCII.isDigit(bytes[index]), index - start < 4 {
                octet = octet * 10 + UInt32(bytes[index] - 0x30)
                index += 1
            }
            let length = index - start
            guard length > 0, length < 4 else {
                throw ValueError(kind, original, .malformedAddress, "is not an IPv4 address such as 10.20.0.0")
            }
            if length > 1, bytes[start] == 0x30 {
                throw ValueError(
                    kind,
                    original,
                    .leadingZeroOctet,
                    "has a number with a leading zero; write each part of the address without one (10.2.0.0, not 10.02.0.0)"
                )
            }
            guard octet <= 255 else {
                throw ValueError(
                    kind,
                    original,
                    .octetOutOfRange,
                    "has a number above 255; each part of an IPv4 address is 0–255"
                )
            }
            result = result << 8 | octet
            octets += 1
            if octets == 4 { break }
            guard index < bytes.endIndex, bytes[index] == 0x2E else {
                throw ValueError(
                    kind,
                    original,
                    .malformedAddress,
                    "is not an IPv4 address such as 10.20.0.0 (it needs four parts)"
                )
            }
            index += 1
        }
        guard index == bytes.endIndex else {
            throw ValueError(kind, original, .malformedAddress, "is not an IPv4 address such as 10.20.0.0")
        }
        return result
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
