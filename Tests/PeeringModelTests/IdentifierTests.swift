import PeeringModel
import Testing

@Suite struct AccountIDTests {
    @Test(arguments: [
        ("123456789012", "123456789012"),
        ("012345678901", "012345678901"),
        ("000000000000", "000000000000"),
        ("1234-5678-9012", "123456789012"),
        ("1234 5678 9012", "123456789012"),
        ("1234-5678 9012", "123456789012"),
        ("1-2-3-4-5-6-7-8-9-0-1-2", "123456789012"),
        ("  123456789012\u{00A0}", "123456789012"),
        ("\u{200B}123456789012\u{FEFF}", "123456789012"),
        ("\u{3000}\t1234-5678-9012\r\n\u{202F}", "123456789012"),
        ("\u{2003}\u{205F}123456789012\u{2000}", "123456789012"),
    ])
    func acceptsAndNormalizes(text: String, expected: String) throws {
        let account = try AccountID(parsing: text)
        #expect(account.rawValue == expected)
        #expect(account.description == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("   ", .empty),
        ("\u{00A0}\u{200B}", .empty),
        ("12345", .wrongLength(expected: "12", actual: 5)),
        ("12345678901", .wrongLength(expected: "12", actual: 11)),
        ("1234567890123", .wrongLength(expected: "12", actual: 13)),
        ("1234-5678-901", .wrongLength(expected: "12", actual: 11)),
        ("1234-5678-90123", .wrongLength(expected: "12", actual: 13)),
        ("12345678901a", .invalidCharacter("a")),
        ("ABCDEFGHIJKL", .invalidCharacter("A")),
        ("1234--5678-9012", .invalidCharacter("-")),
        ("1234  5678 9012", .invalidCharacter(" ")),
        ("1234 -5678-9012", .invalidCharacter("-")),
        ("-123456789012", .invalidCharacter("-")),
        ("123456789012-", .invalidCharacter("-")),
        ("1234_5678_9012", .invalidCharacter("_")),
        ("1234.5678.9012", .invalidCharacter(".")),
        ("1234\u{00A0}5678\u{00A0}9012", .invalidCharacter("\u{00A0}")),
        ("１２３４５６７８９０１２", .invalidCharacter("１")),
        ("arn:aws:iam::123456789012:role/x", .invalidCharacter("a")),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try AccountID(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .accountID)
    }

    @Test func aWrongLengthSaysHowManyDigitsWereFound() throws {
        let error = try #require(errorOf { try AccountID(parsing: " 1234-5678-901 ") })
        #expect(error.message.hasPrefix("\"1234-5678-901\" has 11 digits; an AWS account ID is 12 digits"))
        #expect(error.message.contains("account menu"))
    }

    @Test func anInvalidCharacterIsNamed() throws {
        let letter = try #require(errorOf { try AccountID(parsing: "12345678901a") })
        #expect(letter.message.hasPrefix("\"12345678901a\" has 'a', which is not a digit"))
        let wide = try #require(errorOf { try AccountID(parsing: "１２３４５６７８９０１２") })
        #expect(wide.message.contains("'１'"))
        let doubled = try #require(errorOf { try AccountID(parsing: "1234--5678-9012") })
        #expect(doubled.message.contains("single dashes or spaces"))
    }

    @Test func rawValueAcceptsOnlyTheCanonicalForm() {
        #expect(AccountID(rawValue: "012345678901")?.rawValue == "012345678901")
        #expect(AccountID(rawValue: "1234-5678-9012") == nil)
        #expect(AccountID(rawValue: "12345678901") == nil)
        #expect(AccountID(rawValue: " 123456789012") == nil)
    }

    @Test func ordersAsStringsKeepingLeadingZeros() throws {
        let values = try ["900000000000", "012345678901", "100000000000"].map { text throws(ValueError) in
            try AccountID(parsing: text)
        }
        #expect(values.sorted().map(\.rawValue) == ["012345678901", "100000000000", "900000000000"])
    }
}

