import Intake
import PeeringModel
import Testing

/// Issue 13, class 4: what copying and pasting does inside and around a value (digit groups split
/// by spaces, no-break, thin or invisible characters, dots or dashes; parentheses, brackets, quotes
/// of every script, backticks, trailing punctuation) is undone before the value is read.
@Suite struct PastedDamageTests {
    static let account = "123456789012"
    static let cluster = "cau29pc7zl4ht2dtcbslfpr1u"
    static let vpc = "vpc-0abc1234def567890"
    static let role = "arn:aws:iam::123456789012:role/peer"

    @Test(arguments: [
        "AWS account ID: 1234 5678 9012",
        "AWS account ID: 1234\u{00A0}5678\u{00A0}9012",
        "AWS account ID: 1234\u{2009}5678\u{2009}9012",
        "AWS account ID: 1234\u{202F}5678\u{202F}9012",
        "AWS account ID: 1234\u{2063}5678\u{2063}9012",
        "AWS account ID: 1234.5678.9012",
        "AWS account ID: 1234 - 5678 - 9012",
        "AWS account ID: 123 456 789 012 (production)",
        "AWS account ID: \u{200E}123456789012\u{200F}",
        "AWS account ID: (123456789012)",
        "AWS account ID: [123456789012].",
        "AWS account ID: \u{00AB}123456789012\u{00BB}",
        "AWS account ID: \u{300C}123456789012\u{300D}",
        "AWS account ID: \u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}\u{FF10}\u{FF11}\u{FF12}",
        "AWS account ID: `1234 5678 9012`,",
    ])
    func accountIDs(line: String) {
        let request = requestFromMail(line)
        #expect(request.canonical(.awsAccountID) == [Self.account], "\(line)")
        #expect(request.invalid.isEmpty, "\(line)")
    }

    @Test(arguments: [
        "Cluster ID: (cau29pc7zl4ht2dtcbslfpr1u)",
        "Cluster ID: [cau29pc7zl4ht2dtcbslfpr1u]",
        "Cluster ID: \u{2039}cau29pc7zl4ht2dtcbslfpr1u\u{203A}",
        "Cluster ID: \u{3010}cau29pc7zl4ht2dtcbslfpr1u\u{3011}",
        "Cluster ID: \u{201E}cau29pc7zl4ht2dtcbslfpr1u\u{201C}",
        "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u\u{2026}",
        "Cluster ID: 'cau29pc7zl4ht2dtcbslfpr1u'!",
        "Cluster ID: ``cau29pc7zl4ht2dtcbslfpr1u``",
        "Cluster ID: cau29pc7\u{2060}zl4ht2dtcbslfpr1u",
        "Cluster ID: cau29pc7\u{200D}zl4ht2dtcbslfpr1u\u{3002}",
        "Cluster ID: \u{FF08}cau29pc7zl4ht2dtcbslfpr1u\u{FF09}",
    ])
    func clusterIDs(line: String) {
        let request = requestFromMail(line)
        #expect(request.canonical(.clusterID) == [Self.cluster], "\(line)")
        #expect(request.invalid.isEmpty, "\(line)")
    }

    @Test(arguments: [
        ("VPC ID: (vpc-0abc1234def567890)", RequestField.vpcID, vpc),
        ("VPC ID: <vpc-0abc1234def567890>;", .vpcID, vpc),
        ("VPC ID: vpc\u{2011}0abc1234def567890", .vpcID, vpc),
        ("VPC ID: vpc-0abc1234def567890\u{200F}.", .vpcID, vpc),
        ("VPC ID: \u{300E}vpc-0abc1234def567890\u{300F}", .vpcID, vpc),
        ("CIDR: 10.20.0.0 / 16", .vpcCIDRs, "10.20.0.0/16"),
        ("CIDR: 10.20.0.0/ 16.", .vpcCIDRs, "10.20.0.0/16"),
        ("CIDR: (10.20.0.0/16)", .vpcCIDRs, "10.20.0.0/16"),
        ("CIDR: [10.20.0.0/16]", .vpcCIDRs, "10.20.0.0/16"),
        ("CIDR: 10.20.0.0\u{2215}16", .vpcCIDRs, "10.20.0.0/16"),
        ("PeerRole ARN: (arn:aws:iam::123456789012:role/peer).", .peerRoleARN, role),
        ("PeerRole ARN: \u{201C}arn:aws:iam::123456789012:role/peer\u{201D}", .peerRoleARN, role),
        ("PeerRole ARN: arn:aws:iam::123456789012:role/\u{200B}peer", .peerRoleARN, role),
        ("PeerRole ARN: `arn:aws:iam::123456789012:role/peer`?", .peerRoleARN, role),
        ("Region: (eu-west-1)", .awsRegion, "eu-west-1"),
        ("Region: \u{00AB}eu-west-1\u{00BB}.", .awsRegion, "eu-west-1"),
        ("Region: US East (N. Virginia).", .awsRegion, "us-east-1"),
    ])
    func otherFields(line: String, field: RequestField, value: String) {
        let request = requestFromMail(line)
        #expect(request.canonical(field) == [value], "\(line)")
        #expect(request.invalid.isEmpty, "\(line)")
    }

    /// What was written is kept, so validation can say how it was read.
    @Test func theGroupedAccountIsKeptAsWritten() {
        let request = requestFromMail("AWS account ID: 1234.5678.9012 (prod)")
        #expect(request.values[.awsAccountID] == [PeeringRequest.Value(canonical: Self.account, raw: "1234.5678.9012")])
    }

    /// Two account IDs on the line are not glued into one.
    @Test func twoAccountsOnALineAreNotOneNumber() {
        let request = requestFromMail("AWS account ID: 123456789012 210987654321")
        #expect(request.canonical(.awsAccountID) == [Self.account])
    }
}
