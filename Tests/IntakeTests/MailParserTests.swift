import Foundation
import Intake
import Testing

func parse(_ text: String) throws -> MailMessage {
    try MailMessage.parse(Array(text.utf8))
}

@Suite struct HeaderParsingTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func foldingAndLineEnds(lineEnd: String) throws {
        let text = ["Subject: VPC peering", "\t request", "From: Ana <ana@example.com>", "", "Body"].joined(
            separator: lineEnd
        )
        let message = try parse(text)
        #expect(message.headers["subject"] == "VPC peering\t request")
        #expect(message.root.text == "Body")
    }

    @Test func obsoleteWhiteSpaceBeforeTheColonAndDuplicates() throws {
        let message = try parse("Subject : first\nX-Tag: a\nX-Tag: b\nsubject: second\n\nbody")
        #expect(message.headers["subject"] == "first")
        #expect(message.headers.all("x-tag").map(\.value) == ["a", "b"])
    }

    @Test func lookupsIgnoreCaseAndMatchWholeNames() throws {
        let message = try parse(
            "CONTENT-TRANSFER-ENCODING: 8bit\nX-Auto-Response-Suppress: All\nx-tag: a\nX-Tags: b\n\nbody"
        )
        var headers = message.headers
        #expect(headers["content-transfer-encoding"] == "8bit")
        #expect(headers["Content-Transfer-Encoding"] == "8bit")
        #expect(headers["x-auto-response-SUPPRESS"] == "All")
        #expect(headers.all("X-TAG").map(\.value) == ["a"])
        #expect(headers["x-ta"] == nil)
        #expect(headers["x-tagz"] == nil)
        // A name set by hand may be any text: compared as Swift lower-cases it.
        headers.fields[2].name = "X-Ünïcode"
        #expect(headers["x-üNÏCODE"] == "a")
        #expect(headers["x-tag"] == nil)
        headers.fields[3].name = "\u{212A}"  // KELVIN SIGN, which lower-cases to "k"
        #expect(headers["k"] == "b")
    }

    @Test func aMissingBlankLineStartsTheBodyAtTheFirstNonField() throws {
        let message = try parse("Subject: hi\nFrom: a@example.com\nAWS account ID 123456789012\nmore\n")
        #expect(message.headers["subject"] == "hi")
        #expect(message.root.text == "AWS account ID 123456789012\nmore\n")
    }

    @Test func eightBitHeadersAreUTF8OrWindows1252() throws {
        var bytes =
            Array("Subject: Caf".utf8) + [0xE9] + Array("\nX-UTF8: Caf".utf8) + [0xC3, 0xA9] + Array("\n\nx".utf8)
        let message = try MailMessage.parse(bytes)
        #expect(message.headers["subject"] == "Café")
        #expect(message.headers["x-utf8"] == "Café")
        bytes = Array("From somebody@example.com Mon Nov 23 09:00:00 2026\nSubject: mbox\n\nbody".utf8)
        #expect(try MailMessage.parse(bytes).headers["subject"] == "mbox")
    }

    @Test(arguments: [
        ("=?UTF-8?B?VlBDIHBlZXJpbmc=?=", "VPC peering"),
        ("=?utf-8?q?caf=C3=A9_cr=C3=A8me?=", "café crème"),
        ("=?UTF-8?B?4oKs?= =?UTF-8?B?4oKs?=", "€€"),  // adjacent words join
        ("=?UTF-8?B?4g==?= =?UTF-8?B?gqw=?= x", "€ x"),  // a character split across words survives
        ("a =?ISO-8859-1?Q?caf=E9?= b", "a café b"),
        ("=?UTF-8?Q?broken", "=?UTF-8?Q?broken"),  // malformed: left readable
        ("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="),
        ("=?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", "日本語"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?UTF-8*en?Q?hello?=", "hello"),  // RFC 2231 language in an encoded word
    ])
    func encodedWords(raw: String, expected: String) throws {
        #expect(try parse("Subject: \(raw)\n\nx").headers["subject"] == expected)
    }
}

