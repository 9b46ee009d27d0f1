import Foundation
import PeeringModel
import Testing

@Suite struct AccountIDTests {
    @Test(arguments: [
        ("123456789012", "123456789012"),
        ("012345678901", "012345678901"),
        ("1234-5678-9012", "123456789012"),
        ("1234 5678 9012", "123456789012"),
        ("  123456789012\u{00A0}", "123456789012"),
        ("\u{200B}123456789012\u{FEFF}", "123456789012"),
    ])
    func acceptsAndNormalizes(text: String, expected: String) throws {
        #expect(try AccountID(parsing: text).rawValue == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("12345678901", .wrongLength(expected: "12", actual: 11)),
        ("1234567890123", .wrongLength(expected: "12", actual: 13)),
        ("1234-5678-901", .wrongLength(expected: "12", actual: 11)),
        ("12345678901a", .invalidCharacter("a")),
        ("1234--5678-9012", .invalidCharacter("-")),
        ("-123456789012", .invalidCharacter("-")),
        ("123456789012-", .invalidCharacter("-")),
        ("1234_5678_9012", .invalidCharacter("_")),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        #expect(throws: ValueError.self) { try AccountID(parsing: text) }
        #expect(reasonOf { try AccountID(parsing: text) } == reason)
    }

    @Test func theMessageNamesTheValueAndTheRule() {
        let error = errorOf { try AccountID(parsing: "12345678901") }
        #expect(
            error?.message
                == "\"12345678901\" has 11 digits; an AWS account ID has 12 (the console shows it under the account name)"
        )
        #expect(error?.kind == .accountID)
    }
}

@Suite struct ResourceIDTests {
    @Test(arguments: [
        ("vpc-0abc1234", "vpc-0abc1234"),
        ("vpc-0abc1234def567890", "vpc-0abc1234def567890"),
        ("VPC-0ABC1234DEF567890", "vpc-0abc1234def567890"),
        (" vpc-0abc1234 ", "vpc-0abc1234"),
    ])
    func vpcIDsAreAcceptedAndLowerCased(text: String, expected: String) throws {
        #expect(try VPCID(parsing: text).rawValue == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("vpc-0abc123", .wrongLength(expected: "8 or 17", actual: 7)),
        ("vpc-0abc12345", .wrongLength(expected: "8 or 17", actual: 9)),
        ("vpc-0abc1234def56789", .wrongLength(expected: "8 or 17", actual: 16)),
        ("vpc-0abc1234def5678901", .wrongLength(expected: "8 or 17", actual: 18)),
        ("vpc-0abc123g", .invalidCharacter("g")),
        ("subnet-0abc1234", .otherResource("subnet-")),
        ("sg-0abc1234", .otherResource("sg-")),
        ("rtb-0abc1234", .otherResource("rtb-")),
        ("pcx-0abc1234", .otherResource("pcx-")),
        ("0abc1234", .missingPrefix("vpc-")),
    ])
    func vpcIDsAreRefusedWithAReason(text: String, reason: ValueError.Reason) {
        #expect(reasonOf { try VPCID(parsing: text) } == reason)
    }

    @Test func aSubnetIDIsNamedAsSuch() {
        let message = errorOf { try VPCID(parsing: "subnet-0abc1234") }?.message ?? ""
        #expect(message.hasPrefix("\"subnet-0abc1234\" is a subnet ID, not a VPC ID"))
    }

    @Test(arguments: [
        ("pcx-1a2b3c4d", "pcx-1a2b3c4d"),
        ("PCX-0A1B2C3D4E5F60718", "pcx-0a1b2c3d4e5f60718"),
    ])
    func peeringIDsAreAccepted(text: String, expected: String) throws {
        #expect(try PeeringID(parsing: text).rawValue == expected)
    }

    @Test(arguments: [
        ("pcx-1a2b3c4", ValueError.Reason.wrongLength(expected: "8 or 17", actual: 7)),
        ("vpc-1a2b3c4d", .otherResource("vpc-")),
        ("pcx-1a2b3c4z", .invalidCharacter("z")),
    ])
    func peeringIDsAreRefused(text: String, reason: ValueError.Reason) {
        #expect(reasonOf { try PeeringID(parsing: text) } == reason)
    }

    @Test(arguments: ["cau29pc7zl4ht2dtcbslfpr1u", " cau29pc7zl4ht2dtcbslfpr1u\n"])
    func clusterIDsAreAccepted(text: String) throws {
        #expect(try ClusterID(parsing: text).rawValue == "cau29pc7zl4ht2dtcbslfpr1u")
    }

    @Test(arguments: [
        ("cau29pc7zl4ht2dtcbslfpr1", ValueError.Reason.wrongLength(expected: "25", actual: 24)),
        ("cau29pc7zl4ht2dtcbslfpr1uu", .wrongLength(expected: "25", actual: 26)),
        ("CAU29PC7ZL4HT2DTCBSLFPR1U", .upperCase),
        ("xau29pc7zl4ht2dtcbslfpr1u", .missingPrefix("c")),
        ("cau29pc7zl4ht2dtcbslfpr-u", .invalidCharacter("-")),
        ("", .empty),
    ])
    func clusterIDsAreRefused(text: String, reason: ValueError.Reason) {
        #expect(reasonOf { try ClusterID(parsing: text) } == reason)
    }

    @Test func identifiersRoundTripThroughJSON() throws {
        let value = Identifiers(
            account: try AccountID(parsing: "012345678901"),
            vpc: try VPCID(parsing: "vpc-0abc1234"),
            peering: try PeeringID(parsing: "pcx-0abc1234"),
            cluster: try ClusterID(parsing: "cau29pc7zl4ht2dtcbslfpr1u"),
            cidr: try IPv4CIDR(parsing: "10.20.0.0/16"),
            role: try RoleARN(parsing: "arn:aws:iam::012345678901:role/peer")
        )
        let data = try JSONEncoder().encode(value)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"012345678901\""))
        #expect(json.contains("\"10.20.0.0\\/16\"") || json.contains("\"10.20.0.0/16\""))
        #expect(try JSONDecoder().decode(Identifiers.self, from: data) == value)
        let bad = Data(
            #"{"account":"12","vpc":"vpc-0abc1234","peering":"pcx-0abc1234","cluster":"cau29pc7zl4ht2dtcbslfpr1u","cidr":"10.20.0.0/16","role":"arn:aws:iam::012345678901:role/peer"}"#
                .utf8
        )
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Identifiers.self, from: bad) }
    }

    struct Identifiers: Codable, Equatable {
        var account: AccountID
        var vpc: VPCID
        var peering: PeeringID
        var cluster: ClusterID
        var cidr: IPv4CIDR
        var role: RoleARN
    }
}

/// The reason a parse threw, or nil when it did not throw.
func reasonOf<T>(_ body: () throws -> T) -> ValueError.Reason? {
    errorOf(body)?.reason
}

/// The `ValueError` a parse threw; nil when it threw nothing (or, recorded as an issue, another error).
func errorOf<T>(_ body: () throws -> T) -> ValueError? {
    do {
        _ = try body()
        return nil
    } catch let error as ValueError {
        return error
    } catch {
        Issue.record("expected a ValueError, got \(error)")
        return nil
    }
}
