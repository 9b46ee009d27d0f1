import Foundation
import Intake
import PeeringModel
import Testing

/// Extracts from one plain-text source.
func extract(_ text: String, quoted: Bool = false) -> Extraction {
    FieldExtractor.extract([TextSource(part: 1, name: "text/plain", text: text, isQuotedHistory: quoted)])
}

let sixDetails = """
    AWS account ID: 123456789012
    Region: eu-west-1
    VPC ID: vpc-0abc1234def567890
    CIDR block: 10.20.0.0/16
    PeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
    Cluster ID: cau29pc7zl4ht2dtcbslfpr1u
    """

@Suite struct ClientFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/mail"
    )

    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var values: [RequestField: [String]]
        var quoted: [String] = []
        var conflicts: [RequestField: [String]] = [:]
        var decoys: [String] = []
        var signature: [String] = []
        var testDescription: String { file }
    }

    static let northwind: [RequestField: [String]] = [
        .awsAccountID: ["123456789012"], .awsRegion: ["eu-west-1"], .vpcID: ["vpc-0abc1234def567890"],
        .vpcCIDRs: ["10.20.0.0/16"], .peerRoleARN: ["arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"],
        .clusterID: ["cau29pc7zl4ht2dtcbslfpr1u"],
    ]

    static let cases: [Expected] = [
        // Our quoted "Example: VPC ID: vpc-11111111" is an example, not the customer's value.
        Expected(file: "gmail.eml", values: northwind, decoys: ["vpc-11111111"]),
        Expected(
            file: "outlook.eml",
            values: northwind.merging([.awsRegion: ["us-east-1"]]) { $1 },
            quoted: ["us-west-2"]
        ),
        Expected(
            file: "thunderbird-flowed.eml",
            values: [
                .awsAccountID: ["345678901234"], .awsRegion: ["ap-southeast-2"], .vpcID: ["vpc-0b53967d"],
                .vpcCIDRs: ["10.80.0.0/16", "10.81.0.0/16"],
                .peerRoleARN: ["arn:aws:iam::345678901234:role/astro-peering-PeerRole-ABC"],
                .clusterID: ["c9y04503uahxhbwdz29k0k9y6"],
            ]
        ),
        Expected(
            file: "mobile.eml",
            values: [
                .awsAccountID: ["210987654321"], .awsRegion: ["us-east-2"], .vpcID: ["vpc-e97dbf30"],
                .vpcCIDRs: ["192.168.16.0/20"], .peerRoleARN: ["arn:aws:iam::210987654321:role/peer"],
                .clusterID: ["cau29pc7zl4ht2dtcbslfpr1u"],
            ]
        ),
        Expected(file: "forwarded.eml", values: northwind),
        Expected(
            file: "attachment-csv.eml",
            values: northwind.merging([.peerRoleARN: ["arn:aws:iam::123456789012:role/peer"]]) { $1 }
        ),
        Expected(
            file: "decoys.eml",
            values: northwind.merging([
                .peerRoleARN: ["arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ"]
            ]) {
                $1
            },
            decoys: ["us-east-1", "406793422161"],
            signature: ["vpc-99999999"]
        ),
        Expected(
            file: "conflict.eml",
            values: [.vpcID: ["vpc-11111111", "vpc-22222222"], .vpcCIDRs: ["10.20.0.0/16"]],
            conflicts: [.vpcID: ["vpc-11111111", "vpc-22222222"]]
        ),
        Expected(
            file: "markdown.eml",
            values: [
                .awsAccountID: ["123456789012"], .awsRegion: ["eu-west-1"], .vpcID: ["vpc-0abc1234"],
                .vpcCIDRs: ["10.20.0.0/16", "10.30.0.0/16"],
            ]
        ),
        Expected(
            file: "apple-mail.eml",
            values: [.vpcID: ["vpc-1a2b3c4d"], .awsRegion: ["eu-central-1"]],
            // The plain part lacks four details, but its HTML twin has none of them either, so it
            // is not read.
            quoted: ["us-east-1"]
        ),
    ]

    @Test(arguments: cases)
    func mailFromRealClientsExtracts(expected: Expected) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(expected.file)))
        let message = try MailMessage.parse(bytes)
        let extraction = FieldExtractor.extract(message.textSources)
        #expect(extraction.values == expected.values)
        #expect(extraction.conflicts == expected.conflicts)
        let quoted = extraction.candidates.filter { $0.verdict == .quoted }.map(\.value)
        #expect(quoted == expected.quoted)
        let decoys = extraction.candidates.filter { $0.verdict == .decoy }.map(\.raw)
        #expect(Set(decoys) == Set(expected.decoys))
        let signature = extraction.candidates.filter { $0.verdict == .signature }.map(\.value)
        #expect(signature == expected.signature)
    }
}