@Suite struct ParameterTests {
    @Test(arguments: [
        ("text/plain; charset=\"utf-8\"; format=flowed", "charset", "utf-8"),
        ("TEXT/Plain; CHARSET=UTF-8 (comment)", "charset", "UTF-8 (comment)"),
        ("attachment; filename*=utf-8''r%C3%A9gion.txt", "filename", "région.txt"),
        ("attachment; filename*0=\"long\"; filename*1=\"name.csv\"", "filename", "longname.csv"),
        ("attachment; filename*0*=iso-8859-1''caf%E9; filename*1=\".txt\"", "filename", "café.txt"),
        ("attachment; filename=\"=?UTF-8?B?0YTQsNC50Lsu0YLRhdGC?=\"", "filename", "файл.тхт"),
        ("attachment; filename=\"a \\\"quoted\\\" name\"", "filename", "a \"quoted\" name"),
    ])
    func parameters(header: String, name: String, expected: String) throws {
        let field = header.hasPrefix("attachment") ? "Content-Disposition" : "Content-Type"
        let message = try parse("\(field): \(header)\n\nbody")
        let parameters = field == "Content-Type" ? message.root.contentType : message.root.disposition
        #expect(parameters?[name] == expected)
        if name == "filename" { #expect(message.root.filename == expected) }
    }

    @Test func typesAreLowerCased() throws {
        #expect(try parse("Content-Type: TEXT/HTML\n\n<p>x</p>").root.mimeType == "text/html")
        #expect(try parse("Content-Type: nonsense\n\nx").root.mimeType == "text/plain")
    }
}

@Suite struct MIMEStructureTests {
    static let nested = """
        Content-Type: multipart/mixed; boundary="outer"

        preamble is ignored
        --outer
        Content-Type: multipart/alternative; boundary="outer-alt"

        --outer-alt
        Content-Type: text/plain

        plain
        --outer-alt
        Content-Type: text/html

        <p>html</p>
        --outer-alt--
        --outer
        Content-Type: message/rfc822

        Subject: forwarded
        From: Bo <bo@example.com>

        VPC ID: vpc-1a2b3c4d
        --outer
        Content-Type: text/csv; name="details.csv"
        Content-Disposition: attachment

        field,value
        --outer--
        epilogue is ignored
        """

    @Test func nestedPrefixBoundariesAttachedMessageAndAttachments() throws {
        let message = try parse(Self.nested)
        #expect(
            message.parts.map(\.mimeType) == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "message/rfc822", "text/plain",
                "text/csv",
            ]
        )
        #expect(message.parts[2].text == "plain")
        #expect(message.parts[3].text == "<p>html</p>")
        #expect(message.textBody == [2])
        guard case .message(let root) = message.parts[4].content else {
            Issue.record("the attached message is not parsed")
            return
        }
        #expect(message.parts[root].headers["subject"] == "forwarded")
        #expect(message.parts[root].parent == 4)
        #expect(message.parts[root].text == "VPC ID: vpc-1a2b3c4d")
        #expect(message.parts[6].filename == "details.csv")
        #expect(message.parts[6].isAttachment)
        #expect(message.parts[6].text == "field,value")
    }

    @Test func aMissingCloseDelimiterEndsTheLastPartAtTheEnd() throws {
        let message = try parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nlast part\n")
        #expect(message.parts.compactMap(\.text) == ["first", "last part\n"])
    }

    @Test func aBoundaryWithTransportPaddingStillMatches() throws {
        let message = try parse("Content-Type: multipart/mixed; boundary=b\n\n--b  \n\nfirst\n--b-- \n")
        #expect(message.parts.compactMap(\.text) == ["first"])
    }

    @Test func aMultipartWithoutDelimitersIsReadAsText() throws {
        let message = try parse("Content-Type: multipart/mixed; boundary=zz\n\nAccount: 123456789012\n")
        #expect(message.root.text == "Account: 123456789012\n")
        #expect(message.textBody == [0])
    }

    @Test func aDeliveryReportKeepsItsParts() throws {
        let report = """
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: text/plain

            Delivery failed.
            --r
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; ops@example.com
            Status: 5.1.1
            --r--
            """
        let message = try parse(report)
        #expect(message.root.contentType["report-type"] == "delivery-status")
        #expect(message.parts[2].mimeType == "message/delivery-status")
        #expect(message.parts[2].text?.contains("Status: 5.1.1") == true)
    }
}

