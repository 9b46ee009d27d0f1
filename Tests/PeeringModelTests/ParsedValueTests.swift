import Foundation
import PeeringModel
import Testing

/// The defaults `ParsedValue` and `ParsedIdentifier` give every type that adopts them.
@Suite struct ParsedValueTests {
    /// One adopting type: a value as a customer may write it, its canonical form, and a value it refuses.
    struct Sample: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var checkCoding: @Sendable () throws -> Void
        var checkRefusal: @Sendable () throws -> Void

        init<Value: ParsedValue>(_ type: Value.Type, loose: String, canonical: String, invalid: String) {
            testDescription = "\(Value.self)"
            checkCoding = { try ParsedValueTests.expectCoding(Value.self, loose: loose, canonical: canonical) }
            checkRefusal = { try ParsedValueTests.expectDecodingRefuses(Value.self, invalid) }
        }
    }

    static let samples = [
        Sample(AccountID.self, loose: " 0123-4567-8901 ", canonical: "012345678901", invalid: "12"),
        Sample(VPCID.self, loose: "VPC-0ABC1234", canonical: "vpc-0abc1234", invalid: "subnet-0abc1234"),
        Sample(PeeringID.self, loose: "\tPCX-0ABC1234", canonical: "pcx-0abc1234", invalid: "pcx-1"),
        Sample(
            ClusterID.self,
            loose: "cau29pc7zl4ht2dtcbslfpr1u\n",
            canonical: "cau29pc7zl4ht2dtcbslfpr1u",
            invalid: "CAU29PC7ZL4HT2DTCBSLFPR1U"
        ),
        Sample(
            RoleARN.self,
            loose: " arn:aws:iam::012345678901:role/peer\n",
            canonical: "arn:aws:iam::012345678901:role/peer",
            invalid: "arn:aws:iam::012345678901:user/ana"
        ),
        Sample(Region.self, loose: "Europe (Ireland)", canonical: "eu-west-1", invalid: "eu-wset-1"),
        Sample(IPv4CIDR.self, loose: "10.20.3.4/16", canonical: "10.20.0.0/16", invalid: "2001:db8::/32"),
        Sample(IPv4Address.self, loose: " 10.20.0.1", canonical: "10.20.0.1", invalid: "10.0.0.256"),
    ]

    @Test(arguments: samples)
    func decodingParsesAndEncodingWritesTheCanonicalString(sample: Sample) throws {
        try sample.checkCoding()
    }

    @Test(arguments: samples)
    func anInvalidValueIsADecodingErrorWithTheParsersMessage(sample: Sample) throws {
        try sample.checkRefusal()
    }

    @Test func identifiersAreDescribedAndOrderedByTheirRawValue() throws {
        try expectIdentifier(AccountID.self, ["123456789012", "012345678901", "999999999999", "100000000000"])
        try expectIdentifier(VPCID.self, ["vpc-0abc1234", "vpc-0abc123def4567890", "vpc-00000000", "vpc-ffffffff"])
        try expectIdentifier(PeeringID.self, ["pcx-ffffffff", "pcx-0abc1234", "pcx-0abc123def4567890"])
        try expectIdentifier(
            ClusterID.self,
            ["cau29pc7zl4ht2dtcbslfpr1u", "c000000000000000000000000", "czzzzzzzzzzzzzzzzzzzzzzzz"]
        )
    }

    @Test func rawValueInitAcceptsOnlyTheCanonicalForm() {
        #expect(AccountID(rawValue: "012345678901")?.rawValue == "012345678901")
        #expect(AccountID(rawValue: "0123-4567-8901") == nil)
        #expect(VPCID(rawValue: "vpc-0abc1234")?.rawValue == "vpc-0abc1234")
        #expect(VPCID(rawValue: "VPC-0ABC1234") == nil)
        #expect(VPCID(rawValue: " vpc-0abc1234") == nil)
        #expect(PeeringID(rawValue: "pcx-0abc1234")?.rawValue == "pcx-0abc1234")
        #expect(PeeringID(rawValue: "pcx-0ABC1234") == nil)
        #expect(PeeringID(rawValue: "vpc-0abc1234") == nil)
        #expect(ClusterID(rawValue: "cau29pc7zl4ht2dtcbslfpr1u")?.rawValue == "cau29pc7zl4ht2dtcbslfpr1u")
        #expect(ClusterID(rawValue: "cau29pc7zl4ht2dtcbslfpr1u ") == nil)
        #expect(ClusterID(rawValue: "") == nil)
    }

    /// Blocks and addresses keep their own, numeric order (not the order of their strings).
    @Test func addressesAndBlocksAreOrderedByNumberNotByText() throws {
        let blocks = try ["10.0.0.0/16", "9.0.0.0/8", "10.0.0.0/8"].map { try IPv4CIDR(parsing: $0) }
        #expect(blocks.sorted().map(\.description) == ["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16"])
        let addresses = try ["10.0.0.1", "9.0.0.1", "10.0.0.10", "10.0.0.9"].map { try IPv4Address(parsing: $0) }
        #expect(addresses.sorted().map(\.description) == ["9.0.0.1", "10.0.0.1", "10.0.0.9", "10.0.0.10"])
    }

    @Test func regionsAndRoleARNsAreDescribedByTheirCanonicalForm() throws {
        #expect(try Region(parsing: "Europe (Ireland)").description == "eu-west-1")
        let role = try RoleARN(parsing: "arn:aws:iam::012345678901:role/a/b/peer")
        #expect(role.description == "arn:aws:iam::012345678901:role/a/b/peer")
    }

    static func expectCoding<Value: ParsedValue>(_: Value.Type, loose: String, canonical: String) throws {
        let parsed = try Value(parsing: loose)
        #expect(parsed.description == canonical)
        let decoded = try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(loose))
        #expect(decoded == parsed)
        let encoded = try JSONEncoder().encode(decoded)
        #expect(encoded == (try JSONEncoder().encode(canonical)))
        #expect(try JSONDecoder().decode(Value.self, from: encoded) == parsed)
    }

    static func expectDecodingRefuses<Value: ParsedValue>(_: Value.Type, _ invalid: String) throws {
        let parseError = try #require(errorOf { try Value(parsing: invalid) })
        do {
            _ = try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(invalid))
            Issue.record("decoded \(invalid)")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == parseError.message)
        } catch {
            Issue.record("expected DecodingError.dataCorrupted, got \(error)")
        }
    }

    func expectIdentifier<Value: ParsedIdentifier>(_: Value.Type, _ texts: [String]) throws {
        let values = try texts.map { try Value(parsing: $0) }
        #expect(values.map(\.description) == texts)
        #expect(values.sorted().map(\.rawValue) == texts.sorted())
        for lhs in values {
            for rhs in values { #expect((lhs < rhs) == (lhs.rawValue < rhs.rawValue)) }
            #expect(Value(rawValue: lhs.rawValue) == lhs)
        }
    }
}
