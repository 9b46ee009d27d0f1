import Foundation
import Intake
import Testing

@Suite struct HTMLTextTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html")

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func text(_ html: String, charset: String? = nil) -> String {
        HTMLText.plainText(fromHTML: Array(html.utf8), charset: charset)
    }

    // MARK: Mail clients

    @Test func gmailReplyWithListSignatureAndQuote() throws {
        let expected = """
            Hi Astro team,

            Here are the details for the peering:
            - AWS account ID: 123456789012
            - Region: eu-west-1
            - VPC ID: vpc-0a1b2c3d4e5f67890
            CIDR blocks: 10.20.0.0/16, 10.21.0.0/16

            Thanks,
            Ana

            --
            Ana Ops | Example Corp

            > On Mon, Nov 23, 2026 at 9:00\u{202F}AM Astro Support <support@astronomer.example> wrote:
            >
            > > Hello,
            > >
            > > Please send your VPC ID and region, for example:
            > > Region: us-east-1
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("gmail.html")) == expected)
    }

    @Test func outlookDesktopParagraphsListsTableAndReplyHeader() throws {
        let expected = """
            Hello Astro Support,

            Please set up the VPC peering with these values:

            \u{B7} AWS account ID: 123456789012

            \u{B7} Region: eu\u{2011}west\u{2011}1

            VPC ID: vpc-0a1b2c3d4e5f67890
            CIDR: 10.20.0.0/16

            Kind regards,

            Ana

            > From: Astro Support <support@astronomer.example>
            > Sent: Monday, November 23, 2026 9:00 AM
            > Subject: VPC peering
            >
            > Please send the six details.
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("outlook.html")) == expected)
    }

    @Test func outlookWebQuotesFromTheReplyHeaderOn() throws {
        let expected = """
            The PeerRole ARN is arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C4D5E6F

            > From: Astro Support <support@astronomer.example>
            > Sent: Monday, November 23, 2026 09:00
            > Subject: Re: VPC peering
            >
            > We still need the PeerRole ARN.
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("outlook-web.html")) == expected)
    }

    @Test func appleMailCitesAreQuotedPerLevel() throws {
        let expected = """
            Hi,

            Cluster ID: cau29pc7zl4ht2dtcbslfpr1u

            Ana

            > On 23 Nov 2026, at 09:00, Astro Support <support@astronomer.example> wrote:
            >
            > Which cluster?
            >
            > > Earlier text
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("apple-mail.html")) == expected)
    }

    @Test func labelValueTableBecomesOneLinePerDetail() throws {
        let expected = """
            Please peer these VPCs.

            Detail: Value
            AWS account ID: 123456789012
            AWS region: eu-west-1
            VPC ID: vpc-0a1b2c3d4e5f67890
            CIDR blocks: 10.20.0.0/16 10.21.0.0/16
            PeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1A2B3C4D5E6F
            Astro cluster ID: cau29pc7zl4ht2dtcbslfpr1u <https://cloud.astronomer.example/clusters/cau29pc7zl4ht2dtcbslfpr1u>

            The role came from this link <https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?stackName=astro-peering>, see also https://example.com/ or mail ops@example.com.

            Example Corp
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("details-table.html")) == expected)
    }

    @Test func markdownTableInPreKeepsItsLayout() throws {
        let expected = """
            Details below:

            | Field          | Value                 |
            |----------------|-----------------------|
            | AWS account ID | 123456789012          |
            | Region         | eu-west-1             |

            | VPC ID         | vpc-0a1b2c3d4e5f67890 |

            Thanks
            """
        #expect(HTMLText.plainText(fromHTML: try Self.fixture("markdown-pre.html")) == expected)
    }

    // MARK: Elements

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var html: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "script, style, noscript and template are dropped",
            html: """
                <style>p { color: red }</style><script>var a = "<p>x</p>";</script><p>kept</p>\
                <noscript>no script</noscript><template><p>template</p></template>
                """,
            expected: "kept"
        ),
        Case(
            name: "head and title are dropped",
            html: "<html><head><title>Subject</title><meta charset=\"utf-8\"></head><body>Body</body></html>",
            expected: "Body"
        ),
        Case(name: "comments are dropped", html: "<p>a<!-- 123456789012 -->b</p>", expected: "ab"),
        Case(
            name: "entities are decoded",
            html: "<p>a &amp; b&nbsp;&nbsp;c &lt;d&gt; 1234&#x2011;5678 &#8203;x &quot;q&quot; &eacute;</p>",
            expected: "a & b c <d> 1234\u{2011}5678 \u{200B}x \"q\" \u{E9}"
        ),
        Case(name: "white space collapses", html: "<p>  a \n\t b  <b>c</b> <i>d</i></p>", expected: "a b c d"),
        Case(name: "plain text without tags", html: "just text\nhere", expected: "just text here"),
        Case(name: "br ends lines", html: "a<br>b<br><br>c<br><br><br><br>d", expected: "a\nb\n\nc\n\nd"),
        Case(
            name: "no runs of blank lines",
            html: "<p>a</p><p></p><p>&nbsp;</p><div><br></div><p><o:p>&nbsp;</o:p></p><p>b</p>",
            expected: "a\n\nb"
        ),
        Case(name: "headings and rules", html: "<h1>Title</h1>text<hr>more", expected: "Title\n\ntext\n\nmore"),
        Case(
            name: "list items",
            html: "<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li></li></ol>",
            expected: "- one\n- two\n  - inner\n- first"
        ),
        Case(name: "definition lists", html: "<dl><dt>VPC ID</dt><dd>vpc-1</dd></dl>", expected: "VPC ID\nvpc-1"),
        Case(
            name: "two-column table row",
            html: "<table><tr><td>AWS account ID</td><td>123456789012</td></tr></table>",
            expected: "AWS account ID: 123456789012"
        ),
        Case(
            name: "empty cells are skipped, th like td",
            html: "<table><tr><th>A</th><td> </td><td>&nbsp;</td><th>B</th></tr><tr><td></td></tr></table>",
            expected: "A: B"
        ),
        Case(
            name: "Outlook cells with paragraphs",
            html: """
                <table><tr><td><p class=MsoNormal><b>Region<o:p></o:p></b></p></td>\
                <td><p class=MsoNormal>eu-west-1<o:p></o:p></p></td></tr></table>
                """,
            expected: "Region: eu-west-1"
        ),
        Case(
            name: "nested table rows are their own lines",
            html: """
                <table><tr><td>Outer</td><td><table><tr><td>Region</td><td>eu-west-1</td></tr>\
                <tr><td>VPC ID</td><td>vpc-1</td></tr></table></td><td>Tail</td></tr></table>
                """,
            expected: "Outer\nRegion: eu-west-1\nVPC ID: vpc-1\nTail"
        ),
        Case(
            name: "a layout cell keeps its lines",
            html: "<table><tr><td></td><td><p>Hello</p><p>Account: 123456789012</p></td></tr></table>",
            expected: "Hello\n\nAccount: 123456789012"
        ),
        Case(name: "pre keeps lines and spaces", html: "<pre>a  b\n  c\t\n</pre>", expected: "a  b\n  c"),
        Case(name: "no-break spaces in pre", html: "<pre>a&nbsp;&nbsp;b</pre>", expected: "a  b"),
        Case(
            name: "link whose text is its target",
            html: "<a href=\" https://x.example/ \">https://x.example/</a>",
            expected: "https://x.example/"
        ),
        Case(
            name: "link whose target differs from its text",
            html: "see <a href=\"https://evil.example/q\">https://console.aws.amazon.com</a> now",
            expected: "see https://console.aws.amazon.com <https://evil.example/q> now"
        ),
        Case(name: "mailto links keep their text", html: "<a href=\"MAILTO:ops@example.com\">Ops</a>", expected: "Ops"),
        Case(
            name: "an image link without text",
            html: "<a href=\"https://x.example/\"><img src=\"a.png\"></a>",
            expected: "<https://x.example/>"
        ),
        Case(
            name: "a list item that is a link",
            html: "<ul><li><a href=\"https://x.example/\">https://x.example/</a></li></ul>",
            expected: "- https://x.example/"
        ),
        Case(
            name: "image alt text",
            html: "<p>Logo: <img alt=\"Example Corp\" src=\"x\"></p>",
            expected: "Logo: Example Corp"
        ),
        Case(
            name: "Outlook list markers in text",
            html: "<p><![if !supportLists]>1. <![endif]>Item</p><p><![endif]></p>",
            expected: "1. Item"
        ),
        Case(
            name: "blank lines inside a quote are quoted",
            html: "<p>new</p><blockquote><p>a</p><p>b</p></blockquote><p>after</p>",
            expected: "new\n\n> a\n>\n> b\n\nafter"
        ),
        Case(
            name: "gmail_quote class quotes",
            html: "<div>new</div><div class=\"gmail_quote gmail_quote_container\">old</div>",
            expected: "new\n> old"
        ),
        Case(
            name: "appendonsend quotes the rest",
            html: "<div><div>new</div><div id=\"appendonsend\"></div><div>From: x</div></div><div>old</div>",
            expected: "new\n> From: x\n> old"
        ),
        Case(
            name: "desktop Outlook reply header quotes the rest",
            html: """
                <div><p>new</p><div><div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0in 0in 0in">\
                <p><b>From:</b> x</p></div></div><p>old</p></div>
                """,
            expected: "new\n\n> From: x\n>\n> old"
        ),
    ]

    @Test(arguments: cases) func rendersElements(_ testCase: Case) {
        #expect(Self.text(testCase.html) == testCase.expected)
    }

    @Test func quotePrefixesStopAtTheMaximumLevel() {
        let depth = HTMLText.maximumQuoteLevel + 10
        let html =
            String(repeating: "<blockquote>", count: depth) + "deep" + String(repeating: "</blockquote>", count: depth)
        #expect(Self.text(html) == String(repeating: "> ", count: HTMLText.maximumQuoteLevel) + "deep")
    }

    // MARK: Charsets

    @Test func metaCharsetIsReadWhenNoLabelIsGiven() throws {
        let text = HTMLText.plainText(fromHTML: try Self.fixture("windows-1252-meta.html"))
        #expect(text == "\u{201C}Caf\u{E9}\u{201D} costs \u{20AC}10 \u{2013} r\u{E9}gion eu-west-1")
    }

    static let windows1252Body: [UInt8] =
        Array("<p>".utf8) + [0x93] + Array("Caf".utf8) + [0xE9, 0x94] + Array(" ".utf8) + [0x80] + Array("</p>".utf8)

    @Test(arguments: ["windows-1252", "WINDOWS-1252", "\"cp1252\"", "iso-8859-1", "latin1"])
    func aCharsetLabelIsUsed(_ label: String) {
        #expect(
            HTMLText.plainText(fromHTML: Self.windows1252Body, charset: label) == "\u{201C}Caf\u{E9}\u{201D} \u{20AC}"
        )
    }

    @Test func theLabelWinsOverMeta() {
        let html = "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u{E9}</p></body></html>"
        #expect(Self.text(html, charset: "utf-8") == "Caf\u{E9}")
    }

    @Test(arguments: [nil, "us-ascii", "x-no-such-charset", "utf-8; format=flowed", ""])
    func unknownOrAsciiLabelsFallBackToSniffing(_ label: String?) {
        #expect(Self.text("<p>Caf\u{E9} \u{2011}</p>", charset: label) == "Caf\u{E9} \u{2011}")
    }

    // MARK: Hostile and broken input

    @Test func emptyInputIsEmptyText() {
        #expect(HTMLText.plainText(fromHTML: []) == "")
        #expect(HTMLText.plainText(fromHTML: [], charset: "utf-8") == "")
        #expect(Self.text("<html><body></body></html>") == "")
    }

    @Test(arguments: [
        #"<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p><p>after</p>"#,
        #"<!DOCTYPE html SYSTEM "file:///etc/passwd"><p>after</p>"#,
        #"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "file:///etc/passwd"><p>after</p>"#,
        #"<p xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/>after</p>"#,
        #"<iframe src="file:///etc/passwd"></iframe><img src="file:///etc/passwd"><p>after</p>"#,
    ])
    func externalResourcesAreNeverLoaded(_ html: String) {
        let text = Self.text(html)
        #expect(!text.contains("root:"))
        #expect(text.hasSuffix("after"))
    }

    /// libxml2 2.9.14 stops building the tree at a nesting depth of 256 (a parser limit kept on
    /// purpose: the option that lifts it lifts every other limit too); shallower documents keep
    /// everything.
    @Test func moderatelyDeepNestingKeepsEverything() {
        let depth = 200
        let html =
            "<p>before</p>" + String(repeating: "<div>", count: depth) + "deep"
            + String(repeating: "</div>", count: depth) + "<p>after</p>"
        #expect(Self.text(html) == "before\n\ndeep\n\nafter")
    }

    @Test(arguments: ["div", "span", "blockquote", "table><tr><td", "ul><li", "pre", "a href=\"x\"", "td", "p"])
    func fiftyThousandLevelsDoNotCrash(_ open: String) {
        let depth = 50_000
        let html = String(repeating: "<\(open)>x", count: depth) + "deep"
        Self.expectWellFormed(Self.text(html))
    }

    @Test func fiftyThousandNestedDivs() {
        let depth = 50_000
        let html = String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth)
        let text = Self.text(html)
        #expect(text == "" || text == "deep")
    }

    @Test(arguments: 0..<8) func randomBytesDoNotCrash(_ seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let count = Int.random(in: 1...4_096, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            Self.expectWellFormed(HTMLText.plainText(fromHTML: bytes))
            Self.expectWellFormed(HTMLText.plainText(fromHTML: bytes, charset: "utf-8"))
        }
    }

    @Test(arguments: 0..<8) func randomMarkupDoesNotCrash(_ seed: UInt64) {
        let tokens = [
            "<div>", "</div>", "<p>", "</p>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "<th>", "<li>", "<ul>",
            "</ul>", "<pre>", "</pre>", "<blockquote>", "</blockquote>", "<br>", "<a href=\"https://x/\">", "</a>",
            "<img alt=\"alt text\">", "<!--", "-->", "<![if !supportLists]>", "<![endif]>", "<o:p>", "</o:p>",
            "<div class=\"gmail_quote\">", "<div id=\"divRplyFwdMsg\">", "<script>", "</script>", "&nbsp;", "&amp;",
            "&#8203;", " ", "\n", "\t", "text", "123456789012", "\u{E9}", "<", ">", "&", "\"",
        ]
        var generator = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let count = Int.random(in: 1...400, using: &generator)
            let html = (0..<count).map { _ in tokens.randomElement(using: &generator) ?? "" }.joined()
            Self.expectWellFormed(Self.text(html))
        }
    }

    /// What every output promises, whatever the input.
    static func expectWellFormed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!text.hasPrefix("\n") && !text.hasSuffix("\n"), sourceLocation: sourceLocation)
        #expect(!lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") }, sourceLocation: sourceLocation)
        #expect(!text.contains("\n\n\n"), sourceLocation: sourceLocation)
    }

    // MARK: Concurrency

    @Test func concurrentCallsAgreeWithSequentialOnes() async throws {
        let names = [
            "gmail.html", "outlook.html", "outlook-web.html", "apple-mail.html", "details-table.html",
            "markdown-pre.html", "windows-1252-meta.html",
        ]
        let inputs = try names.map { try Self.fixture($0) }
        let expected = inputs.map { HTMLText.plainText(fromHTML: $0) }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for round in 0..<8 {
                for (index, input) in inputs.enumerated() {
                    group.addTask {
                        (index, HTMLText.plainText(fromHTML: input, charset: round.isMultiple(of: 2) ? nil : ""))
                    }
                }
            }
            var results: [(Int, String)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 8 * inputs.count)
        for (index, text) in results { #expect(text == expected[index]) }
    }
}

/// A seeded generator, so random inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