@Suite struct TransferEncodingTests {
    @Test(arguments: [
        ("VlBDIHBlZXJpbmc=", "VPC peering"),
        ("VlBDIHBlZXJpbmc", "VPC peering"),  // missing padding
        ("VlBD\nIHBl*ZXJp!bmc=\n", "VPC peering"),  // junk and line breaks
        ("VlBDIHBlZXJpbmc=\n\n", "VPC peering"),
    ])
    func base64(body: String, expected: String) throws {
        let message = try parse("Content-Transfer-Encoding: base64\n\n\(body)")
        #expect(message.root.text == expected)
    }

    /// An attachment that is not text is counted, not decoded: its size must be what decoding
    /// makes, on the lenient paths too (junk, padding inside the body, no padding, URL-safe).
    @Test(arguments: [
        "VlBDIHBlZXJpbmc=", "VlBDIHBlZXJpbmc", "VlBD\nIHBl*ZXJp!bmc=\n", "QQ==QUI=QUJD", "QQ=QQ=QQ",
        "=QUJD", "A", "AB", "ABC", "AB=C", "-_-_", "", "====", "Q\r\nU\r\nJ\r\nD\r\n", "QUJD\u{00}\u{FF}QUJD",
    ])
    func aBinaryAttachmentsSizeIsItsDecodedSize(body: String) throws {
        func size(_ type: String) throws -> Int? {
            let message = try parse(
                "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: \(type)\n"
                    + "Content-Transfer-Encoding: base64\n\n\(body)\n--b--\n"
            )
            return message.parts.count == 2 ? message.parts[1].size : nil
        }
        let counted = try size("application/octet-stream")
        #expect(counted == (try size("text/plain")))
        #expect(counted != nil)
    }

    /// Every byte value, 32 at a time and then one by one (padding stops the 32-byte path).
    @Test(arguments: [0, 1, 31, 32, 33, 100])
    func everyByteIsCountedAsDecodingCountsIt(paddingAfter: Int) throws {
        var body: [UInt8] = []
        for round in 0..<9 {
            for byte in 0...255 where byte != 0x3D { body.append(UInt8((byte * 7 + round) % 256)) }
            if round == 4 { body += Array(repeating: 0x41, count: paddingAfter) + [0x3D] }
        }
        func size(_ type: String) throws -> Int? {
            let head = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: \(type)\n"
            let bytes =
                Array((head + "Content-Transfer-Encoding: base64\n\n").utf8) + body + Array("\n--b--\n".utf8)
            let message = try MailMessage.parse(bytes)
            return message.parts.count == 2 ? message.parts[1].size : nil
        }
        let counted = try size("application/octet-stream")
        #expect(counted == (try size("text/plain")))
        #expect((counted ?? 0) > 400)  // 64 alphabet bytes in each 255, 6 bits each
    }

