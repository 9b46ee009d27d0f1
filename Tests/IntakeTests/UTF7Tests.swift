import Intake
import PeeringModel
import Testing

/// Issue 13, class 9: bodies in UTF-7 (old Outlook, some web forms) decode to their text, and
/// a "+" that starts no encoded run ("+1 555 0100", "ana+aws@…", "C++") stays a "+".
@Suite struct UTF7Tests {
    static let details = """
        Gr+APwA3w-e aus M+APw-nchen,
        AWS account ID: 123456789012
        Region: eu-central-1
        VPC ID: vpc-0abc1234def567890
        CIDR: 10.20.0.0/16
        """

    static func message(
        charset: String = "utf-7",
        encoding: String = "7bit",
        type: String = "text/plain",
        body: String
    )
        -> String
    {
        """
        From: Ana <ana@northwind.example>
        Subject: =?utf-7?Q?VPC_peering_f+APw-r_M+APw-nchen?=
        Content-Type: \(type); charset="\(charset)"
        Content-Transfer-Encoding: \(encoding)

        \(body)
        """
    }

    static let cases: [(String, String)] = [
        ("7bit", message(body: details)),
        (
            "quoted-printable",
            message(encoding: "quoted-printable", body: details.replacingOccurrences(of: "+", with: "=2B"))
        ),
        ("base64", message(encoding: "base64", body: base64(details))),
        ("x-unicode-2-0-utf-7", message(charset: "x-unicode-2-0-utf-7", body: details)),
        ("csUnicode11UTF7", message(charset: "csUnicode11UTF7", body: details)),
        ("x-utf-7", message(charset: "x-utf-7", body: details)),
        (
            "html",
            message(type: "text/html", body: "<p>" + details.replacingOccurrences(of: "\n", with: "<br>") + "</p>")
        ),
        (
            "an unterminated run before punctuation",
            message(body: details.replacingOccurrences(of: "M+APw-nchen,", with: "M+APw-nchen, Caf+AOk.\n"))
        ),
    ]

    @Test(arguments: cases)
    func aUTF7BodyDecodes(description: String, raw: String) throws {
        let request = requestFromRaw(raw)
        #expect(request.canonical(.awsAccountID) == ["123456789012"], "\(description)")
        #expect(request.canonical(.vpcID) == ["vpc-0abc1234def567890"], "\(description)")
        #expect(request.canonical(.awsRegion) == ["eu-central-1"], "\(description)")
        #expect(request.subject == "VPC peering für München", "\(description)")
        let text = try MailMessage.parse(Array(raw.utf8)).textSources.map(\.text).joined(separator: "\n")
        #expect(text.contains("Grüße aus München"), "\(description): \(text)")
    }

    /// What lax encoders leave unencoded is read as written, not as CJK noise.
    @Test(arguments: [
        ("Call me at +1 555 0100.", "+1 555 0100"), ("Write to ana+aws@northwind.example", "ana+aws@northwind.example"),
        ("We use C++ and a+b=c.", "C++ and a+b=c"), ("Dial +49 30 1234-5678", "+49 30 1234-5678"),
        ("Total +100 hosts", "+100 hosts"), ("A plus: +- and 2+-2", "A plus: + and 2+2"),
    ])
    func aPlusThatStartsNoRunIsAPlus(line: String, expected: String) throws {
        let raw = Self.message(body: line + "\nVPC ID: vpc-0abc1234")
        let text = try #require(try MailMessage.parse(Array(raw.utf8)).textSources.last?.text)
        #expect(text.contains(expected), "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value >= 0x2E80 }, "\(text)")
        #expect(requestFromRaw(raw).canonical(.vpcID) == ["vpc-0abc1234"])
    }

    static func base64(_ text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let bytes = Array(text.utf8)
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return output
    }
}