@Suite struct LabelRuleTests {
    @Test(arguments: [
        "AWS account ID: 123456789012", "Account #: 123456789012", "AWS Account Number - 123456789012",
        "account id = 123456789012", "**AWS Account ID**: 123456789012", "- Account ID: 123456789012",
        "• AWS account: 123456789012", "1. AWS account ID: 123456789012", "| AWS account ID | 123456789012 |",
        "AWS account ID\t123456789012", "Account ID of the external VPC: 123456789012", "aws_account_id,123456789012",
        "AWS account ID: 1234-5678-9012", "AWS account ID:  `123456789012`.", "Your AWS account ID: \"123456789012\"",
        "AWS account ID – 123456789012",
    ])
    func accountLabels(line: String) {
        #expect(extract(line).values[.awsAccountID] == ["123456789012"], "\(line)")
    }

    @Test(arguments: [
        ("Region: eu-west-1", "eu-west-1"), ("AWS region: Europe (Ireland)", "eu-west-1"),
        ("AWS Region - US East (N. Virginia)", "us-east-1"), ("Region: EU-WEST-1.", "eu-west-1"),
        ("VPC region = N. Virginia", "us-east-1"), ("region: us-gov-west-1", "us-gov-west-1"),
    ])
    func regionLabels(line: String, code: String) {
        #expect(extract(line).values[.awsRegion] == [code], "\(line)")
    }

    @Test(arguments: [
        "VPC ID: vpc-0abc1234", "VPC: vpc-0abc1234", "External VPC ID = VPC-0ABC1234", "vpc-id: vpc-0abc1234",
    ])
    func vpcLabels(line: String) {
        #expect(extract(line).values[.vpcID] == ["vpc-0abc1234"], "\(line)")
    }

    @Test(arguments: [
        ("CIDR: 10.20.0.0/16", ["10.20.0.0/16"]),
        ("VPC CIDR block(s): 10.20.0.0/16, 10.30.0.0/16", ["10.20.0.0/16", "10.30.0.0/16"]),
        ("IPv4 CIDR: 10.20.0.0/16; 10.30.0.0/16 and 10.40.0.0/16", ["10.20.0.0/16", "10.30.0.0/16", "10.40.0.0/16"]),
        ("CIDR range = 10.20.0.0/16 10.20.0.0/16", ["10.20.0.0/16"]),
    ])
    func severalCIDRsOnOneLineAreAList(line: String, cidrs: [String]) {
        let extraction = extract(line)
        #expect(extraction.values[.vpcCIDRs] == cidrs)
        #expect(extraction.conflicts.isEmpty)
    }

    @Test(arguments: [
        "PeerRole ARN: arn:aws:iam::123456789012:role/peer", "Peer Role ARN - arn:aws:iam::123456789012:role/peer",
        "Role ARN = arn:aws:iam::123456789012:role/peer", "IAM role ARN: <arn:aws:iam::123456789012:role/peer>",
    ])
    func roleLabels(line: String) {
        #expect(extract(line).values[.peerRoleARN] == ["arn:aws:iam::123456789012:role/peer"], "\(line)")
    }

    @Test(arguments: [
        "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u", "Astro cluster ID: cau29pc7zl4ht2dtcbslfpr1u",
        "Astro cluster - cau29pc7zl4ht2dtcbslfpr1u",
    ])
    func clusterLabels(line: String) {
        #expect(extract(line).values[.clusterID] == ["cau29pc7zl4ht2dtcbslfpr1u"], "\(line)")
    }