    @Test func aLargeBinaryAttachmentIsCountedExactly() throws {
        var state: UInt64 = 7
        let payload = (0..<100_003).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let body = Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn])
        let message = try parse(
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: image/jpeg\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n\(body)\r\n--b--\r\n"
        )
        #expect(message.parts.count == 2)
        #expect(message.parts.last?.size == payload.count)
        #expect(message.parts.last?.text == nil)
    }

    @Test(arguments: [
        ("caf=C3=A9 =\nsoft", "café soft"),
        ("a=3Db", "a=b"),
        ("bad =ZZ escape", "bad =ZZ escape"),  // invalid: kept
        ("trailing   \nline", "trailing\nline"),
        ("lower=c3=a9", "loweré"),
        ("end=", "end"),
    ])
    func quotedPrintable(body: String, expected: String) throws {
        let message = try parse(
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\(body)"
        )
        #expect(message.root.text == expected)
    }

    @Test(arguments: ["7bit", "8bit", "binary", "x-unknown", "BASE65"])
    func otherEncodingsPassThrough(encoding: String) throws {
        let message = try parse("Content-Transfer-Encoding: \(encoding)\n\nplain text")
        #expect(message.root.text == "plain text")
    }
}

@Suite struct CharsetTests {
    @Test(
        arguments: [
            ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),
            ("windows-1252", [0x93, 0x71, 0x94], "\u{201C}q\u{201D}"),
            ("iso-8859-2", [0xB1], "ą"),
            ("iso-8859-15", [0xA4], "€"),
            ("windows-1251", [0xCF, 0xF0, 0xE8], "При"),
            ("koi8-r", [0xF0, 0xD2, 0xC9], "При"),
            ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
            ("gbk", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
            ("gb18030", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
            ("big5", [0xA7, 0x41, 0xA6, 0x6E], "你好"),
            ("shift_jis", [0x82, 0xB1, 0x82, 0xF1], "こん"),
            ("euc-jp", [0xA4, 0xB3, 0xA4, 0xF3], "こん"),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x1B, 0x28, 0x42], "こん"),
            ("euc-kr", [0xC7, 0xD1, 0xB1, 0xDB], "한글"),
            ("ks_c_5601-1987", [0xC7, 0xD1, 0xB1, 0xDB], "한글"),
            ("utf-7", Array("+AOk-t+AOk-".utf8), "été"),
            ("\"UTF-8\"", [0xC3, 0xA9], "é"),
        ] as [(String, [UInt8], String)]
    )
    func decodesTheDeclaredCharset(label: String, bytes: [UInt8], expected: String) throws {
        let message = try MailMessage.parse(Array("Content-Type: text/plain; charset=\(label)\n\n".utf8) + bytes)
        #expect(message.root.text == expected)
        #expect(message.root.isLossy == false)
    }

    @Test(
        arguments: [
            ("x-made-up", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café", "utf-8"),  // unknown label, valid UTF-8
            ("x-made-up", [0x63, 0x61, 0x66, 0xE9], "café", "windows-1252"),  // unknown label, not UTF-8
            ("utf-8", [0x63, 0x61, 0x66, 0xE9], "café", "windows-1252"),  // a lying label
            ("us-ascii", [0x63, 0x61, 0x66, 0xE9], "café", "windows-1252"),
            ("utf-8", [0xC3, 0xA9, 0xFF], "é\u{FFFD}", "utf-8"),  // mostly UTF-8: kept, damage marked
        ] as [(String, [UInt8], String, String)]
    )
    func unknownOrLyingLabelsFallBackAndAreFlagged(label: String, bytes: [UInt8], expected: String, used: String) throws
    {
        let message = try MailMessage.parse(Array("Content-Type: text/plain; charset=\(label)\n\n".utf8) + bytes)
        #expect(message.root.text == expected)
        #expect(message.root.charset == used)
        #expect(message.root.isLossy)
    }
}

