import Foundation
import PeeringModel
import Registry
import Testing
import Validation

/// A registry built in code: one dedicated AWS cluster with a secondary CIDR and three peerings
/// (active, pending, deleted), and one cluster for each refusal.
enum TestRegistry {
    static let clusterA = "cau29pc7zl4ht2dtcbslfpr1u"
    static let standard = "cstandard0000000000000001"
    static let gcp = "cgcp000000000000000000001"
    static let deleted = "cdeleted00000000000000001"
    static let freeMail = "cfreemail0000000000000001"
    static let full = "cfull00000000000000000001"
    static let nearlyFull = "cnearlyfull00000000000001"

    static func cluster(
        _ id: String,
        org: String = "org-a",
        deployment: Cluster.Deployment = .hostedDedicated,
        cloud: Cluster.Cloud = .aws,
        status: Cluster.Status = .active,
        vpc: String = "vpc-0348f92c1409fba12"
    ) -> Cluster {
        Cluster(
            id: try! ClusterID(parsing: id),
            organizationID: org,
            name: "cluster-\(id.prefix(6))",
            deployment: deployment,
            cloud: cloud,
            region: cloud == .aws ? "us-east-1" : "us-central1",
            awsAccountID: cloud == .aws ? try! AccountID(parsing: "406793422161") : nil,
            vpcID: cloud == .aws ? try! VPCID(parsing: vpc) : nil,
            vpcCIDRs: [try! IPv4CIDR(parsing: "10.10.0.0/20"), try! IPv4CIDR(parsing: "10.40.0.0/20")],
            status: status
        )
    }

    static func peering(
        _ index: Int,
        cluster: String,
        vpc: String? = nil,
        cidr: String,
        status: Peering.Status
    )
        -> Peering
    {
        Peering(
            id: try! PeeringID(parsing: String(format: "pcx-%08x", index)),
            clusterID: try! ClusterID(parsing: cluster),
            peerAccountID: try! AccountID(parsing: "210987654321"),
            peerVPCID: try! VPCID(parsing: vpc ?? String(format: "vpc-%08x", index)),
            peerRegion: "us-east-1",
            peerCIDRs: [try! IPv4CIDR(parsing: cidr)],
            status: status
        )
    }

    static let snapshot: RegistrySnapshot = {
        var peerings = [
            peering(1, cluster: clusterA, vpc: "vpc-0c4f71cbb51d5f818", cidr: "10.20.0.0/16", status: .active),
            peering(2, cluster: clusterA, cidr: "192.168.16.0/20", status: .pendingAcceptance),
            peering(3, cluster: clusterA, cidr: "10.30.0.0/16", status: .deleted),
        ]
        for index in 0..<50 {
            peerings.append(peering(100 + index, cluster: full, cidr: "172.16.\(index).0/24", status: .active))
        }
        for index in 0..<49 {
            peerings.append(peering(200 + index, cluster: nearlyFull, cidr: "172.16.\(index).0/24", status: .active))
        }
        return RegistrySnapshot(
            organizations: [
                Organization(id: "org-a", name: "Northwind", emailDomains: ["northwind.example"]),
                Organization(id: "org-free", name: "Freemail Inc", emailDomains: ["gmail.com"]),
            ],
            clusters: [
                cluster(clusterA), cluster(standard, deployment: .hostedStandard), cluster(gcp, cloud: .gcp),
                cluster(deleted, status: .deleted), cluster(freeMail, org: "org-free"), cluster(full),
                cluster(nearlyFull),
            ],
            peerings: peerings
        )
    }()
}

/// A request that passes every rule; each test changes one thing.
func goodRequest() -> PeeringRequest {
    func value(_ text: String) -> [PeeringRequest.Value] { [PeeringRequest.Value(canonical: text, raw: text)] }
    return PeeringRequest(
        source: PeeringRequest.Source(kind: .email, path: "test.eml"),
        requesterEmail: "ana@northwind.example",
        values: [
            .awsAccountID: value("123456789012"), .awsRegion: value("us-east-1"),
            .vpcID: value("vpc-0abc1234def567890"), .vpcCIDRs: value("10.50.0.0/16"),
            .peerRoleARN: value("arn:aws:iam::123456789012:role/peer"), .clusterID: value(TestRegistry.clusterA),
        ]
    )
}

func codes(_ request: PeeringRequest, registry: Bool = true) -> [FindingCode] {
    Validator(snapshot: registry ? TestRegistry.snapshot : nil).findings(for: request).map(\.code)
}

func with(_ field: RequestField, _ text: String, raw: String? = nil) -> PeeringRequest {
    var request = goodRequest()
    request.values[field] = [PeeringRequest.Value(canonical: text, raw: raw ?? text)]
    return request
}

