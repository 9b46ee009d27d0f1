/// An IPv4 CIDR block such as `10.20.0.0/16`.
///
/// Parsing is strict (see `IPv4Address`) and the prefix length is required. Host bits are
/// cleared, and `hadHostBitsSet` remembers that they were set (`10.20.0.1/16` is read as
/// `10.20.0.0/16`, flagged). Equality ignores the flag: two blocks are equal when they cover the
/// same addresses.
public struct IPv4CIDR: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The first address, host bits cleared.
    public let network: IPv4Address
    public let prefixLength: Int
    public let hadHostBitsSet: Bool

    /// The block of `prefixLength` around `network` (host bits cleared); `nil` outside 0…32.
    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        let mask = Self.mask(prefixLength)
        self.network = IPv4Address(network.value & mask)
        self.prefixLength = prefixLength
        self.hadHostBitsSet = network.value & ~mask != 0
    }

    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.cidr, text, .empty, "is empty") }
        if bytes.contains(0x3A) {
            throw ValueError(
                .cidr,
                text,
                .ipv6CIDR,
                "is an IPv6 block; the peering needs the VPC's IPv4 CIDR block, such as 10.20.0.0/16"
            )
        }
        guard let slash = bytes.firstIndex(of: 0x2F) else {
            throw ValueError(
                .cidr,
                text,
                .missingPrefixLength,
                "has no prefix length; write the whole CIDR block, such as \(ValueError.displayable(text))/16"
            )
        }
        let address = try IPv4Address.parse(bytes[bytes.startIndex..<slash], original: text, kind: .cidr)
        let prefixBytes = bytes[(slash + 1)...]
        guard !prefixBytes.isEmpty, prefixBytes.count <= 2, prefixBytes.allSatisfy(ASCII.isDigit),
            !(prefixBytes.count == 2 && prefixBytes.first == 0x30)
        else {
            throw ValueError(.cidr, text, .prefixOutOfRange, "has a prefix length that is not a number from 0 to 32")
        }
        let prefix = prefixBytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard let cidr = IPv4CIDR(network: IPv4Address(address), prefixLength: prefix) else {
            throw ValueError(.cidr, text, .prefixOutOfRange, "has a prefix length above 32")
        }
        self = cidr
    }

    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    public var netmask: UInt32 { Self.mask(prefixLength) }
    public var firstAddress: IPv4Address { network }
    public var lastAddress: IPv4Address { IPv4Address(network.value | ~netmask) }
    public var addressCount: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & netmask == network.value
    }

    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: IPv4CIDR) -> Bool {
        contains(other.network) || other.contains(network)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public static func == (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
        lhs.network == rhs.network && lhs.prefixLength == rhs.prefixLength
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(network)
        hasher.combine(prefixLength)
    }

    public static func < (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
        (lhs.network.value, lhs.prefixLength) < (rhs.network.value, rhs.prefixLength)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try IPv4CIDR(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// MARK: - Classification

extension IPv4CIDR {
    /// A special-purpose block that cannot be the CIDR of a peered VPC.
    public enum ReservedBlock: String, Sendable, Hashable, CaseIterable {
        case thisNetwork = "0.0.0.0/8 (\"this network\")"
        case loopback = "127.0.0.0/8 (loopback)"
        case linkLocal = "169.254.0.0/16 (link-local)"
        case multicast = "224.0.0.0/4 (multicast)"
        case reservedFuture = "240.0.0.0/4 (reserved)"

        public var block: IPv4CIDR {
            switch self {
            case .thisNetwork: return IPv4CIDR.block(0x0000_0000, 8)
            case .loopback: return IPv4CIDR.block(0x7F00_0000, 8)
            case .linkLocal: return IPv4CIDR.block(0xA9FE_0000, 16)
            case .multicast: return IPv4CIDR.block(0xE000_0000, 4)
            case .reservedFuture: return IPv4CIDR.block(0xF000_0000, 4)
            }
        }
    }

    /// 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.
    public static let rfc1918: [IPv4CIDR] = [block(0x0A00_0000, 8), block(0xAC10_0000, 12), block(0xC0A8_0000, 16)]
    /// 100.64.0.0/10, carrier-grade NAT space (RFC 6598), which AWS also allows in a VPC.
    public static let sharedAddressSpace = block(0x6440_0000, 10)
    /// 172.17.0.0/16, Docker's default bridge network.
    public static let dockerBridge = block(0xAC11_0000, 16)

    /// Entirely inside one RFC 1918 private block.
    public var isPrivate: Bool { Self.rfc1918.contains { $0.contains(self) } }

    /// Entirely inside 100.64.0.0/10.
    public var isSharedAddressSpace: Bool { Self.sharedAddressSpace.contains(self) }

    /// The first special-purpose block this CIDR overlaps, or `nil`.
    public var reservedBlock: ReservedBlock? { ReservedBlock.allCases.first { $0.block.overlaps(self) } }

    public var overlapsDockerBridge: Bool { Self.dockerBridge.overlaps(self) }

    /// A block from constants known to be valid.
    fileprivate static func block(_ network: UInt32, _ prefixLength: Int) -> IPv4CIDR {
        IPv4CIDR(exactNetwork: IPv4Address(network), prefixLength: prefixLength)
    }

    private init(exactNetwork: IPv4Address, prefixLength: Int) {
        self.network = exactNetwork
        self.prefixLength = prefixLength
        self.hadHostBitsSet = false
    }
}