@Suite struct ReadableTextTests {
    @Test func formatFlowedIsJoined() throws {
        let text =
            "Content-Type: text/plain; format=flowed\n\nPlease peer our VPC \nvpc-1a2b3c4d today.\n>quoted \n>more\n-- \nAna\n"
        #expect(
            try parse(text).root.readableText == "Please peer our VPC vpc-1a2b3c4d today.\n> quoted more\n-- \nAna\n"
        )
    }

    @Test func delSpRemovesTheSoftSpace() throws {
        let text = "Content-Type: text/plain; format=flowed; delsp=yes\n\nvpc-1a2b \n3c4d\n"
        #expect(try parse(text).root.readableText == "vpc-1a2b3c4d\n")
    }

    @Test func spaceStuffingIsUndone() throws {
        #expect(try parse("Content-Type: text/plain; format=flowed\n\n From here\n").root.readableText == "From here\n")
    }

    @Test func htmlBecomesText() throws {
        let message = try parse("Content-Type: text/html\n\n<table><tr><td>Region</td><td>eu-west-1</td></tr></table>")
        #expect(message.root.readableText == "Region: eu-west-1")
    }

    @Test func crlfBecomesLF() throws {
        #expect(try parse("Subject: x\r\n\r\na\r\nb").root.readableText == "a\nb")
    }
}

@Suite struct LimitTests {
    @Test func emptyInputIsRefused() {
        #expect(throws: IntakeError.empty) { try MailMessage.parse([]) }
    }

    @Test func oversizedInputIsRefusedWithItsSize() {
        var limits = MailLimits()
        limits.messageSize = 10
        #expect(throws: IntakeError.tooLarge(size: 11, limit: 10)) {
            try MailMessage.parse(Array("Subject: x\n\nbody".utf8.prefix(11)), limits: limits)
        }
    }

    @Test func tooManyHeaderFields() {
        var limits = MailLimits()
        limits.headerFields = 3
        #expect(throws: IntakeError.tooManyHeaderFields(limit: 3)) {
            try MailMessage.parse(Array("A: 1\nB: 2\nC: 3\nD: 4\n\nx".utf8), limits: limits)
        }
    }

    @Test func nestingAndPartCountAreBounded() {
        let depth = 40
        var text = ""
        for level in 0..<depth { text += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" }
        text += "\nleaf\n"
        #expect(throws: IntakeError.tooDeep(limit: MailLimits.standard.depth)) { try parse(text) }

        var many = "Content-Type: multipart/mixed; boundary=b\n\n"
        for index in 0...MailLimits.standard.parts { many += "--b\n\npart \(index)\n" }
        #expect(throws: IntakeError.tooManyParts(limit: MailLimits.standard.parts)) { try parse(many) }
    }

    @Test func errorsSayWhy() {
        #expect("\(IntakeError.tooLarge(size: 40, limit: 32))" == "the message is 40 bytes, over the 32-byte limit")
    }

    /// Binary data in a text/plain part (a JPEG sent as text) is kept as a binary part and not
    /// searched: a megabyte of it took 110 ms of extraction. The request in the other part is
    /// read as before.
    @Test func binaryDataSentAsTextIsABinaryPart() throws {
        var state: UInt64 = 1
        let junk = (0..<(1 << 20)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let head = """
            From: dev@customer.example\r\nSubject: peering\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
            VPC ID: vpc-0a1b2c3d4e5f67890\r\n--b\r\nContent-Type: text/plain\r\n\r\n
            """
        let bytes = Array(head.utf8) + junk + Array("\r\n--b--\r\n".utf8)
        let message = try MailMessage.parse(bytes)
        #expect(message.parts.count == 3)
        #expect(message.parts[1].text?.contains("vpc-0a1b2c3d4e5f67890") == true)
        #expect(message.parts[2].text == nil)
        #expect(message.parts[2].size == junk.count)
        let request = RequestBuilder.request(
            from: RawMessage(origin: Origin(kind: .email, path: "junk.eml"), bytes: bytes)
        )
        #expect(request.values[.vpcID]?.map(\.canonical) == ["vpc-0a1b2c3d4e5f67890"])
        // One NUL in text is not binary (Dovecot's test mail has one).
        let stray = try MailMessage.parse(Array("Subject: x\r\n\r\nsome text\u{0}with a NUL in it\r\n".utf8))
        #expect(stray.parts[0].text?.contains("with a NUL") == true)
    }
}