@Suite struct PresenceAndFormatTests {
    @Test func aGoodRequestHasNoFindings() {
        #expect(codes(goodRequest()) == [])
    }

    @Test(arguments: [
        (RequestField.awsAccountID, FindingCode.missingAccountID), (.awsRegion, .missingRegion),
        (.vpcID, .missingVPCID),
        (.vpcCIDRs, .missingCIDR), (.peerRoleARN, .missingPeerRoleARN), (.clusterID, .missingClusterID),
    ])
    func eachMissingField(field: RequestField, code: FindingCode) {
        var request = goodRequest()
        request.values[field] = nil
        #expect(codes(request, registry: false).first == code)
        let finding = Validator(snapshot: nil).findings(for: request).first
        #expect(finding?.field == field)
        #expect(finding?.severity == .error)
    }

    @Test func conflictingValuesNameBoth() {
        var request = goodRequest()
        request.values[.vpcID] = [
            PeeringRequest.Value(canonical: "vpc-11111111", raw: "vpc-11111111"),
            PeeringRequest.Value(canonical: "vpc-22222222", raw: "vpc-22222222"),
        ]
        request.conflicts = [.vpcID]
        let findings = Validator(snapshot: nil).findings(for: request)
        #expect(findings.map(\.code) == [.conflictingValues])
        #expect(findings.first?.message.contains("vpc-11111111 and vpc-22222222") == true)
    }

    @Test(arguments: [
        (RequestField.awsAccountID, "12345", FindingCode.invalidAccountID),
        (.awsRegion, "eu-wset-1", .invalidRegion),
        (.vpcID, "vpc-123", .invalidVPCID),
        (.vpcCIDRs, "2001:db8::/32", .invalidCIDR),
        (.peerRoleARN, "arn:aws:cloudformation:us-east-1:123456789012:stack/astro/1b2c", .peerRoleARNIsStack),
        (.peerRoleARN, "arn:aws:iam::123456789012:user/ana", .invalidPeerRoleARN),
        (.peerRoleARN, "arn:aws:sts::123456789012:assumed-role/peer/session", .invalidPeerRoleARN),
        (.clusterID, "cABC", .invalidClusterID),
    ])
    func invalidValues(field: RequestField, raw: String, code: FindingCode) {
        var request = goodRequest()
        request.values[field] = nil
        request.invalid[field] = [raw]
        let findings = Validator(snapshot: nil).findings(for: request)
        #expect(findings.map(\.code) == [code])
        #expect(findings.first?.message.contains(raw.prefix(20)) == true)
    }

    @Test func aStackARNSaysWhereTheRoleIs() {
        var request = goodRequest()
        request.values[.peerRoleARN] = nil
        request.invalid[.peerRoleARN] = ["arn:aws:cloudformation:us-east-1:123456789012:stack/astro/1b2c"]
        #expect(Validator(snapshot: nil).findings(for: request).first?.message.contains("Outputs tab") == true)
    }

    @Test(arguments: [("us-gov-west-1", true), ("cn-north-1", true), ("us-east-1", false)])
    func unsupportedPartitions(region: String, refused: Bool) {
        #expect(codes(with(.awsRegion, region), registry: false).contains(.unsupportedPartition) == refused)
    }

    @Test(arguments: [
        ("10.50.0.0/16", [FindingCode]()), ("10.50.0.0/28", []), ("10.0.0.0/15", [.cidrPrefixOutOfRange]),
        ("10.50.0.0/29", [.cidrPrefixOutOfRange]), ("169.254.0.0/16", [.cidrReserved]), ("8.8.0.0/16", [.cidrPublic]),
        ("172.17.0.0/16", [.cidrDockerBridge]),
    ])
    func cidrRules(cidr: String, expected: [FindingCode]) {
        #expect(codes(with(.vpcCIDRs, cidr), registry: false) == expected)
    }

    @Test func hostBitsAreReadFromTheTextAsWritten() {
        #expect(codes(with(.vpcCIDRs, "10.50.0.0/16", raw: "10.50.0.1/16"), registry: false) == [.cidrHostBitsSet])
    }

    @Test func theRoleMustBeInTheRequestsAccount() {
        #expect(
            codes(with(.peerRoleARN, "arn:aws:iam::999999999999:role/peer"), registry: false) == [.roleAccountMismatch]
        )
    }

    @Test func normalizedValuesAreNoted() {
        let findings = Validator(snapshot: nil).findings(
            for: with(.awsAccountID, "123456789012", raw: "1234-5678-9012")
        )
        #expect(findings.map(\.code) == [.normalized])
        #expect(findings.first?.severity == .info)
    }
}

