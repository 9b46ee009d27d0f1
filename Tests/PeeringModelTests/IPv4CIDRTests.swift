import PeeringModel
import PropertyBased
import Testing

@Suite struct IPv4CIDRTests {
    @Test(arguments: [
        ("10.20.0.0/16", "10.20.0.0/16", false),
        ("0.0.0.0/0", "0.0.0.0/0", false),
        ("255.255.255.255/32", "255.255.255.255/32", false),
        ("10.20.0.1/16", "10.20.0.0/16", true),
        ("192.168.1.77/24", "192.168.1.0/24", true),
        (" 172.31.0.0/16\u{00A0}", "172.31.0.0/16", false),
        ("0.0.0.0/32", "0.0.0.0/32", false),
    ])
    func acceptsAndCanonicalizes(text: String, canonical: String, hostBits: Bool) throws {
        let cidr = try IPv4CIDR(parsing: text)
        #expect(cidr.description == canonical)
        #expect(cidr.hadHostBitsSet == hostBits)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("10.20.0.0", .missingPrefixLength),
        ("10.20.0.0/33", .prefixOutOfRange),
        ("10.20.0.0/", .prefixOutOfRange),
        ("10.20.0.0/016", .prefixOutOfRange),
        ("10.20.0.0/08", .prefixOutOfRange),
        ("10.20.0.0/-1", .prefixOutOfRange),
        ("10.20.0.0/1a", .prefixOutOfRange),
        ("010.20.0.0/16", .leadingZeroOctet),
        ("10.020.0.0/16", .leadingZeroOctet),
        ("10.20.0.256/16", .octetOutOfRange),
        ("10.20.0.999/16", .octetOutOfRange),
        ("10.20.0/16", .malformedAddress),
        ("10.20.0.0.0/16", .malformedAddress),
        ("10..0.0/16", .malformedAddress),
        ("10.20.0.1234/16", .malformedAddress),
        ("10.20. 0.0/16", .malformedAddress),
        ("a.b.c.d/16", .malformedAddress),
        ("2001:db8::/32", .ipv6CIDR),
        ("::ffff:10.0.0.0/104", .ipv6CIDR),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        #expect(reasonOf { try IPv4CIDR(parsing: text) } == reason)
    }

    @Test func ipv6IsExplained() {
        let message = errorOf { try IPv4CIDR(parsing: "2001:db8::/32") }?.message ?? ""
        #expect(message.contains("IPv6"))
        #expect(message.contains("IPv4 CIDR block"))
    }

    @Test func equalityIgnoresTheHostBitFlag() throws {
        #expect(try IPv4CIDR(parsing: "10.20.0.1/16") == IPv4CIDR(parsing: "10.20.0.0/16"))
        #expect(Set([try IPv4CIDR(parsing: "10.20.0.1/16"), try IPv4CIDR(parsing: "10.20.0.0/16")]).count == 1)
    }

    @Test(arguments: [
        ("10.0.0.0/16", "10.1.0.0/16", false),  // touching, not overlapping
        ("10.0.0.0/16", "10.0.255.255/32", true),
        ("10.0.0.0/16", "10.1.0.0/32", false),
        ("10.0.0.0/8", "10.200.0.0/16", true),
        ("10.200.0.0/16", "10.0.0.0/8", true),
        ("192.168.0.0/24", "192.168.0.128/25", true),
        ("192.168.0.0/25", "192.168.0.128/25", false),
        ("0.0.0.0/0", "203.0.113.0/24", true),
    ])
    func overlapsBothSidesOfTheBoundary(a: String, b: String, overlaps: Bool) throws {
        let lhs = try IPv4CIDR(parsing: a)
        let rhs = try IPv4CIDR(parsing: b)
        #expect(lhs.overlaps(rhs) == overlaps)
        #expect(rhs.overlaps(lhs) == overlaps)
    }

    @Test func rangeProperties() throws {
        let cidr = try IPv4CIDR(parsing: "10.20.0.0/20")
        #expect(cidr.firstAddress.description == "10.20.0.0")
        #expect(cidr.lastAddress.description == "10.20.15.255")
        #expect(cidr.addressCount == 4096)
        #expect(cidr.netmask == 0xFFFF_F000)
        #expect(try IPv4CIDR(parsing: "0.0.0.0/0").addressCount == 1 << 32)
    }