    @Test func theValueMayBeOnTheNextLine() {
        let extraction = extract("VPC ID:\nvpc-0abc1234\n\nRegion\n\neu-west-1\n")
        #expect(extraction.values[.vpcID] == ["vpc-0abc1234"])
        #expect(extraction.values[.awsRegion] == ["eu-west-1"])
        #expect(extraction.candidates.first { $0.field == .vpcID }?.line == 2)
    }

    @Test func aMarkdownTable() {
        let table = """
            | Detail | Value |
            |---|---|
            | AWS account ID | 123456789012 |
            | VPC ID | vpc-0abc1234 |
            """
        let extraction = extract(table)
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        #expect(extraction.values[.vpcID] == ["vpc-0abc1234"])
    }
}

@Suite struct ShapeAndDecoyTests {
    @Test func unlabeledValuesAreFoundByShape() {
        let extraction = extract(
            "Please peer vpc-0abc1234 (10.20.0.0/16) in eu-west-1 using arn:aws:iam::123456789012:role/peer "
                + "with cluster cau29pc7zl4ht2dtcbslfpr1u. Ticket 555566667777."
        )
        #expect(extraction.values[.vpcID] == ["vpc-0abc1234"])
        #expect(extraction.values[.vpcCIDRs] == ["10.20.0.0/16"])
        #expect(extraction.values[.awsRegion] == ["eu-west-1"])
        #expect(extraction.values[.peerRoleARN] == ["arn:aws:iam::123456789012:role/peer"])
        #expect(extraction.values[.clusterID] == ["cau29pc7zl4ht2dtcbslfpr1u"])
        // A bare 12-digit number is too ambiguous to be taken as the account; the role's is the account.
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        #expect(!extraction.candidates.contains { $0.raw == "555566667777" })
    }

    @Test(arguments: [
        ("Our VPC is in account 123456789012.", ["123456789012"]),
        ("the AWS account ID is 123456789012", ["123456789012"]),
        ("acct# 123456789012", ["123456789012"]),
        ("Call me at 123456789012", [String]()),
        ("Order 123456789012 shipped", []),
    ])
    func aNumberNamedAsTheAccountInProse(text: String, expected: [String]) {
        #expect(extract(text).values[.awsAccountID] ?? [] == expected, "\(text)")
    }

    @Test func aLabeledValueBeatsAShape() {
        let extraction = extract("We use vpc-11111111 for staging.\nVPC ID: vpc-22222222")
        #expect(extraction.values[.vpcID] == ["vpc-22222222"])
        #expect(extraction.candidates.first { $0.value == "vpc-11111111" }?.verdict == .lostToLabel)
        #expect(extraction.conflicts.isEmpty)
    }

    @Test func theQuickCreateURLIsADecoy() {
        let text = """
            I created the stack from https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=https%3A%2F%2Fexample.s3.amazonaws.com%2Fastro-peering-role.yaml&stackName=astro-peering&param_PeerOwnerIds=406793422161
            Region: eu-west-1
            """
        let extraction = extract(text)
        #expect(extraction.values[.awsRegion] == ["eu-west-1"])
        let decoy = extraction.candidates.first { $0.value == "us-east-1" }
        #expect(decoy?.verdict == .decoy)
        #expect(decoy?.reason?.contains("URL") == true)
    }

    @Test func aURLAloneGivesNoRegion() {
        let extraction = extract("https://console.aws.amazon.com/vpc/home?region=us-east-1#vpcs:")
        #expect(extraction.values[.awsRegion] == nil)
    }

    @Test func peerOwnerIDsIsTheClustersAccountNotTheCustomers() {
        let extraction = extract("Peer Owner IDs: 406793422161\nAWS account ID: 123456789012")
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        let decoy = extraction.candidates.first { $0.raw == "406793422161" }
        #expect(decoy?.verdict == .decoy)
        let alone = extract("Peer Owner IDs = 406793422161")
        #expect(alone.values[.awsAccountID] == nil)
    }

