import PeeringModel
import Testing

@testable import Intake

/// Issue 13, class 1: a `multipart/alternative` whose plain part is a stub, a notice or a
/// rendering that lost the table, and whose HTML part has the details.
@Suite struct HTMLAlternativeTests {
    static let role = "arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"
    static let six: [RequestField: [String]] = [
        .awsAccountID: ["123456789012"], .awsRegion: ["eu-west-1"], .vpcID: ["vpc-0abc1234def567890"],
        .vpcCIDRs: ["10.20.0.0/16"], .peerRoleARN: [role], .clusterID: ["cau29pc7zl4ht2dtcbslfpr1u"],
    ]

    static let table = """
        <table><tr><td>AWS account ID</td><td>1234-5678-9012</td></tr>
        <tr><td>Region</td><td>eu-west-1</td></tr><tr><td>VPC ID</td><td>vpc-0abc1234def567890</td></tr>
        <tr><td>CIDR block</td><td>10.20.0.0/16</td></tr><tr><td>PeerRole ARN</td><td>\(role)</td></tr>
        <tr><td>Cluster ID</td><td>cau29pc7zl4ht2dtcbslfpr1u</td></tr></table>
        """
    static let list = """
        <div dir="ltr">Hi,<ul><li><b>AWS account ID</b>: 123456789012</li><li><b>Region</b>: eu-west-1</li>
        <li><b>VPC ID</b>: vpc-0abc1234def567890</li><li><b>CIDR</b>: 10.20.0.0/16</li>
        <li><b>PeerRole ARN</b>: \(role)</li><li><b>Cluster ID</b>: cau29pc7zl4ht2dtcbslfpr1u</li></ul></div>
        """

    /// A two-part alternative, plain first, as Gmail, Outlook and Apple Mail send it.
    static func alternative(plain: String, html: String, encoding: String = "7bit") -> String {
        """
        From: Ana Lopez <ana@northwind.example>
        Subject: VPC peering
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="alt"

        --alt
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: \(encoding)

        \(plain)
        --alt
        Content-Type: text/html; charset="UTF-8"

        <html><body>\(html)</body></html>
        --alt--
        """
    }

    static let stubs: [(String, String)] = [
        ("a stub", alternative(plain: "Please see the HTML version of this message.", html: table)),
        ("a notice", alternative(plain: "This message contains formatted content.", html: list)),
        ("an empty plain part", alternative(plain: "", html: table)),
        (
            "a rendering that lost the table",
            alternative(plain: "Hi,\n\nour details are below.\n\nThanks,\nAna", html: table)
        ),
        (
            "a plain part with only some values",
            alternative(plain: "Hi, please peer vpc-0abc1234def567890 in eu-west-1.\nDetails below.", html: list)
        ),
        (
            "a plain part whose values are only in quoted history",
            alternative(
                plain: "See the table.\n\nOn Mon, Nov 23, 2026 at 9:00 AM Support wrote:\n> VPC ID: vpc-11111111",
                html: table
                    + "<div class=\"gmail_quote\">On Mon, Nov 23, 2026 Support wrote:<blockquote>VPC ID: vpc-11111111</blockquote></div>"
            )
        ),
    ]

    @Test(arguments: stubs)
    func theDetailsInTheHTMLAlternativeAreFound(description: String, body: String) throws {
        let request = requestFromRaw(body)
        #expect(request.values.mapValues { $0.map(\.canonical) } == Self.six, "\(description)")
        #expect(request.conflicts.isEmpty, "\(description)")
        #expect(request.invalid.isEmpty, "\(description)")
    }

    /// Values both alternatives give, written alike or not, are one value each.
    @Test(arguments: [
        ("AWS account ID: 123456789012\nRegion: eu-west-1\nSee the HTML part for the rest.", table),
        ("AWS account ID: 1234 5678 9012\nVPC: vpc-0abc1234def567890 (eu-west-1)", list),
    ])
    func valuesBothAlternativesGiveAgree(plain: String, html: String) throws {
        let body = Self.alternative(plain: plain, html: html)
        let request = requestFromRaw(body)
        #expect(request.values.mapValues { $0.map(\.canonical) } == Self.six)
        #expect(request.conflicts.isEmpty)
        let extraction = try extractionFromRaw(body)
        #expect(!extraction.candidates.contains { $0.verdict == .conflicting })
        // inspect names the alternative a value came from.
        #expect(extraction.candidates.contains { $0.source.contains("alternative") && $0.verdict == .duplicate })
    }

    /// An invalid value both alternatives give is asked about once.
    @Test func anInvalidValueInBothIsOneFinding() {
        let body = Self.alternative(plain: "AWS account ID: 12345\nVPC ID: vpc-0abc1234", html: "AWS account ID: 12345")
        #expect(requestFromRaw(body).invalid[.awsAccountID] == ["12345"])
    }

    /// A complete plain part is enough: the HTML twin is not searched, so it cannot add doubt.
    @Test func aCompletePlainPartIsReadAlone() throws {
        let plain = """
            AWS account ID: 123456789012
            Region: eu-west-1
            VPC ID: vpc-0abc1234def567890
            CIDR block: 10.20.0.0/16
            PeerRole ARN: \(Self.role)
            Cluster ID: cau29pc7zl4ht2dtcbslfpr1u
            """
        let body = Self.alternative(plain: plain, html: Self.table)
        let extraction = try extractionFromRaw(body)
        #expect(!extraction.candidates.contains { $0.source.contains("alternative") })
        #expect(extraction.values == Self.six)
    }
}

/// The HTML twin is rendered only when its source may hold a missing detail.
@Suite struct HTMLAlternativePrescanTests {
    @Test(arguments: [
        ("<p>VPC: vpc-0abc1234</p>", 0b100, true), ("<p>Thanks</p>", 0b100, false),
        ("<td>10.20.0.0/16</td>", 0b1000, true), ("<p>Sent 24/11</p>", 0b1000, true), ("<p>hello</p>", 0b1000, false),
        ("<td>ARN: arn:aws:iam::123456789012:role/x</td>", 0b1_0000, true),
        ("<td>arn:aws:iam::123456789012:role/x</td>", 0b1, false), ("<td>1234-5678-9012</td>", 0b1, true),
        ("<td>cau29pc7zl4ht2dtcbslfpr1u</td>", 0b10_0000, true),
        ("<td>caaaaaaaaaaaaaaaaaaaaaaaa</td>", 0b10_0000, false),
        ("<p>nothing</p>", 0b10, true),
    ])
    func aCheapLookDecides(html: String, missing: Int, mayHold: Bool) throws {
        let body = HTMLAlternativeTests.alternative(plain: "Hi", html: html)
        let source = try #require(try MailMessage.parse(Array(body.utf8)).textSources.first { $0.isAlternative })
        #expect(source.mayHold(UInt8(missing)) == mayHold, "\(html)")
    }
}
