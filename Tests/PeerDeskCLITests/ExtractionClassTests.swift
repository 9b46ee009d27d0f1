import DeskTestSupport
import Foundation
import Testing

/// Issue 13 through the built binary: one message of each class of real customer mail that
/// extraction failed on, read by `peerdesk check --format json` (the library tests in
/// IntakeTests hold the many phrasings of each class).
@Suite struct ExtractionClassTests {
    static let role = "arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"
    static let cluster = "cau29pc7zl4ht2dtcbslfpr1u"

    static func plain(_ body: String, headers: [String] = [], charset: String = "utf-8") -> String {
        ([
            "From: Ana Lopez <ana@northwind.example>", "To: support@astronomer.example", "Subject: VPC peering",
            "Message-ID: <class-\(UUID().uuidString)@northwind.example>",
        ] + headers
            + ["Content-Type: text/plain; charset=\(charset)", "", body]).joined(separator: "\r\n") + "\r\n"
    }

    static let htmlOnly = """
        From: Ana Lopez <ana@northwind.example>\r
        Subject: VPC peering\r
        MIME-Version: 1.0\r
        Content-Type: multipart/alternative; boundary="alt"\r
        \r
        --alt\r
        Content-Type: text/plain; charset="UTF-8"\r
        \r
        Please see the HTML version of this message.\r
        --alt\r
        Content-Type: text/html; charset="UTF-8"\r
        \r
        <table><tr><td>AWS account ID</td><td>123456789012</td></tr><tr><td>Region</td><td>eu-west-1</td></tr>\r
        <tr><td>VPC ID</td><td>vpc-0abc1234def567890</td></tr><tr><td>CIDR block</td><td>10.20.0.0/16</td></tr>\r
        <tr><td>PeerRole ARN</td><td>\(role)</td></tr><tr><td>Cluster ID</td><td>\(cluster)</td></tr></table>\r
        --alt--\r

        """

    /// (class, message, the fields it must give, a finding code it must have, codes it must not).
    static let cases: [(String, String, [String: String], String?, [String])] = [
        (
            "1 details only in the HTML alternative", htmlOnly,
            ["aws_account_id": "123456789012", "vpc_id": "vpc-0abc1234def567890", "cluster_id": cluster],
            nil, ["missing-vpc-id", "missing-account-id"]
        ),
        (
            "2 a German label with the English one in parentheses, a console region name",
            plain("Konto-ID (Account ID): 123456789012\nAWS-Region: Europa (Frankfurt)\nVPC ID: vpc-0abc1234def567890"),
            ["aws_account_id": "123456789012", "aws_region": "eu-central-1"], nil, ["missing-region"]
        ),
        (
            "3 an ARN alone on the line under its label",
            plain("PeerRole ARN:\n\(role)\nCluster ID: \(cluster)"),
            ["peer_role_arn": role], nil, ["invalid-peer-role-arn", "missing-peer-role-arn"]
        ),
        (
            "4 pasted damage: grouped digits, a bracketed cluster ID",
            plain("AWS account ID: 1234 5678 9012\nCluster ID: [\(cluster)]"),
            ["aws_account_id": "123456789012", "cluster_id": cluster], nil, ["invalid-cluster-id"]
        ),
        (
            "5 the account ID taken from the PeerRole ARN",
            plain("PeerRole ARN: \(role)\nVPC ID: vpc-0abc1234def567890"),
            ["aws_account_id": "123456789012"], "account-from-role-arn", ["missing-account-id"]
        ),
        (
            "6 a value marked as not the customer's",
            plain("Sandbox VPC ID: vpc-0fff1234def567890\nVPC ID: vpc-0abc1234def567890"),
            ["vpc_id": "vpc-0abc1234def567890"], nil, ["conflicting-values"]
        ),
        (
            "8 an auto-reply is not a request",
            plain("I am out of the office until Monday.", headers: ["Auto-Submitted: auto-replied"]),
            [:], "auto-generated", ["missing-vpc-id", "missing-account-id"]
        ),
        (
            "9 a UTF-7 body",
            plain("Gr+APwA3w-e aus Z+APw-rich,\nAWS account ID: 123456789012\nRegion: eu-central-2", charset: "utf-7"),
            ["aws_account_id": "123456789012", "aws_region": "eu-central-2"], nil, ["missing-region"]
        ),
    ]

    @Test(arguments: cases.indices)
    func eachClassReadsThroughTheBinary(_ index: Int) throws {
        let (name, message, fields, wanted, unwanted) = Self.cases[index]
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let path = try desk.write("class.eml", message)
        let result = try desk.run(["check", "--format", "json", path])
        let record = try #require(try result.jsonLines().first, "\(name): \(result.stderr)")
        let got = record["fields"] as? [String: Any] ?? [:]
        for (field, value) in fields {
            let actual = (got[field] as? String) ?? (got[field] as? [String])?.first
            #expect(actual == value, "\(name): \(field) is \(String(describing: got[field]))")
        }
        let codes = (record["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        if let wanted { #expect(codes.contains(wanted), "\(name): \(codes)") }
        for code in unwanted { #expect(!codes.contains(code), "\(name): \(codes)") }
    }
}