@Suite struct RegistryRuleTests {
    @Test(arguments: [
        (TestRegistry.standard, FindingCode.clusterNotPeerable),
        (TestRegistry.gcp, .clusterNotAWS),
        (TestRegistry.deleted, .clusterNotActive),
        ("cunknown00000000000000001", .unknownCluster),
    ])
    func clusterStates(cluster: String, code: FindingCode) {
        #expect(codes(with(.clusterID, cluster)).contains(code))
    }

    @Test(arguments: [
        ("ana@northwind.example", true),
        ("ana@corp.northwind.example", true),
        ("ANA@NORTHWIND.EXAMPLE", true),
        ("ana@northwind.example.evil.test", false),
        ("ana@evilnorthwind.example", false),
        ("ana@northwind.exampl", false),
        ("ana@gmail.com", false),
        ("not-an-address", false),
    ])
    func onlyTheOrganizationsDomainsAuthorize(sender: String, authorized: Bool) {
        var request = goodRequest()
        request.requesterEmail = sender
        #expect(codes(request).contains(.requesterNotAuthorized) == !authorized, "\(sender)")
    }

    @Test func freeMailNeverAuthorizesEvenWhenListed() {
        var request = with(.clusterID, TestRegistry.freeMail)
        request.requesterEmail = "someone@gmail.com"
        #expect(codes(request).contains(.requesterNotAuthorized))
    }

    @Test func aRequestWithoutSenderIsNotAuthorized() {
        var request = goodRequest()
        request.requesterEmail = nil
        #expect(codes(request) == [.requesterNotAuthorized])
    }

    @Test func anUnauthorizedSenderLearnsNothingAboutTheCluster() {
        var request = with(.vpcCIDRs, "10.10.0.0/16")  // would overlap the cluster's CIDR
        request.values[.awsAccountID] = [PeeringRequest.Value(canonical: "406793422161", raw: "406793422161")]
        request.requesterEmail = "mallory@evil.test"
        let findings = Validator(snapshot: TestRegistry.snapshot).findings(for: request)
        #expect(findings.map(\.code).filter { $0 != .roleAccountMismatch } == [.requesterNotAuthorized])
        for finding in findings {
            for secret in [
                "10.10.0.0", "10.40.0.0", "406793422161 is", "vpc-0348f92c1409fba12", "cluster-cau29", "us-east-1",
            ] {
                #expect(!finding.message.contains(secret), "\(finding.message)")
            }
        }
    }

    @Test func theClustersOwnAccountAndVPC() {
        #expect(codes(with(.awsAccountID, "406793422161")).contains(.accountIsClusterAccount))
        #expect(codes(with(.vpcID, "vpc-0348f92c1409fba12")).contains(.vpcIsClusterVPC))
    }

    @Test(arguments: [
        ("10.10.8.0/21", true),  // inside the primary
        ("10.40.0.0/16", true),  // contains the secondary
        ("10.10.16.0/20", false),  // touches the primary, no overlap
        ("10.9.240.0/20", false),  // touches from below
    ])
    func overlapWithTheAstroVPC(cidr: String, overlaps: Bool) {
        #expect(codes(with(.vpcCIDRs, cidr)).contains(.cidrOverlapsCluster) == overlaps)
    }

    @Test(arguments: [
        ("10.20.128.0/17", true),  // an active peering's CIDR
        ("192.168.16.0/24", true),  // a pending one's
        ("10.30.0.0/16", false),  // a deleted peering does not count
        ("10.21.0.0/16", false),  // touching
    ])
    func overlapWithOtherLivePeerings(cidr: String, overlaps: Bool) {
        #expect(codes(with(.vpcCIDRs, cidr)).contains(.cidrOverlapsPeering) == overlaps)
    }

    @Test func theSameVPCIsADuplicateNotAnOverlap() {
        var request = with(.vpcID, "vpc-0c4f71cbb51d5f818")
        request.values[.vpcCIDRs] = [PeeringRequest.Value(canonical: "10.20.0.0/16", raw: "10.20.0.0/16")]
        let found = codes(request)
        #expect(found.contains(.duplicatePeering))
        #expect(!found.contains(.cidrOverlapsPeering))
    }

    @Test(arguments: [(TestRegistry.nearlyFull, false), (TestRegistry.full, true)])
    func quotaAtExactlyFifty(cluster: String, reached: Bool) {
        #expect(codes(with(.clusterID, cluster)).contains(.peeringQuotaReached) == reached)
    }

