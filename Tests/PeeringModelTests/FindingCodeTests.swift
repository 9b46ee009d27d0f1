import Foundation
import PeeringModel
import Testing

@Suite struct FindingCodeTests {
    /// DESIGN.md's list, code and severity: a rename here breaks scripts outside the repository.
    static let contract: [(String, Severity)] = [
        ("missing-account-id", .error), ("missing-region", .error), ("missing-vpc-id", .error),
        ("missing-cidr", .error), ("missing-peer-role-arn", .error), ("missing-cluster-id", .error),
        ("conflicting-values", .error), ("invalid-account-id", .error), ("invalid-region", .error),
        ("unsupported-partition", .error), ("invalid-vpc-id", .error), ("invalid-cidr", .error),
        ("cidr-prefix-out-of-range", .error), ("cidr-reserved", .error), ("invalid-peer-role-arn", .error),
        ("peer-role-arn-is-stack", .error), ("role-account-mismatch", .error), ("invalid-cluster-id", .error),
        ("account-from-role-arn", .info),
        ("cidr-host-bits-set", .warning), ("cidr-public", .warning), ("cidr-docker-bridge", .warning),
        ("normalized", .info), ("unknown-cluster", .error), ("cluster-not-aws", .error),
        ("cluster-not-active", .error), ("cluster-not-peerable", .error), ("requester-not-authorized", .error),
        ("account-is-cluster-account", .error), ("vpc-is-cluster-vpc", .error), ("cidr-overlaps-cluster", .error),
        ("cidr-overlaps-peering", .error), ("duplicate-peering", .error), ("peering-quota-reached", .error),
        ("region-differs-from-cluster", .warning), ("auto-generated", .info), ("sender-unauthenticated", .warning),
        ("unparseable", .error), ("duplicate-request", .warning), ("change-held", .warning),
    ]

    @Test func everyCodeHasItsContractSeverity() throws {
        #expect(FindingCode.allCases.count == Self.contract.count)
        for (raw, severity) in Self.contract {
            let code = try #require(FindingCode(rawValue: raw), "missing code \(raw)")
            #expect(code.severity == severity, "\(raw)")
        }
    }

    @Test func aFindingEncodesAsTheRequestRecordShows() throws {
        let finding = Finding(.cidrOverlapsCluster, field: .vpcCIDRs, message: "10.20.0.0/16 overlaps 10.20.0.0/20")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(finding), as: UTF8.self)
        #expect(
            json
                == #"{"code":"cidr-overlaps-cluster","field":"vpc_cidrs","message":"10.20.0.0/16 overlaps 10.20.0.0/20","severity":"error"}"#
        )
        #expect(try JSONDecoder().decode(Finding.self, from: Data(json.utf8)) == finding)
    }

    @Test func severitiesAreOrdered() {
        #expect(Severity.info < .warning && Severity.warning < .error)
        #expect([Severity.warning, .error, .info].max() == .error)
    }
}