    @Test(arguments: [
        ("10.20.0.0/16", true, false, nil as IPv4CIDR.ReservedBlock?, false),
        ("172.16.0.0/12", true, false, nil, true),
        ("172.17.5.0/24", true, false, nil, true),
        ("172.18.0.0/16", true, false, nil, false),
        ("192.168.0.0/16", true, false, nil, false),
        ("192.168.0.0/15", false, false, nil, false),
        ("8.8.8.0/24", false, false, nil, false),
        ("100.64.1.0/24", false, true, nil, false),
        ("100.128.0.0/16", false, false, nil, false),
        ("169.254.0.0/16", false, false, .linkLocal, false),
        ("127.0.0.0/16", false, false, .loopback, false),
        ("224.0.0.0/24", false, false, .multicast, false),
        ("239.255.0.0/16", false, false, .multicast, false),
        ("240.0.0.0/16", false, false, .reservedFuture, false),
        ("0.0.0.0/16", false, false, .thisNetwork, false),
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

    @Test func addressesParseStrictly() throws {
        #expect(try IPv4Address(parsing: "192.0.2.1").value == 0xC000_0201)
        #expect(IPv4Address(0xC000_0201).description == "192.0.2.1")
        #expect(reasonOf { try IPv4Address(parsing: "192.0.2.01") } == .leadingZeroOctet)
    }
}

/// The CIDR algebra, checked on generated blocks against independent arithmetic.
@Suite struct IPv4CIDRProperties {
    /// A random block, and a second one near it (sharing a random number of leading bits), so that
    /// overlapping and disjoint pairs are both common.
    static let pairs = zip(Gen.uint32(), Gen.int(in: 0...32), Gen.int(in: 0...32), Gen.int(in: 0...32), Gen.uint32())
        .map { address, prefixA, prefixB, shared, noise -> (IPv4CIDR, IPv4CIDR) in
            let other = shared == 32 ? address : address ^ (noise >> UInt32(shared))
            return (
                IPv4CIDR(network: IPv4Address(address), prefixLength: prefixA)!,
                IPv4CIDR(network: IPv4Address(other), prefixLength: prefixB)!
            )
        }

    @Test func descriptionRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32)) { address, prefix in
            let cidr = IPv4CIDR(network: IPv4Address(address), prefixLength: prefix)!
            let parsed = try IPv4CIDR(parsing: cidr.description)
            #expect(parsed == cidr)
            #expect(!parsed.hadHostBitsSet)
        }
    }

    @Test func theHostBitFlagIsSetExactlyWhenHostBitsAre() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32)) { address, prefix in
            let text = "\(IPv4Address(address))/\(prefix)"
            let cidr = try IPv4CIDR(parsing: text)
            let mask: UInt32 = prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
            #expect(cidr.hadHostBitsSet == (address & ~mask != 0))
            #expect(cidr.network.value == address & mask)
        }
    }

    @Test func aBlockContainsItsEndsAndItself() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32)) { address, prefix in
            let cidr = IPv4CIDR(network: IPv4Address(address), prefixLength: prefix)!
            #expect(cidr.contains(cidr.firstAddress))
            #expect(cidr.contains(cidr.lastAddress))
            #expect(cidr.contains(IPv4Address(address)))
            #expect(cidr.contains(cidr))
            #expect(cidr.overlaps(cidr))
            #expect(UInt64(cidr.lastAddress.value - cidr.firstAddress.value) + 1 == cidr.addressCount)
        }
    }

    @Test func overlapsMatchesIntervalArithmetic() async {
        await propertyCheck(count: 1000, input: Self.pairs) { pair in
            let (a, b) = pair
            let expected = a.firstAddress <= b.lastAddress && b.firstAddress <= a.lastAddress
            #expect(a.overlaps(b) == expected)
            #expect(a.overlaps(b) == b.overlaps(a))
        }
    }

    @Test func containmentImpliesOverlapAndMatchesIntervals() async {
        await propertyCheck(count: 1000, input: Self.pairs) { pair in
            let (a, b) = pair
            let expected = a.firstAddress <= b.firstAddress && b.lastAddress <= a.lastAddress
            #expect(a.contains(b) == expected)
            if a.contains(b) { #expect(a.overlaps(b)) }
            if a.contains(b) && b.contains(a) { #expect(a == b) }
        }
    }

    @Test func aLongerPrefixOfTheSameAddressIsContained() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32), Gen.int(in: 0...32)) {
            address,
            p,
            q in
            let wide = IPv4CIDR(network: IPv4Address(address), prefixLength: min(p, q))!
            let narrow = IPv4CIDR(network: IPv4Address(address), prefixLength: max(p, q))!
            #expect(wide.contains(narrow))
            #expect(narrow.contains(wide) == (p == q))
        }
    }

    @Test func containmentIsTransitive() async {
        await propertyCheck(
            count: 500,
            input: Gen.uint32(),
            Gen.int(in: 0...32),
            Gen.int(in: 0...32),
            Gen.int(in: 0...32)
        ) {
            address,
            p,
            q,
            r in
            let sorted = [p, q, r].sorted()
            let blocks = sorted.map { IPv4CIDR(network: IPv4Address(address), prefixLength: $0)! }
            #expect(blocks[0].contains(blocks[1]) && blocks[1].contains(blocks[2]))
            #expect(blocks[0].contains(blocks[2]))
        }
    }
}
