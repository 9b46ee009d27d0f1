import PeeringModel
import Testing

@Suite struct ValueErrorTests {
    @Test(arguments: [
        (ValueKind.accountID, "AWS account ID"), (.region, "AWS region"), (.vpcID, "VPC ID"),
        (.peeringID, "VPC peering ID"), (.clusterID, "Astro cluster ID"), (.cidr, "CIDR block"),
        (.roleARN, "PeerRole ARN"),
    ])
    func kindsHaveCustomerFacingNames(kind: ValueKind, name: String) {
        #expect(kind.rawValue == name)
    }

    @Test func everyKindIsListed() {
        #expect(ValueKind.allCases.count == 7)
    }

    @Test func aBlankValueIsNamedByItsKind() throws {
        let error = try #require(errorOf { try AccountID(parsing: " \t") })
        #expect(error.message.hasPrefix("the AWS account ID is empty"))
        #expect(error.description == error.message)
        #expect(error.input == " \t".replacingTabs)
    }

    @Test func theMessageQuotesTheTrimmedValueAndInputKeepsTheGivenOne() throws {
        let error = try #require(errorOf { try AccountID(parsing: "  12345 ") })
        #expect(error.message.hasPrefix("\"12345\" has 5 digits"))
        #expect(error.input == "  12345 ")
    }

    @Test func longValuesAreCutAt80Characters() throws {
        let long = "vpc-" + String(repeating: "a", count: 200)
        let error = try #require(errorOf { try VPCID(parsing: long) })
        #expect(error.input.count == 81)
        #expect(error.input.hasSuffix("…"))
        #expect(error.input.hasPrefix("vpc-aaaa"))
        #expect(error.message.hasPrefix("\"\(error.input)\" has 200 hex digits"))
        #expect(!error.message.contains(long))
    }

    @Test func eightyCharactersAreKeptWhole() {
        let text = String(repeating: "x", count: 80)
        #expect(ValueError.displayable(text) == text)
        #expect(ValueError.displayable(text + "y") == text + "…")
    }

    @Test(arguments: [
        ("a\u{1B}[31mb", "a?[31mb"),
        ("line\nbreak\r", "line?break?"),
        ("tab\there", "tab?here"),
        ("bidi\u{202E}evil\u{2066}", "bidi?evil?"),
        ("del\u{7F}c1\u{85}", "del?c1?"),
        ("sep\u{2028}", "sep?"),
        ("café ✓", "café ✓"),
    ])
    func controlCharactersAreReplaced(text: String, shown: String) {
        #expect(ValueError.displayable(text) == shown)
    }

    @Test func errorsAreValues() {
        let first = errorOf { try ClusterID(parsing: "cABC") }
        let second = errorOf { try ClusterID(parsing: "cABC") }
        let other = errorOf { try ClusterID(parsing: "cabc") }
        #expect(first != nil)
        #expect(first == second)
        #expect(first != other)
    }
}

extension String {
    fileprivate var replacingTabs: String { String(map { $0 == "\t" ? "?" : $0 }) }
}
