import PeeringModel
import Testing
import Validation

@Suite struct CIDRRulesTests {
    func codes(_ text: String) throws -> [FindingCode] {
        let cidr = try IPv4CIDR(parsing: text)
        return CIDRRules.findings(for: cidr, as: text).map(\.code)
    }

    @Test(arguments: [
        ("10.20.0.0/16", [FindingCode]()),
        ("10.20.0.0/28", []),
        ("10.0.0.0/15", [.cidrPrefixOutOfRange]),
        ("10.20.0.0/29", [.cidrPrefixOutOfRange]),
        ("10.20.0.1/16", [.cidrHostBitsSet]),
        ("172.17.0.0/16", [.cidrDockerBridge]),
        ("172.16.0.0/16", []),
        ("172.18.0.0/16", []),
        ("8.8.0.0/16", [.cidrPublic]),
        ("100.64.0.0/16", [.cidrPublic]),
        ("169.254.0.0/16", [.cidrReserved]),
        ("127.0.0.0/16", [.cidrReserved]),
        ("224.0.0.0/16", [.cidrReserved]),
        ("240.0.0.0/16", [.cidrReserved]),
        ("0.0.0.0/16", [.cidrReserved]),
        ("0.0.0.0/0", [.cidrReserved, .cidrPrefixOutOfRange, .cidrDockerBridge]),
    ])
    func eachRuleFiresOnBothSidesOfItsBoundary(text: String, expected: [FindingCode]) throws {
        #expect(try codes(text) == expected)
    }

    @Test func messagesNameTheValue() throws {
        let cidr = try IPv4CIDR(parsing: "10.20.0.1/16")
        let finding = try #require(CIDRRules.findings(for: cidr, as: "10.20.0.1/16").first)
        #expect(finding.message.contains("10.20.0.1/16"))
        #expect(finding.message.contains("10.20.0.0/16"))
        #expect(finding.severity == .warning)
        #expect(finding.field == .vpcCIDRs)
    }
}
