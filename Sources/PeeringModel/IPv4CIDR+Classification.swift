// The special-purpose blocks a VPC CIDR is checked against.

extension IPv4CIDR {
    /// A special-purpose block that cannot be the CIDR block of a peered VPC.
    public enum ReservedBlock: String, Sendable, Hashable, CaseIterable {
        case thisNetwork = "0.0.0.0/8 (\"this network\")"
        case loopback = "127.0.0.0/8 (loopback)"
        case linkLocal = "169.254.0.0/16 (link-local)"
        case multicast = "224.0.0.0/4 (multicast)"
        case reservedFuture = "240.0.0.0/4 (reserved for future use)"

        /// The block itself.
        public var block: IPv4CIDR {
            switch self {
            case .thisNetwork: return IPv4CIDR.thisNetwork
            case .loopback: return IPv4CIDR.loopback
            case .linkLocal: return IPv4CIDR.linkLocal
            case .multicast: return IPv4CIDR.multicast
            case .reservedFuture: return IPv4CIDR.reservedFuture
            }
        }
    }

    /// The RFC 1918 private blocks: 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16.
    public static let rfc1918: [IPv4CIDR] = [
        IPv4CIDR(constant: 0x0A00_0000, 8), IPv4CIDR(constant: 0xAC10_0000, 12), IPv4CIDR(constant: 0xC0A8_0000, 16),
    ]
    /// 100.64.0.0/10, the shared address space of RFC 6598 (carrier-grade NAT), which a VPC may also use.
    public static let sharedAddressSpace = IPv4CIDR(constant: 0x6440_0000, 10)
    /// 169.254.0.0/16, link-local addresses.
    public static let linkLocal = IPv4CIDR(constant: 0xA9FE_0000, 16)
    /// 127.0.0.0/8, loopback.
    public static let loopback = IPv4CIDR(constant: 0x7F00_0000, 8)
    /// 224.0.0.0/4, multicast.
    public static let multicast = IPv4CIDR(constant: 0xE000_0000, 4)
    /// 0.0.0.0/8, "this network".
    public static let thisNetwork = IPv4CIDR(constant: 0x0000_0000, 8)
    /// 240.0.0.0/4, reserved for future use (and the broadcast address).
    public static let reservedFuture = IPv4CIDR(constant: 0xF000_0000, 4)
    /// 172.17.0.0/16, Docker's default bridge network.
    public static let dockerBridge = IPv4CIDR(constant: 0xAC11_0000, 16)

    /// Entirely inside one RFC 1918 private block.
    public var isPrivate: Bool { Self.rfc1918.contains { $0.contains(self) } }

    /// Entirely inside 100.64.0.0/10.
    public var isSharedAddressSpace: Bool { Self.sharedAddressSpace.contains(self) }

    /// The special-purpose block this block overlaps (the first in `ReservedBlock.allCases`
    /// order when it overlaps several, as 0.0.0.0/0 does), or `nil`.
    public var reservedBlock: ReservedBlock? { ReservedBlock.allCases.first { $0.block.overlaps(self) } }

    /// Shares addresses with Docker's default bridge network 172.17.0.0/16.
    public var overlapsDockerBridge: Bool { Self.dockerBridge.overlaps(self) }
}
