import Foundation
import PeeringModel
import Testing

@Suite struct CodableTests {
    struct Record: Codable, Equatable {
        var account: AccountID
        var region: Region
        var vpc: VPCID
        var peering: PeeringID
        var cluster: ClusterID
        var address: IPv4Address
        var cidr: IPv4CIDR
        var role: RoleARN
        var partition: Partition
    }

    static let canonical = [
        "account": "012345678901", "region": "eu-west-1", "vpc": "vpc-0abc1234", "peering": "pcx-0abc1234",
        "cluster": "cau29pc7zl4ht2dtcbslfpr1u", "address": "10.20.0.1", "cidr": "10.20.0.0/16",
        "role": "arn:aws:iam::012345678901:role/peer", "partition": "aws-us-gov",
    ]

    static func json(_ fields: [String: String]) throws -> Data {
        try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    }

    @Test func eachValueIsOneCanonicalString() throws {
        let record = try JSONDecoder().decode(Record.self, from: Self.json(Self.canonical))
        let encoded = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: String])
        #expect(object == Self.canonical)
        #expect(try JSONDecoder().decode(Record.self, from: encoded) == record)
    }

    @Test func decodingParsesAndEncodingCanonicalizes() throws {
        var loose = Self.canonical
        loose["account"] = "0123-4567-8901"
        loose["region"] = "Europe (Ireland)"
        loose["vpc"] = " VPC-0ABC1234 "
        loose["peering"] = "PCX-0ABC1234"
        loose["cidr"] = "10.20.3.4/16"
        loose["role"] = " arn:aws:iam::012345678901:role/peer\n"
        let record = try JSONDecoder().decode(Record.self, from: Self.json(loose))
        #expect(record.cidr.hadHostBitsSet)
        #expect(record.region.code == "eu-west-1")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: String]
        #expect(object == Self.canonical)
    }

    @Test(arguments: [
        ("account", "12", "has 2 digits"),
        ("region", "eu-wset-1", "not an AWS region"),
        ("vpc", "subnet-0abc1234", "is a subnet ID"),
        ("peering", "pcx-1", "has 1 hex digits"),
        ("cluster", "CAU29PC7ZL4HT2DTCBSLFPR1U", "upper-case"),
        ("address", "10.0.0.256", "0 to 255"),
        ("cidr", "2001:db8::/32", "IPv6"),
        ("role", "arn:aws:iam::012345678901:user/ana", "IAM user"),
    ])
    func anInvalidValueIsADecodingErrorWithTheMessage(field: String, value: String, phrase: String) throws {
        var fields = Self.canonical
        fields[field] = value
        let data = try Self.json(fields)
        do {
            _ = try JSONDecoder().decode(Record.self, from: data)
            Issue.record("decoded \(value)")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains(phrase), "\(context.debugDescription)")
            #expect(context.codingPath.map(\.stringValue) == [field])
        } catch {
            Issue.record("expected DecodingError.dataCorrupted, got \(error)")
        }
    }

    @Test func aNonStringIsATypeMismatch() throws {
        let data = Data(#"["123456789012", 123456789012]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([AccountID].self, from: data) }
    }
}
