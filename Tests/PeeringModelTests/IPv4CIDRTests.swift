import PeeringModel
import Testing

@Suite struct IPv4CIDRTests {
    @Test(arguments: [
        ("10.20.0.0/16", "10.20.0.0/16", false),
        ("0.0.0.0/0", "0.0.0.0/0", false),
        ("1.2.3.4/0", "0.0.0.0/0", true),
        ("255.255.255.255/32", "255.255.255.255/32", false),
        ("10.0.0.1/16", "10.0.0.0/16", true),
        ("10.20.0.255/24", "10.20.0.0/24", true),
        ("192.168.1.77/24", "192.168.1.0/24", true),
        ("192.168.1.77/32", "192.168.1.77/32", false),
        (" 172.31.0.0/16\u{00A0}", "172.31.0.0/16", false),
        ("\u{FEFF}\t10.8.0.0/13\r\n\u{3000}", "10.8.0.0/13", false),
        ("0.0.0.0/32", "0.0.0.0/32", false),
    ])
    func acceptsAndCanonicalizes(text: String, canonical: String, hostBits: Bool) throws {
        let cidr = try IPv4CIDR(parsing: text)
        #expect(cidr.description == canonical)
        #expect(cidr.hadHostBitsSet == hostBits)
    }

    @Test func aHostAddressIsClearedAndFlagged() throws {
        let cidr = try IPv4CIDR(parsing: "10.0.0.1/16")
        #expect(cidr.network == IPv4Address(0x0A00_0000))
        #expect(cidr.prefixLength == 16)
        #expect(cidr.hadHostBitsSet)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        (" \u{200B} ", .empty),
        ("10.20.0.0", .missingPrefixLength),
        ("10.20.0.0/33", .prefixOutOfRange),
        ("10.20.0.0/99", .prefixOutOfRange),
        ("10.20.0.0/100", .prefixOutOfRange),
        ("10.20.0.0/99999999999999999999999999", .prefixOutOfRange),
        ("10.20.0.0/", .malformedPrefixLength),
        ("10.20.0.0/016", .malformedPrefixLength),
        ("10.20.0.0/08", .malformedPrefixLength),
        ("10.20.0.0/00", .malformedPrefixLength),
        ("10.20.0.0/-1", .malformedPrefixLength),
        ("10.20.0.0/1a", .malformedPrefixLength),
        ("10.20.0.0/ 16", .malformedPrefixLength),
        ("10.20.0.0/16/16", .malformedPrefixLength),
        ("10.20.0.0/255.255.0.0", .malformedPrefixLength),
        ("10.20.0.0 /16", .malformedAddress),
        ("010.0.0.0/8", .leadingZeroOctet),
        ("10.020.0.0/16", .leadingZeroOctet),
        ("10.20.0.256/16", .octetOutOfRange),
        ("10.20.0.999/16", .octetOutOfRange),
        ("10.20.0.1234/16", .octetOutOfRange),
        ("10.20.0/16", .malformedAddress),
        ("10.20.0.0.0/16", .malformedAddress),
        ("10..0.0/16", .malformedAddress),
        ("10.20. 0.0/16", .malformedAddress),
        ("a.b.c.d/16", .malformedAddress),
        ("/16", .malformedAddress),
        ("10.0.0.0-10.0.255.255", .malformedAddress),
        ("hello", .malformedAddress),
        ("2001:db8::/32", .ipv6CIDR),
        ("::ffff:10.0.0.0/104", .ipv6CIDR),
        ("fe80::1", .ipv6CIDR),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try IPv4CIDR(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .cidr)
    }

    @Test(arguments: [
        ("2001:db8::/32", ["IPv6", "needs the VPC's IPv4 CIDR block"]),
        ("10.20.0.0", ["without a prefix length", "/n", "10.20.0.0/16"]),
        ("010.0.0.0/8", ["010", "octal", "(10)"]),
        ("10.20.0.256/16", ["256", "0 to 255"]),
        ("10.20.0.0/33", ["/33", "0 to 32"]),
        ("10.20.0.0/016", ["leading zero", "/16"]),
        ("10.20.0.0/255.255.240.0", ["netmask", "10.20.0.0/20"]),
        ("10.20.0.0/", ["nothing after the /"]),
    ])
    func messagesExplainAndAdvise(text: String, phrases: [String]) throws {
        let error = try #require(errorOf { try IPv4CIDR(parsing: text) })
        #expect(error.message.hasPrefix("\"\(text)\""))
        for phrase in phrases {
            #expect(error.message.contains(phrase), "\(error.message)")
        }
    }

