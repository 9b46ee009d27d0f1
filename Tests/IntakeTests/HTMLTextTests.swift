import Foundation
import Intake
import Testing

@Suite struct HTMLTextTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html")

    func text(fixture name: String, charset: String? = nil) throws -> String {
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
        return HTMLText.plainText(fromHTML: bytes, charset: charset)
    }

    func text(_ html: String, charset: String? = nil) -> String {
        HTMLText.plainText(fromHTML: Array(html.utf8), charset: charset)
    }

    @Test func outlookParagraphsBecomeLinesAndStyleAndScriptVanish() throws {
        #expect(
            try text(fixture: "outlook.html") == """
                Hi Astro support,

                Please peer our VPC:

                AWS account ID: 1234\u{2011}5678\u{2011}9012

                VPC ID: vpc-0abc1234def567890

                Thanks & regards,
                Ana

                From: Astro Support
                """
        )
    }

    @Test func gmailQuotesAreMarked() throws {
        #expect(
            try text(fixture: "gmail.html") == """
                Here are the details:

                Region: eu-west-1
                CIDR: 10.20.0.0/16

                > On Mon, Nov 23, 2026 at 9:00 AM Astro Support <support@astronomer.example> wrote:
                > > Please send your VPC ID.
                > > Region: us-east-1
                """
        )
    }

    @Test func tablesListsLinksPreAndImages() throws {
        #expect(
            try text(fixture: "table.html") == """
                Detail: Value
                AWS account ID: 123456789012
                Region: Europe (Ireland)
                CIDR block: 10.20.0.0/16
                PeerRole ARN: arn:aws:iam::123456789012:role/peer
                - Cluster ID: cau29pc7zl4ht2dtcbslfpr1u
                - second

                Stack: quick-create link <https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate> and ops@example.com

                | Label | Value |
                |   VPC |  vpc-1a2b3c4d |
                Acme logo
                """
        )
    }

    @Test func aNestedTableYieldsItsOwnLines() {
        let html =
            "<table><tr><td>Outer</td><td><table><tr><td>Region</td><td>eu-west-1</td></tr></table></td></tr></table>"
        #expect(text(html) == "Region: eu-west-1\nOuter")
    }

    @Test func entitiesAndWhitespaceCollapse() {
        #expect(text("<p>a  &amp;\n\t b&nbsp;&lt;c&gt; &#x2011; &#8203;</p>") == "a & b <c> \u{2011} \u{200B}")
    }

    @Test func aDeclaredCharsetIsUsed() {
        let latin1: [UInt8] = Array("<p>Caf".utf8) + [0xE9] + Array(" r".utf8) + [0xE9] + Array("gion</p>".utf8)
        #expect(HTMLText.plainText(fromHTML: latin1, charset: "windows-1252") == "Café région")
        let meta: [UInt8] =
            Array("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf".utf8) + [0xE9]
            + Array("</p></body></html>".utf8)
        #expect(HTMLText.plainText(fromHTML: meta) == "Café")
        // An unknown label is ignored rather than failing the parse.
        #expect(text("<p>ok</p>", charset: "x-no-such-charset") == "ok")
    }

    @Test func emptyAndGarbageInputDoNotCrash() {
        #expect(text("") == "")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = HTMLText.plainText(fromHTML: bytes)
        }
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let depth = 50_000
        let html = String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth)
        #expect(text(html).contains("deep") || text(html).isEmpty)
        let quotes = String(repeating: "<span>", count: depth) + "x" + String(repeating: "</span>", count: depth)
        _ = text(quotes)
    }

    @Test func externalEntitiesAreNeverLoaded() {
        let html = """
            <!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p><p>after</p></body></html>
            """
        let output = text(html)
        #expect(!output.contains("root:"))
        #expect(output.contains("after"))
    }
}
