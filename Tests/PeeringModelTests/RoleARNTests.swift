import PeeringModel
import Testing

@Suite struct RoleARNTests {
    @Test(arguments: [
        ("arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C", "/", "astro-peering-PeerRole-1A2B3C"),
        ("arn:aws:iam::123456789012:role/service/astro/peer", "/service/astro/", "peer"),
        ("  arn:aws:iam::012345678901:role/a_b+c=d,e.f@g-h\u{200B}", "/", "a_b+c=d,e.f@g-h"),
        ("arn:aws-us-gov:iam::123456789012:role/x", "/", "x"),
    ])
    func acceptsRoleARNs(text: String, path: String, name: String) throws {
        let arn = try RoleARN(parsing: text)
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

    static let name64 = String(repeating: "a", count: 64)
    static let path512 = "/" + String(repeating: "p", count: 510) + "/"

    @Test func limitsAreInclusive() throws {
        #expect(try RoleARN(parsing: "arn:aws:iam::123456789012:role/\(Self.name64)").name.count == 64)
        #expect(try RoleARN(parsing: "arn:aws:iam::123456789012:role\(Self.path512)x").path.count == 512)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        (
            "arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e-0000-1111-2222-333344445555",
            .cloudFormationStackARN
        ),
        ("arn:aws:sts::123456789012:assumed-role/astro-peering-PeerRole/session", .assumedRoleARN),
        ("arn:aws:iam::123456789012:user/alice", .userARN),
        ("arn:aws:iam::123456789012:policy/p", .notARole),
        ("arn:aws:s3:::bucket", .notARole),
        ("arn:aws:iam:us-east-1:123456789012:role/x", .notARole),
        ("astro-peering-PeerRole-1A2B3C", .notAnARN),
        ("arn:aws:iam::123456789012", .notAnARN),
        ("arn:aws:iam::1234567890:role/x", .wrongLength(expected: "12", actual: 10)),
        ("arn:aws:iam::1234-5678-9012:role/x", .wrongLength(expected: "12", actual: 14)),
        ("arn:aws:iam::123456789012:role/", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/\(name64)a", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/bad name", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/bad*name", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/naïve", .roleNameInvalid),
        ("arn:aws:iam::123456789012:role/p\u{7}/x", .rolePathInvalid),
        ("arn:aws:iam::123456789012:role/\(String(repeating: "p", count: 512))/x", .rolePathInvalid),
        ("arn:aws:iam::123456789012:role/" + String(repeating: "p/", count: 1100) + "x", .tooLong(limit: 2048)),
        ("arn:Aws:iam::123456789012:role/x", .notAnARN),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        #expect(reasonOf { try RoleARN(parsing: text) } == reason)
    }

    @Test func aStackARNPointsToTheOutputsTab() {
        let message =
            errorOf {
                try RoleARN(parsing: "arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e")
            }?.message ?? ""
        #expect(message.contains("stack's ID"))
        #expect(message.contains("Outputs tab"))
    }

    @Test func messagesNeverCarryControlCharacters() {
        let message = errorOf { try RoleARN(parsing: "arn:aws:iam::123456789012:user/\u{1B}[2J") }?.message ?? ""
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
    }
}