    @Test func theQuotaIsASetting() {
        var settings = ValidationSettings()
        settings.peeringQuota = 2
        let findings = Validator(snapshot: TestRegistry.snapshot, settings: settings).findings(for: goodRequest())
        #expect(findings.map(\.code) == [.peeringQuotaReached])
    }

    @Test func anotherRegionIsAWarning() {
        let findings = Validator(snapshot: TestRegistry.snapshot).findings(for: with(.awsRegion, "eu-west-1"))
        #expect(findings.map(\.code) == [.regionDiffersFromCluster])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.message.contains("eu-west-1") == true)
    }
}

@Suite struct MessageRuleTests {
    @Test func autoGeneratedMailGetsOnlyThatFinding() {
        var request = goodRequest()
        request.values = [:]
        request.autoGeneratedReason = "Auto-Submitted: auto-replied"
        let findings = Validator(snapshot: TestRegistry.snapshot).findings(for: request)
        #expect(findings.map(\.code) == [.autoGenerated])
        #expect(findings.first?.severity == .info)
    }

    @Test func aDMARCFailureIsAWarning() {
        var request = goodRequest()
        request.isDMARCFailure = true
        #expect(codes(request) == [.senderUnauthenticated])
    }

    @Test func anUnreadableInputIsUnparseableWithTheReason() {
        var request = goodRequest()
        request.unparseableReason = "the message is 40 bytes, over the 32-byte limit"
        let findings = Validator(snapshot: TestRegistry.snapshot).findings(for: request)
        #expect(findings.map(\.code) == [.unparseable])
        #expect(findings.first?.message.contains("over the 32-byte limit") == true)
    }

    @Test func everyDesignCodeIsEmittedBySomeRule() {
        var scenarios: [PeeringRequest] = []
        for field in RequestField.allCases {
            var missing = goodRequest()
            missing.values[field] = nil
            scenarios.append(missing)
        }
        var conflict = goodRequest()
        conflict.conflicts = [.vpcID]
        scenarios.append(conflict)
        let invalid: [(RequestField, String)] = [
            (.awsAccountID, "12345"), (.awsRegion, "eu-wset-1"), (.vpcID, "vpc-1"), (.vpcCIDRs, "10.0.0/16"),
            (.peerRoleARN, "arn:aws:iam::123456789012:user/x"),
            (.peerRoleARN, "arn:aws:cloudformation:us-east-1:1:stack/a/b"),
            (.clusterID, "cABC"),
        ]
        for (field, raw) in invalid {
            var request = goodRequest()
            request.values[field] = nil
            request.invalid[field] = [raw]
            scenarios.append(request)
        }
        scenarios += [
            with(.awsRegion, "us-gov-west-1"), with(.vpcCIDRs, "10.0.0.0/8"), with(.vpcCIDRs, "127.0.0.0/16"),
            with(.vpcCIDRs, "10.50.0.0/16", raw: "10.50.0.1/16"), with(.vpcCIDRs, "8.8.0.0/16"),
            with(.vpcCIDRs, "172.17.0.0/16"), with(.peerRoleARN, "arn:aws:iam::999999999999:role/p"),
            with(.awsAccountID, "123456789012", raw: "1234-5678-9012"), with(.clusterID, "cunknown00000000000000001"),
            with(.clusterID, TestRegistry.gcp), with(.clusterID, TestRegistry.deleted),
            with(.clusterID, TestRegistry.standard),
            with(.awsAccountID, "406793422161"), with(.vpcID, "vpc-0348f92c1409fba12"), with(.vpcCIDRs, "10.10.0.0/16"),
            with(.vpcCIDRs, "10.20.0.0/17"), with(.vpcID, "vpc-0c4f71cbb51d5f818"), with(.clusterID, TestRegistry.full),
            with(.awsRegion, "eu-west-1"),
            with(.awsAccountID, "123456789012", raw: "arn:aws:iam::123456789012:role/peer"),
        ]
        var stranger = goodRequest()
        stranger.requesterEmail = "x@evil.test"
        var robot = goodRequest()
        robot.autoGeneratedReason = "Precedence: bulk"
        var spoofed = goodRequest()
        spoofed.isDMARCFailure = true
        var broken = goodRequest()
        broken.unparseableReason = "the input is empty"
        scenarios += [stranger, robot, spoofed, broken]
        let emitted = Set(scenarios.flatMap { codes($0) })
        // The desk's own codes come from the ticket (Runbook), not from a request's rules.
        let desk: Set<FindingCode> = [.duplicateRequest, .changeHeld]
        #expect(
            emitted == Set(FindingCode.allCases).subtracting(desk),
            "never emitted: \(Set(FindingCode.allCases).subtracting(emitted))"
        )
    }
}