@Suite struct VPCIDTests {
    @Test(arguments: [
        ("vpc-0abc1234", "vpc-0abc1234"),
        ("vpc-0abc1234def567890", "vpc-0abc1234def567890"),
        ("VPC-0ABC1234DEF567890", "vpc-0abc1234def567890"),
        ("Vpc-0AbC1234", "vpc-0abc1234"),
        (" vpc-0abc1234 ", "vpc-0abc1234"),
        ("\u{FEFF}vpc-0abc1234\u{200B}\n", "vpc-0abc1234"),
    ])
    func acceptsAndLowerCases(text: String, expected: String) throws {
        let vpc = try VPCID(parsing: text)
        #expect(vpc.rawValue == expected)
        #expect(vpc.description == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("vpc-", .wrongLength(expected: "8 or 17", actual: 0)),
        ("vpc-0abc123", .wrongLength(expected: "8 or 17", actual: 7)),
        ("vpc-0abc12345", .wrongLength(expected: "8 or 17", actual: 9)),
        ("vpc-0abc1234def56789", .wrongLength(expected: "8 or 17", actual: 16)),
        ("vpc-0abc1234def5678901", .wrongLength(expected: "8 or 17", actual: 18)),
        ("vpc-0abc123g", .invalidCharacter("g")),
        ("vpc-0abc 1234", .invalidCharacter(" ")),
        ("vpc-0abc1234é", .invalidCharacter("é")),
        ("subnet-0abc1234", .otherResource("subnet-")),
        ("SUBNET-0ABC1234", .otherResource("subnet-")),
        ("sg-0abc1234", .otherResource("sg-")),
        ("rtb-0abc1234", .otherResource("rtb-")),
        ("pcx-0abc1234", .otherResource("pcx-")),
        ("igw-0abc1234", .otherResource("igw-")),
        ("vpce-0abc1234", .otherResource("vpce-")),
        ("tgw-attach-0abc1234", .otherResource("tgw-attach-")),
        ("0abc1234", .missingPrefix("vpc-")),
        ("vpc_0abc1234", .missingPrefix("vpc-")),
        ("vpc 0abc1234", .missingPrefix("vpc-")),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try VPCID(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .vpcID)
    }

    @Test(arguments: [
        ("subnet-0abc1234", "is a subnet ID, not a VPC ID"),
        ("sg-0abc1234", "is a security group ID, not a VPC ID"),
        ("rtb-0abc1234", "is a route table ID, not a VPC ID"),
        ("pcx-0abc1234", "is a VPC peering ID, not a VPC ID"),
    ])
    func anotherResourceIsNamedAsSuch(text: String, phrase: String) throws {
        let error = try #require(errorOf { try VPCID(parsing: text) })
        #expect(error.message.hasPrefix("\"\(text)\" \(phrase)"))
        #expect(error.message.contains("Your VPCs"))
    }

    @Test func aWrongLengthIsStated() throws {
        let error = try #require(errorOf { try VPCID(parsing: "vpc-0abc12345") })
        #expect(error.message.contains("has 9 hex digits after vpc-"))
        #expect(error.message.contains("17"))
    }

    @Test func rawValueAcceptsOnlyTheCanonicalForm() {
        #expect(VPCID(rawValue: "vpc-0abc1234")?.rawValue == "vpc-0abc1234")
        #expect(VPCID(rawValue: "VPC-0ABC1234") == nil)
        #expect(VPCID(rawValue: "vpc-0abc123") == nil)
    }
}