    @Test(arguments: [-1, 33, 64, Int.min, Int.max])
    func theMemberwiseInitializerRefusesPrefixesOutOfRange(prefix: Int) {
        #expect(IPv4CIDR(network: IPv4Address(0x0A00_0000), prefixLength: prefix) == nil)
    }

    @Test func theMemberwiseInitializerClearsHostBits() throws {
        let cidr = try #require(IPv4CIDR(network: IPv4Address(0x0A14_0A01), prefixLength: 16))
        #expect(cidr.description == "10.20.0.0/16")
        #expect(cidr.hadHostBitsSet)
        let exact = try #require(IPv4CIDR(network: IPv4Address(0x0A14_0000), prefixLength: 16))
        #expect(!exact.hadHostBitsSet)
        #expect(try #require(IPv4CIDR(network: IPv4Address(0xFFFF_FFFF), prefixLength: 0)).description == "0.0.0.0/0")
        #expect(
            try #require(IPv4CIDR(network: IPv4Address(0xFFFF_FFFF), prefixLength: 32)).description
                == "255.255.255.255/32"
        )
    }

    @Test func equalityAndHashingIgnoreTheHostBitFlag() throws {
        let flagged = try IPv4CIDR(parsing: "10.20.0.1/16")
        let exact = try IPv4CIDR(parsing: "10.20.0.0/16")
        #expect(flagged.hadHostBitsSet != exact.hadHostBitsSet)
        #expect(flagged == exact)
        #expect(Set([flagged, exact]).count == 1)
        #expect(try IPv4CIDR(parsing: "10.20.0.0/16") != IPv4CIDR(parsing: "10.20.0.0/17"))
    }

    @Test func ordersByNetworkThenPrefixLength() throws {
        let blocks = try ["10.1.0.0/16", "10.0.0.0/16", "9.255.0.0/16", "10.0.0.0/8"].map { text in
            try IPv4CIDR(parsing: text)
        }
        #expect(blocks.sorted().map(\.description) == ["9.255.0.0/16", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16"])
    }

    @Test(arguments: [
        ("10.0.0.0/16", "10.1.0.0/16", false),  // touching, not overlapping
        ("10.0.0.0/16", "9.255.255.255/32", false),  // touching from below
        ("10.0.0.0/16", "10.0.255.255/32", true),
        ("10.0.0.0/16", "10.1.0.0/32", false),
        ("10.0.0.0/8", "10.200.0.0/16", true),
        ("10.200.0.0/16", "10.0.0.0/8", true),
        ("192.168.0.0/24", "192.168.0.128/25", true),
        ("192.168.0.0/25", "192.168.0.128/25", false),
        ("0.0.0.0/0", "203.0.113.0/24", true),
        ("255.255.255.255/32", "255.255.255.255/32", true),
    ])
    func overlapsBothSidesOfTheBoundary(a: String, b: String, overlaps: Bool) throws {
        let lhs = try IPv4CIDR(parsing: a)
        let rhs = try IPv4CIDR(parsing: b)
        #expect(lhs.overlaps(rhs) == overlaps)
        #expect(rhs.overlaps(lhs) == overlaps)
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.1.0.0/16", true),
        ("10.1.0.0/16", "10.0.0.0/8", false),
        ("10.1.0.0/16", "10.1.0.0/16", true),
        ("0.0.0.0/0", "255.255.255.255/32", true),
        ("10.0.0.0/16", "10.1.0.0/16", false),
        ("10.0.0.0/16", "10.0.128.0/17", true),
        ("10.0.0.0/17", "10.0.128.0/17", false),
    ])
    func containsBlocks(outer: String, inner: String, contains: Bool) throws {
        #expect(try IPv4CIDR(parsing: outer).contains(IPv4CIDR(parsing: inner)) == contains)
    }

    @Test(arguments: [
        ("10.0.0.0/16", "10.0.0.0", true),
        ("10.0.0.0/16", "10.0.255.255", true),
        ("10.0.0.0/16", "10.1.0.0", false),
        ("10.0.0.0/16", "9.255.255.255", false),
        ("192.0.2.7/32", "192.0.2.7", true),
        ("192.0.2.7/32", "192.0.2.8", false),
        ("0.0.0.0/0", "255.255.255.255", true),
    ])
    func containsAddresses(block: String, address: String, contains: Bool) throws {
        #expect(try IPv4CIDR(parsing: block).contains(IPv4Address(parsing: address)) == contains)
    }

    @Test(arguments: [
        ("10.20.0.0/20", "10.20.0.0", "10.20.15.255", 4096 as UInt64, 0xFFFF_F000 as UInt32),
        ("0.0.0.0/0", "0.0.0.0", "255.255.255.255", 1 << 32, 0),
        ("192.0.2.7/32", "192.0.2.7", "192.0.2.7", 1, 0xFFFF_FFFF),
        ("128.0.0.0/1", "128.0.0.0", "255.255.255.255", 1 << 31, 0x8000_0000),
    ])
    func rangeProperties(text: String, first: String, last: String, count: UInt64, netmask: UInt32) throws {
        let cidr = try IPv4CIDR(parsing: text)
        #expect(cidr.firstAddress.description == first)
        #expect(cidr.lastAddress.description == last)
        #expect(cidr.addressCount == count)
        #expect(cidr.netmask == netmask)
    }
}

