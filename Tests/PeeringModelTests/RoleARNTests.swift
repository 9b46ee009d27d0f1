import PeeringModel
import Testing

@Suite struct RoleARNTests {
    static let prefix = "arn:aws:iam::123456789012:role"
    static let name64 = String(repeating: "n", count: 64)
    static let path512 = "/" + String(repeating: "p", count: 510) + "/"

    @Test(arguments: [
        ("arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C", "aws", "/", "astro-peering-PeerRole-1A2B3C"),
        ("arn:aws:iam::123456789012:role/service/astro/peer", "aws", "/service/astro/", "peer"),
        ("  arn:aws:iam::012345678901:role/a_b+c=d,e.f@g-h\u{200B}", "aws", "/", "a_b+c=d,e.f@g-h"),
        ("arn:aws-us-gov:iam::123456789012:role/x", "aws-us-gov", "/", "x"),
        ("arn:aws-cn:iam::123456789012:role/x", "aws-cn", "/", "x"),
        ("arn:aws:iam::123456789012:role/a:b/c", "aws", "/a:b/", "c"),
        ("arn:aws:iam::123456789012:role///x", "aws", "///", "x"),
    ])
    func acceptsRoleARNs(text: String, partition: String, path: String, name: String) throws {
        let arn = try RoleARN(parsing: text)
        #expect(arn.partition.rawValue == partition)
        #expect(arn.path == path)
        #expect(arn.name == name)
        #expect(try RoleARN(parsing: arn.description) == arn)
    }

    @Test func theAccountAndPartitionAreRead() throws {
        let arn = try RoleARN(parsing: "arn:aws:iam::012345678901:role/peer")
        #expect(arn.accountID.rawValue == "012345678901")
        #expect(arn.partition == .aws)
        #expect(arn.description == "arn:aws:iam::012345678901:role/peer")
    }

    @Test func theNameAndPathLimitsAreInclusive() throws {
        #expect(try RoleARN(parsing: "\(Self.prefix)/\(Self.name64)").name.count == 64)
        #expect(reasonOf { try RoleARN(parsing: "\(Self.prefix)/\(Self.name64)n") } == .roleNameTooLong)
        #expect(try RoleARN(parsing: "\(Self.prefix)\(Self.path512)x").path.count == 512)
        #expect(reasonOf { try RoleARN(parsing: "\(Self.prefix)/p\(Self.path512)x") } == .rolePathTooLong)
        let longest = try RoleARN(parsing: "\(Self.prefix)\(Self.path512)\(Self.name64)")
        #expect(longest.description.count == 30 + 512 + 64)
    }

    @Test func theARNLengthLimitIs2048() {
        // A valid role ARN cannot reach 2048 characters (path and name limits come first), so at
        // 2048 the path is refused and at 2049 the length.
        let at2048 = Self.prefix + "/" + String(repeating: "p", count: 2048 - 33) + "/x"
        #expect(at2048.count == 2048)
        #expect(reasonOf { try RoleARN(parsing: at2048) } == .rolePathTooLong)
        #expect(reasonOf { try RoleARN(parsing: at2048 + "x") } == .tooLong(limit: 2048))
        #expect(reasonOf { try RoleARN(parsing: " \(at2048) ") } == .rolePathTooLong)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        (
            "arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e-0000-1111-2222-333344445555",
            .cloudFormationStackARN
        ),
        ("arn:aws:sts::123456789012:assumed-role/astro-peering-PeerRole/session", .assumedRoleARN),
        ("arn:aws:iam::123456789012:user/alice", .userARN),
        ("arn:aws:iam::123456789012:user/division/alice", .userARN),
        ("astro-peering-PeerRole-1A2B3C", .notAnARN),
        ("arn:aws:iam::123456789012", .notAnARN),
        ("ARN:aws:iam::123456789012:role/x", .notAnARN),
        ("arn:Aws:iam::123456789012:role/x", .unknownPartition("Aws")),
        ("arn:asw:iam::123456789012:role/x", .unknownPartition("asw")),
        ("arn::iam::123456789012:role/x", .unknownPartition("")),
        ("arn:aws:s3:::bucket", .wrongService("s3")),
        ("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0abc1234", .wrongService("ec2")),
        ("arn:aws:IAM::123456789012:role/x", .wrongService("IAM")),
        ("arn:aws:iam:us-east-1:123456789012:role/x", .unexpectedRegion),
        ("arn:aws:iam:::role/x", .missingAccount),
        ("arn:aws:iam::1234567890:role/x", .wrongLength(expected: "12", actual: 10)),
        ("arn:aws:iam::1234567890123:role/x", .wrongLength(expected: "12", actual: 13)),
        ("arn:aws:iam::1234-5678-9012:role/x", .invalidCharacter("-")),
        ("arn:aws:iam::12345678901a:role/x", .invalidCharacter("a")),
        ("arn:aws:iam::123456789012:policy/p", .notARole),
        ("arn:aws:iam::123456789012:group/g", .notARole),
        ("arn:aws:iam::123456789012:root", .notARole),
        ("arn:aws:iam::123456789012:role", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/path/", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/bad name", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/bad*name", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/naïve", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/a:b", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/p\u{7}/x", .rolePathInvalid),
        ("arn:aws:iam::123456789012:role/p q/x", .rolePathInvalid),
        ("arn:aws:iam::123456789012:role/pé/x", .rolePathInvalid),
        ("arn:aws:iam::123456789012:role//x", .rolePathInvalid),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try RoleARN(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .roleARN)
    }

    @Test(arguments: [
        (
            "arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e",
            ["is the stack's ID", "Outputs tab", "arn:aws:iam::"]
        ),
        (
            "arn:aws:sts::123456789012:assumed-role/astro-peering-PeerRole/botocore-session-1",
            ["STS session", "astro-peering-PeerRole", "Outputs tab"]
        ),
        ("arn:aws:iam::123456789012:user/alice", ["IAM user's ARN", "Outputs tab"]),
        ("arn:aws:iam::123456789012:policy/p", ["IAM policy"]),
        ("arn:aws:s3:::bucket", ["\"s3\" service"]),
        ("arn:aws:iam::1234-5678-9012:role/x", ["'-' in the account ID", "no dashes"]),
        ("arn:aws:iam::1234567890:role/x", ["10 digits"]),
        ("arn:aws:iam::123456789012:role/bad*name", ["'*' in the role name"]),
        ("arn:aws:iam::123456789012:role/bad name", ["a space in the role name"]),
        ("arn:aws:iam::123456789012:role/\(name64)n", ["65 characters", "at most 64"]),
        ("arn:Aws:iam::123456789012:role/x", ["\"Aws\" where the partition belongs"]),
        ("peer-role", ["is not an ARN"]),
    ])
    func messagesNameThePartThatIsWrong(text: String, phrases: [String]) throws {
        let error = try #require(errorOf { try RoleARN(parsing: text) })
        #expect(error.message.hasPrefix("\"\(ValueError.displayable(text))\""))
        for phrase in phrases {
            #expect(error.message.contains(phrase), "\(error.message)")
        }
    }

    @Test func messagesNeverCarryControlCharacters() throws {
        let error = try #require(errorOf { try RoleARN(parsing: "arn:aws:iam::123456789012:user/\u{1B}[2J\u{7}") })
        #expect(error.reason == .userARN)
        #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 })
        #expect(error.message.contains("?[2J?"))
    }
}