@Suite struct PeeringIDTests {
    @Test(arguments: [
        ("pcx-1a2b3c4d", "pcx-1a2b3c4d"),
        ("PCX-0A1B2C3D4E5F60718", "pcx-0a1b2c3d4e5f60718"),
        ("  pcx-0a1b2c3d4e5f60718\u{00A0}", "pcx-0a1b2c3d4e5f60718"),
    ])
    func acceptsAndLowerCases(text: String, expected: String) throws {
        #expect(try PeeringID(parsing: text).rawValue == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("pcx-1a2b3c4", .wrongLength(expected: "8 or 17", actual: 7)),
        ("pcx-1a2b3c4d5", .wrongLength(expected: "8 or 17", actual: 9)),
        ("pcx-0a1b2c3d4e5f6071", .wrongLength(expected: "8 or 17", actual: 16)),
        ("pcx-0a1b2c3d4e5f607189", .wrongLength(expected: "8 or 17", actual: 18)),
        ("pcx-1a2b3c4z", .invalidCharacter("z")),
        ("vpc-1a2b3c4d", .otherResource("vpc-")),
        ("1a2b3c4d", .missingPrefix("pcx-")),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try PeeringID(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .peeringID)
    }

    @Test func aVPCIDIsNamedAsSuch() throws {
        let error = try #require(errorOf { try PeeringID(parsing: "vpc-1a2b3c4d") })
        #expect(error.message.hasPrefix("\"vpc-1a2b3c4d\" is a VPC ID, not a VPC peering ID"))
    }
}

@Suite struct ClusterIDTests {
    static let valid = "cau29pc7zl4ht2dtcbslfpr1u"

    @Test(arguments: [
        ("cau29pc7zl4ht2dtcbslfpr1u", "cau29pc7zl4ht2dtcbslfpr1u"),
        (" cau29pc7zl4ht2dtcbslfpr1u\n", "cau29pc7zl4ht2dtcbslfpr1u"),
        ("c000000000000000000000000", "c000000000000000000000000"),
        ("czzzzzzzzzzzzzzzzzzzzzzzz", "czzzzzzzzzzzzzzzzzzzzzzzz"),
    ])
    func accepts(text: String, expected: String) throws {
        let cluster = try ClusterID(parsing: text)
        #expect(cluster.rawValue == expected)
        #expect(cluster.description == expected)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("c", .wrongLength(expected: "25", actual: 1)),
        ("cau29pc7zl4ht2dtcbslfpr1", .wrongLength(expected: "25", actual: 24)),
        ("cau29pc7zl4ht2dtcbslfpr1uu", .wrongLength(expected: "25", actual: 26)),
        ("CAU29PC7ZL4HT2DTCBSLFPR1U", .upperCase),
        ("cAu29pc7zl4ht2dtcbslfpr1u", .upperCase),
        ("xau29pc7zl4ht2dtcbslfpr1u", .missingPrefix("c")),
        ("1au29pc7zl4ht2dtcbslfpr1u", .missingPrefix("c")),
        ("cau29pc7zl4ht2dtcbslfpr-u", .invalidCharacter("-")),
        ("cau29pc7zl4ht2dtcbslfpr_u", .invalidCharacter("_")),
        ("cau29pc7zl4ht2dtc slfpr1u", .invalidCharacter(" ")),
        ("cau29pc7zl4ht2dtcbslfprüu", .invalidCharacter("ü")),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try ClusterID(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .clusterID)
    }

    @Test func aWrongLengthIsStated() throws {
        let error = try #require(errorOf { try ClusterID(parsing: "cau29pc7zl4ht2dtcbslfpr1") })
        #expect(error.message.hasPrefix("\"cau29pc7zl4ht2dtcbslfpr1\" has 24 characters where a cluster ID has 25"))
        #expect(error.message.contains("Astro UI"))
    }

    @Test func rawValueAcceptsOnlyAValidID() {
        #expect(ClusterID(rawValue: Self.valid)?.rawValue == Self.valid)
        #expect(ClusterID(rawValue: " " + Self.valid) == nil)
        #expect(ClusterID(rawValue: Self.valid.uppercased()) == nil)
    }
}
