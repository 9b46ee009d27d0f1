/// An IPv4 CIDR block such as `10.20.0.0/16`.
///
/// Parsing is strict (see `IPv4Address`) and the prefix length is required. Host bits are
/// cleared, and `hadHostBitsSet` remembers that they were set (`10.20.0.1/16` is read as
/// `10.20.0.0/16`, flagged). Equality, hashing and order ignore the flag: two blocks are equal
/// when they cover the same addresses. Decoding parses, so a decoded block keeps the flag; encoding
/// writes the canonical block.
public struct IPv4CIDR: ParsedValue, Comparable {
    /// The first address of the block (host bits cleared).
    public let network: IPv4Address
    /// The number of leading network bits, 0…32.
    public let prefixLength: Int
    /// The address given had bits set beyond the prefix (they were cleared).
    public let hadHostBitsSet: Bool

    /// The block of `prefixLength` around `network`, host bits cleared (and `hadHostBitsSet` set
    /// when there were any); `nil` when `prefixLength` is outside 0…32.
    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        let mask = Self.mask(prefixLength)
        self.network = IPv4Address(network.value & mask)
        self.prefixLength = prefixLength
        self.hadHostBitsSet = network.value & ~mask != 0
    }

    /// A block from constants known to be valid (prefixLength in 0…32, no host bits).
    init(constant network: UInt32, _ prefixLength: Int) {
        self.network = IPv4Address(network & Self.mask(prefixLength))
        self.prefixLength = min(max(prefixLength, 0), 32)
        self.hadHostBitsSet = false
    }

    /// Parses `a.b.c.d/n`; white space around it is ignored, none inside is allowed.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        let example = "such as 10.20.0.0/16 (the VPC console shows it in the IPv4 CIDR column)"
        guard !bytes.isEmpty else {
            throw ValueError(.cidr, text, .empty, "is empty; send the VPC's CIDR block, \(example)")
        }
        if bytes.contains(0x3A) {
            throw ValueError(
                .cidr,
                text,
                .ipv6CIDR,
                "is IPv6; VPC peering here needs the VPC's IPv4 CIDR block, \(example)"
            )
        }
        guard let slash = bytes.firstIndex(of: 0x2F) else {
            let address = IPv4Address(try IPv4Address.parse(bytes, original: text))
            throw ValueError(
                .cidr,
                text,
                .missingPrefixLength,
                "is an address without a prefix length; send the whole CIDR block with its /n, "
                    + "such as \(address)/16 (the VPC console shows it in the IPv4 CIDR column)"
            )
        }
        let address = IPv4Address(try IPv4Address.parse(bytes[..<slash], original: text))
        let prefix = try Self.parsePrefix(bytes[(slash + 1)...], address: address, original: text)
        guard let cidr = IPv4CIDR(network: address, prefixLength: prefix) else {
            throw ValueError(
                .cidr,
                text,
                .prefixOutOfRange,
                "has the prefix length /\(prefix); an IPv4 prefix length is 0 to 32 (a VPC's is /16 to /28)"
            )
        }
        self = cidr
    }

    /// The number after the slash (capped, so a long run of digits cannot overflow).
    private static func parsePrefix(
        _ bytes: ArraySlice<UInt8>,
        address: IPv4Address,
        original: some StringProtocol
    ) throws(ValueError) -> Int {
        guard !bytes.isEmpty else {
            throw ValueError(
                .cidr,
                original,
                .malformedPrefixLength,
                "has nothing after the /; write the prefix length, such as \(address)/16"
            )
        }
        if bytes.contains(0x2E), let mask = try? IPv4Address.parse(bytes, original: original),
            let length = prefixLength(ofNetmask: mask)
        {
            throw ValueError(
                .cidr,
                original,
                .malformedPrefixLength,
                "has a netmask after the /; write the prefix length instead: \(address)/\(length)"
            )
        }
        if let bad = bytes.firstIndex(where: { !ASCII.isDigit($0) }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                .cidr,
                original,
                .malformedPrefixLength,
                "has \(ASCII.quoted(character)) in the prefix length, which is a number from 0 to 32, "
                    + "such as \(address)/16"
            )
        }
        let value = bytes.reduce(0) { min($0 * 10 + Int($1 - 0x30), 1000) }
        if bytes.count > 1, bytes.first == 0x30 {
            throw ValueError(
                .cidr,
                original,
                .malformedPrefixLength,
                "has a prefix length with a leading zero; write /\(min(value, 999)) without it"
            )
        }
        return value
    }

    /// The prefix length of a contiguous netmask such as 255.255.0.0, or nil.
    private static func prefixLength(ofNetmask mask: UInt32) -> Int? {
        let length = (~mask).leadingZeroBitCount  // the leading one bits of the mask
        return mask == Self.mask(length) ? length : nil
    }

    /// The netmask of `prefixLength` bits (0…32).
    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength <= 0 ? 0 : UInt32.max << UInt32(32 - min(prefixLength, 32))
    }

    /// The netmask as a 32-bit number: `prefixLength` one bits, then zeros.
    public var netmask: UInt32 { Self.mask(prefixLength) }
    /// The first address, the network address itself.
    public var firstAddress: IPv4Address { network }
    /// The last address of the block.
    public var lastAddress: IPv4Address { IPv4Address(network.value | ~netmask) }
    /// How many addresses the block covers: 2^(32 - prefixLength).
    public var addressCount: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// `address` is inside the block.
    public func contains(_ address: IPv4Address) -> Bool {
        address.value & netmask == network.value
    }

    /// Every address of `other` is inside this block.
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    /// The blocks share at least one address (for CIDR blocks: one contains the other).
    public func overlaps(_ other: IPv4CIDR) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// `10.20.0.0/16`: the network address and the prefix length.
    public var description: String { "\(network)/\(prefixLength)" }

    public static func == (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
        lhs.network == rhs.network && lhs.prefixLength == rhs.prefixLength
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(network)
        hasher.combine(prefixLength)
    }

    /// By network address, then prefix length (a wider block first).
    public static func < (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
        (lhs.network.value, lhs.prefixLength) < (rhs.network.value, rhs.prefixLength)
    }
}
