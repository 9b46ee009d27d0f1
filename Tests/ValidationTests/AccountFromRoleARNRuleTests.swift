import PeeringModel
import Testing
import Validation

/// An account that intake took from the PeerRole ARN (its text as written is that ARN) is noted
/// with `account-from-role-arn` [info]; an account the customer gave is compared with the ARN.
@Suite struct AccountFromRoleARNRuleTests {
    static let role = "arn:aws:iam::123456789012:role/peer"

    @Test(arguments: [role, "arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ"])
    func anAccountTakenFromTheRoleIsNotedNotMissing(arn: String) throws {
        var request = with(.peerRoleARN, arn)
        request.values[.awsAccountID] = [PeeringRequest.Value(canonical: "123456789012", raw: arn)]
        let findings = Validator(snapshot: nil).findings(for: request)
        #expect(findings.map(\.code) == [.accountFromRoleARN])
        let finding = try #require(findings.first)
        #expect(finding.severity == .info)
        #expect(finding.field == .awsAccountID)
        #expect(finding.message.contains("123456789012"))
        #expect(finding.message.contains("PeerRole ARN"))
    }

    @Test(arguments: [
        ("210987654321", "210987654321", [FindingCode.roleAccountMismatch]),
        ("2109-8765-4321", "210987654321", [.roleAccountMismatch, .normalized]),
        ("123456789012", "123456789012", []),
    ])
    func aGivenAccountIsComparedWithTheRole(raw: String, canonical: String, expected: [FindingCode]) {
        let request = with(.awsAccountID, canonical, raw: raw)
        #expect(codes(request, registry: false) == expected)
    }

    @Test func theRegistryRulesSeeTheTakenAccount() {
        var request = with(.peerRoleARN, "arn:aws:iam::406793422161:role/peer")
        request.values[.awsAccountID] = [
            PeeringRequest.Value(canonical: "406793422161", raw: "arn:aws:iam::406793422161:role/peer")
        ]
        #expect(codes(request).contains(.accountIsClusterAccount))
        #expect(codes(request).contains(.accountFromRoleARN))
    }
}

/// Issue 13, class 2: an invalid region is quoted as the customer wrote it, every word of it.
@Suite struct InvalidRegionWordingTests {
    @Test(arguments: ["Europa Mitte", "somewhere in Frankfurt", "ニューヨーク"])
    func theWholeTextIsQuoted(raw: String) throws {
        var request = goodRequest()
        request.values[.awsRegion] = nil
        request.invalid[.awsRegion] = [raw]
        let finding = try #require(Validator(snapshot: nil).findings(for: request).first)
        #expect(finding.code == .invalidRegion)
        #expect(finding.message.contains("\"\(raw)\""), "\(finding.message)")
    }

    @Test func aLocalizedNameIsNotedAsRead() {
        let findings = Validator(snapshot: nil).findings(
            for: with(.awsRegion, "us-east-1", raw: "USA Ost (Nord-Virginia)")
        )
        #expect(findings.map(\.code) == [.normalized, .regionDiffersFromCluster].filter { $0 == .normalized })
        #expect(findings.first?.message == "\"USA Ost (Nord-Virginia)\" was read as us-east-1.")
    }
}