    @Test(arguments: [
        "On Mon, Nov 23, 2026 at 9:00 AM Support <s@astronomer.example> wrote:\n> VPC ID: vpc-11111111",
        "On Mon, Nov 23, 2026 at 9:00 AM Support <s@astronomer.example>\nwrote:\nVPC ID: vpc-11111111",
        "-----Original Message-----\nVPC ID: vpc-11111111",
        "________________________________\nFrom: Support\nSent: Monday\nVPC ID: vpc-11111111",
        "From: Support <s@astronomer.example>\nSent: Monday, November 23, 2026\nTo: Ana\nVPC ID: vpc-11111111",
        "---------- Forwarded message ---------\nVPC ID: vpc-11111111",
        "> VPC ID: vpc-11111111",
    ])
    func quotedHistoryLosesToNewText(history: String) {
        let extraction = extract("VPC ID: vpc-22222222\n\n\(history)")
        #expect(extraction.values[.vpcID] == ["vpc-22222222"])
        #expect(extraction.candidates.first { $0.value == "vpc-11111111" }?.verdict == .quoted)
        #expect(extraction.conflicts.isEmpty)
    }

    @Test func quotedHistoryIsTheFallbackWhenNothingElseIsThere() {
        let extraction = extract("Same as before.\n\n> VPC ID: vpc-11111111")
        #expect(extraction.values[.vpcID] == ["vpc-11111111"])
    }

    @Test(arguments: [
        "Thanks,\nAna Lopez\nvpc-11111111 team lead",
        "-- \nAna Lopez | vpc-11111111",
        "Sent from my iPhone\nvpc-11111111",
    ])
    func signatureValuesLose(signature: String) {
        let extraction = extract("VPC ID: vpc-22222222\n\n\(signature)")
        #expect(extraction.values[.vpcID] == ["vpc-22222222"])
        #expect(extraction.candidates.first { $0.value == "vpc-11111111" }?.verdict == .signature)
    }

    @Test func aSignOffFollowedByContentIsNotASignature() {
        let extraction = extract("Thanks,\nVPC ID: vpc-22222222")
        #expect(extraction.values[.vpcID] == ["vpc-22222222"])
    }
}

@Suite struct DamageAndConflictTests {
    @Test func copyPasteDamageIsRepaired() {
        let text =
            "AWS\u{00A0}account\u{00A0}ID: \u{200B}1234\u{2011}5678\u{2011}9012\u{200B}\n"
            + "VPC ID: \u{201C}vpc-0abc1234\u{201D}\n"
            + "Region: \u{2018}eu-west-1\u{2019},\n"
            + "CIDR: `10.20.0.0/16`;\n"
            + "Cluster ID:\u{3000}cau29pc7zl4ht2dtcbslfpr1u!\n"
        let extraction = extract(text)
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        #expect(extraction.values[.vpcID] == ["vpc-0abc1234"])
        #expect(extraction.values[.awsRegion] == ["eu-west-1"])
        #expect(extraction.values[.vpcCIDRs] == ["10.20.0.0/16"])
        #expect(extraction.values[.clusterID] == ["cau29pc7zl4ht2dtcbslfpr1u"])
    }

    @Test func twoDifferentValuesConflictAndBothAreKept() {
        let extraction = extract("VPC ID: vpc-11111111\nsome text\nVPC ID: vpc-22222222\nVPC ID: vpc-11111111")
        #expect(extraction.conflicts[.vpcID] == ["vpc-11111111", "vpc-22222222"])
        #expect(extraction.values[.vpcID] == ["vpc-11111111", "vpc-22222222"])
        #expect(extraction.candidates.map(\.verdict) == [.conflicting, .conflicting, .duplicate])
    }

    @Test func anInvalidLabeledValueIsReportedWhenNothingValidIsFound() {
        let extraction = extract("AWS account ID: 12345")
        #expect(extraction.values[.awsAccountID] == nil)
        #expect(extraction.invalid[.awsAccountID] == ["12345"])
        let candidate = extraction.candidates.first
        #expect(candidate?.verdict == .invalid)
        #expect(candidate?.reason?.contains("has 5 digits") == true)
    }

    @Test func anInvalidLabeledValueDoesNotBlockAValidOne() {
        let extraction = extract("AWS account ID: 12345\nAccount number: 123456789012")
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        #expect(extraction.invalid[.awsAccountID] == nil)
    }

    @Test func anUnlabeledStackARNIsKeptAsInvalidWithItsReason() {
        let extraction = extract("arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e-aaaa")
        let candidate = extraction.candidates.first { $0.field == .peerRoleARN }
        #expect(candidate?.verdict == .invalid)
        #expect(candidate?.reason?.contains("Outputs tab") == true)
    }

