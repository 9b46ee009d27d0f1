import PeeringModel
import PropertyBased
import Testing

/// The CIDR algebra, checked on generated blocks against arithmetic done here, independently of
/// `IPv4CIDR`'s own netmask, first and last address.
@Suite struct IPv4CIDRPropertyTests {
    /// The netmask of `prefix` bits, computed in 64 bits (no special case for /0 or /32).
    static func mask(_ prefix: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(0xFFFF_FFFF) << UInt64(32 - prefix))
    }

    /// The first and last address of the /`prefix` around `address`, as plain numbers.
    static func bounds(_ address: UInt32, _ prefix: Int) -> (first: UInt32, last: UInt32) {
        (address & mask(prefix), address | ~mask(prefix))
    }

    static func block(_ address: UInt32, _ prefix: Int) throws -> IPv4CIDR {
        try #require(IPv4CIDR(network: IPv4Address(address), prefixLength: prefix))
    }

    /// A random block (address, prefix) and a second one near it: the second address shares a
    /// random number of leading bits with the first, so overlapping and disjoint pairs are both common.
    static let nearPairs = zip(
        Gen.uint32(),
        Gen.int(in: 0...32),
        Gen.int(in: 0...32),
        Gen.int(in: 0...32),
        Gen.uint32()
    )
    .map { address, prefixA, prefixB, shared, noise in
        let other = shared == 32 ? address : address ^ (noise >> UInt32(shared))
        return (address, prefixA, other, prefixB)
    }

    @Test func parsingTheDescriptionRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32)) { address, prefix in
            let cidr = try Self.block(address, prefix)
            let parsed = try IPv4CIDR(parsing: cidr.description)
            #expect(parsed == cidr)
            #expect(parsed.network.value == address & Self.mask(prefix))
            #expect(parsed.prefixLength == prefix)
            #expect(!parsed.hadHostBitsSet)
        }
    }

    @Test func theHostBitFlagIsSetExactlyWhenHostBitsAre() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32)) { address, prefix in
            let cidr = try IPv4CIDR(parsing: "\(IPv4Address(address))/\(prefix)")
            #expect(cidr.hadHostBitsSet == (address & ~Self.mask(prefix) != 0))
            #expect(cidr.network.value == address & Self.mask(prefix))
        }
    }

    @Test func aBlockContainsItsEndsItsAddressesAndItself() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...32), Gen.uint64()) {
            address,
            prefix,
            pick in
            let cidr = try Self.block(address, prefix)
            let (first, last) = Self.bounds(address, prefix)
            #expect(cidr.firstAddress.value == first)
            #expect(cidr.lastAddress.value == last)
            #expect(cidr.addressCount == UInt64(last - first) + 1)
            #expect(cidr.contains(cidr.network))
            #expect(cidr.contains(cidr.lastAddress))
            #expect(cidr.contains(IPv4Address(address)))
            #expect(cidr.contains(IPv4Address(first + UInt32(pick % (UInt64(last - first) + 1)))))
            if first > 0 { #expect(!cidr.contains(IPv4Address(first - 1))) }
            if last < UInt32.max { #expect(!cidr.contains(IPv4Address(last + 1))) }
            #expect(cidr.contains(cidr))
            #expect(cidr.overlaps(cidr))
        }
    }

    @Test func overlapsMatchesIntervalArithmeticAndIsSymmetric() async {
        await propertyCheck(count: 1000, input: Self.nearPairs) { input in
            let (addressA, prefixA, addressB, prefixB) = input
            let a = try Self.block(addressA, prefixA)
            let b = try Self.block(addressB, prefixB)
            let (firstA, lastA) = Self.bounds(addressA, prefixA)
            let (firstB, lastB) = Self.bounds(addressB, prefixB)
            #expect(a.overlaps(b) == (firstA <= lastB && firstB <= lastA))
            #expect(a.overlaps(b) == b.overlaps(a))
        }
    }

    @Test func containsMatchesIntervalArithmeticAndImpliesOverlap() async {
        await propertyCheck(count: 1000, input: Self.nearPairs) { input in
            let (addressA, prefixA, addressB, prefixB) = input
            let a = try Self.block(addressA, prefixA)
            let b = try Self.block(addressB, prefixB)
            let (firstA, lastA) = Self.bounds(addressA, prefixA)
            let (firstB, lastB) = Self.bounds(addressB, prefixB)
            #expect(a.contains(b) == (firstA <= firstB && lastB <= lastA))
            if a.contains(b) { #expect(a.overlaps(b)) }
            #expect((a.contains(b) && b.contains(a)) == (a == b))
        }
    }

    @Test func orderAgreesWithEquality() async {
        await propertyCheck(count: 500, input: Self.nearPairs) { input in
            let (addressA, prefixA, addressB, prefixB) = input
            let a = try Self.block(addressA, prefixA)
            let b = try Self.block(addressB, prefixB)
            #expect([a < b, b < a, a == b].filter { $0 }.count == 1)
        }
    }

    @Test func aLongerPrefixOfTheSameAddressIsContainedInAShorterOne() async {
        await propertyCheck(count: 500, input: Gen.uint32(), Gen.int(in: 0...31), Gen.int(in: 1...32)) {
            address,
            p,
            q in
            guard p < q else { return }
            let wide = try Self.block(address, p)
            let narrow = try Self.block(address, q)
            #expect(wide.contains(narrow))
            #expect(!narrow.contains(wide))
            #expect(wide.overlaps(narrow))
        }
    }

    @Test func containmentIsTransitive() async {
        // c is inside b and b inside a by construction from the bounds computed here; the check is a ⊇ c.
        let nested = zip(
            Gen.uint32(),
            Gen.uint32(),
            Gen.uint32(),
            Gen.int(in: 0...32),
            Gen.int(in: 0...32),
            Gen.int(in: 0...32)
        )
        await propertyCheck(count: 500, input: nested) { input in
            let (x, noiseB, noiseC, p1, p2, p3) = input
            let (p, q, r) = { (s: [Int]) in (s[0], s[1], s[2]) }([p1, p2, p3].sorted())
            let y = x ^ (noiseB & ~Self.mask(p))  // inside the /p of x
            let z = y ^ (noiseC & ~Self.mask(q))  // inside the /q of y
            let a = try Self.block(x, p)
            let b = try Self.block(y, q)
            let c = try Self.block(z, r)
            #expect(a.contains(b))
            #expect(b.contains(c))
            #expect(a.contains(c))
        }
    }

    @Test func containmentIsTransitiveOnNearBlocks() async {
        let triples = zip(Self.nearPairs, Gen.int(in: 0...32), Gen.uint32())
        await propertyCheck(count: 1000, input: triples) { input in
            let ((addressA, prefixA, addressB, prefixB), prefixC, noise) = input
            let a = try Self.block(addressA, prefixA)
            let b = try Self.block(addressB, prefixB)
            let c = try Self.block(addressB ^ (noise >> UInt32(prefixB)), prefixC)
            if a.contains(b) && b.contains(c) { #expect(a.contains(c)) }
        }
    }
}