@Suite struct IPv4CIDRClassificationTests {
    @Test(arguments: [
        ("10.20.0.0/16", true, false, nil as IPv4CIDR.ReservedBlock?, false),
        ("10.0.0.0/8", true, false, nil, false),
        ("10.0.0.0/7", false, false, nil, false),
        ("172.16.0.0/12", true, false, nil, true),
        ("172.17.5.0/24", true, false, nil, true),
        ("172.18.0.0/16", true, false, nil, false),
        ("172.32.0.0/16", false, false, nil, false),
        ("192.168.0.0/16", true, false, nil, false),
        ("192.168.0.0/15", false, false, nil, false),
        ("8.8.8.0/24", false, false, nil, false),
        ("100.64.1.0/24", false, true, nil, false),
        ("100.64.0.0/10", false, true, nil, false),
        ("100.64.0.0/9", false, false, nil, false),
        ("100.128.0.0/16", false, false, nil, false),
        ("169.254.0.0/16", false, false, .linkLocal, false),
        ("169.254.169.254/32", false, false, .linkLocal, false),
        ("127.0.0.0/16", false, false, .loopback, false),
        ("126.255.0.0/16", false, false, nil, false),
        ("223.255.255.0/24", false, false, nil, false),
        ("224.0.0.0/24", false, false, .multicast, false),
        ("239.255.0.0/16", false, false, .multicast, false),
        ("240.0.0.0/16", false, false, .reservedFuture, false),
        ("255.255.255.255/32", false, false, .reservedFuture, false),
        ("0.0.0.0/16", false, false, .thisNetwork, false),
        ("0.0.0.0/0", false, false, .thisNetwork, true),
        ("1.0.0.0/8", false, false, nil, false),
    ])
    func classification(
        text: String,
        isPrivate: Bool,
        isShared: Bool,
        reserved: IPv4CIDR.ReservedBlock?,
        docker: Bool
    ) throws {
        let cidr = try IPv4CIDR(parsing: text)
        #expect(cidr.isPrivate == isPrivate)
        #expect(cidr.isSharedAddressSpace == isShared)
        #expect(cidr.reservedBlock == reserved)
        #expect(cidr.overlapsDockerBridge == docker)
    }

    @Test func theBlocksAreTheRFCBlocks() {
        #expect(IPv4CIDR.rfc1918.map(\.description) == ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
        #expect(IPv4CIDR.sharedAddressSpace.description == "100.64.0.0/10")
        #expect(IPv4CIDR.linkLocal.description == "169.254.0.0/16")
        #expect(IPv4CIDR.loopback.description == "127.0.0.0/8")
        #expect(IPv4CIDR.multicast.description == "224.0.0.0/4")
        #expect(IPv4CIDR.thisNetwork.description == "0.0.0.0/8")
        #expect(IPv4CIDR.reservedFuture.description == "240.0.0.0/4")
        #expect(IPv4CIDR.dockerBridge.description == "172.17.0.0/16")
    }

    @Test(arguments: [
        (IPv4CIDR.ReservedBlock.thisNetwork, "0.0.0.0/8", "0.0.0.0/8 (\"this network\")"),
        (.loopback, "127.0.0.0/8", "127.0.0.0/8 (loopback)"),
        (.linkLocal, "169.254.0.0/16", "169.254.0.0/16 (link-local)"),
        (.multicast, "224.0.0.0/4", "224.0.0.0/4 (multicast)"),
        (.reservedFuture, "240.0.0.0/4", "240.0.0.0/4 (reserved for future use)"),
    ])
    func reservedBlocksNameTheirBlock(block: IPv4CIDR.ReservedBlock, cidr: String, rawValue: String) {
        #expect(block.block.description == cidr)
        #expect(block.rawValue == rawValue)
        #expect(block.block.reservedBlock == block)
    }
}