    @Test func aForwardedSourceIsFallbackOnly() {
        let extraction = FieldExtractor.extract([
            TextSource(part: 0, name: "text/plain", text: "VPC ID: vpc-22222222"),
            TextSource(
                part: 2,
                name: "forwarded message text/plain",
                text: "VPC ID: vpc-11111111",
                isQuotedHistory: true
            ),
        ])
        #expect(extraction.values[.vpcID] == ["vpc-22222222"])
        #expect(extraction.candidates.last?.verdict == .quoted)
    }

    @Test func everyCandidateKeepsItsProvenance() throws {
        let extraction = FieldExtractor.extract([TextSource(part: 3, name: "text/html", text: "intro\n" + sixDetails)])
        let role = try #require(extraction.candidates.first { $0.field == .peerRoleARN })
        #expect(role.part == 3)
        #expect(role.source == "text/html")
        #expect(role.line == 6)
        #expect(role.rule == .label("peerrole arn"))
        #expect(extraction.values.count == 6)
    }
}

/// Inputs built to make a careless implementation quadratic; they must simply finish with the
/// right answer (speed itself is measured by `make bench`, not asserted here).
@Suite struct HostileTextTests {
    @Test func manySignOffsFollowedByBlankLines() {
        let text =
            String(repeating: "Thanks,\n" + String(repeating: "\n", count: 200), count: 2_000) + "VPC ID: vpc-0abc1234"
        // The last sign-off is followed by 200 blank lines, so the value is the customer's text.
        #expect(extract(text).values[.vpcID] == ["vpc-0abc1234"])
    }

    @Test func tenThousandCIDRsOnOneLine() {
        let cidrs = (0..<10_000).map { "10.\($0 / 256).\($0 % 256).0/24" }
        let extraction = extract("CIDR: " + cidrs.joined(separator: ", "))
        #expect(extraction.values[.vpcCIDRs]?.count == 10_000)
    }

    @Test func aHugeLineWithoutSeparators() {
        let text = String(repeating: "x", count: 2_000_000)
        #expect(extract(text).candidates.isEmpty)
    }
}

@Suite struct CandidateLimitTests {
    @Test func aFieldKeepsAtMostItsLimitAndOtherFieldsAreStillRead() {
        let many = (0..<300).map { "VPC ID: vpc-\(String(format: "%08x", $0))" }
        let text = (many + ["AWS account ID: 123456789012", "CIDR: 10.50.0.0/16"]).joined(separator: "\n")
        let extraction = FieldExtractor.extract([TextSource(part: 1, name: "text/plain", text: text)])
        let limit = FieldExtractor.candidatesPerField
        #expect(extraction.candidates.filter { $0.field == .vpcID }.count == limit)
        #expect(extraction.omitted == 300 - limit)
        #expect(extraction.conflicts[.vpcID]?.count == limit)
        #expect(extraction.values[.awsAccountID] == ["123456789012"])
        #expect(extraction.values[.vpcCIDRs] == ["10.50.0.0/16"])
    }

    @Test func unlabeledShapesCountTowardsTheLimitToo() {
        let logs = (0..<400).map { "flow 10.0.\($0 % 250).0/24 accepted vpc-\(String(format: "%08x", $0))" }
        let extraction = FieldExtractor.extract([
            TextSource(part: 1, name: "text/plain", text: logs.joined(separator: "\n"))
        ])
        #expect(extraction.candidates.filter { $0.field == .vpcID }.count == FieldExtractor.candidatesPerField)
        #expect(extraction.candidates.filter { $0.field == .vpcCIDRs }.count == FieldExtractor.candidatesPerField)
        #expect(extraction.omitted == 2 * (400 - FieldExtractor.candidatesPerField))
    }

    @Test func aRequestUnderTheLimitLosesNothing() {
        let text = (0..<20).map { "CIDR: 10.\($0).0.0/16" }.joined(separator: "\n")
        let extraction = FieldExtractor.extract([TextSource(part: 1, name: "text/plain", text: text)])
        #expect(extraction.omitted == 0)
        #expect(extraction.values[.vpcCIDRs]?.count == 20)
    }
}
