import Foundation
import Intake
import PeeringModel
import Replies
import Runbook
import Testing

@Suite struct DraftMessageTests {
    static let support = "Astro Support <support@astro.example>"
    static let date = Date(timeIntervalSince1970: 1_795_511_525)  // 2026-11-24 09:12:05 UTC
    static let ownID = "<pd-12.r1.5f3a9c@peerdesk.astro.example>"

    static func draft(_ context: ReplyContext, body: String = "Hello,\n\nDone.\n\nAstro Support\n") -> DraftMessage {
        DraftMessage(from: support, context: context, body: body, messageID: ownID, date: date)
    }

    /// The header block's lines (without their CRLF) and the body, checking the line structure.
    static func split(
        _ bytes: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (lines: [String], body: String) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count >= 2, sourceLocation: sourceLocation)
        let head = parts[0]
        let lines = head.components(separatedBy: "\r\n")
        for line in lines {
            #expect(!line.contains("\r") && !line.contains("\n"), "bare CR or LF", sourceLocation: sourceLocation)
            #expect(line.utf8.count <= 998, sourceLocation: sourceLocation)
            #expect(
                line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F },
                "\(line.debugDescription)",
                sourceLocation: sourceLocation
            )
        }
        return (lines, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The names of the header fields, in order (continuation lines start with a space).
    static func names(_ lines: [String]) -> [String] {
        lines.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }.compactMap {
            $0.split(separator: ":").first.map(String.init)
        }
    }

    @Test func aDraftHasTheHeadersOfAReplyInTheThread() throws {
        let context = Contexts.requestChanges
        let bytes = try Self.draft(context).rendered()
        let (lines, body) = Self.split(bytes)
        #expect(
            lines == [
                "From: Astro Support <support@astro.example>",
                "To: =?UTF-8?B?QW5hIEzDs3Bleg==?= <ana@example.com>",
                "Subject: Re: VPC peering request [PD-12]",
                "Date: Tue, 24 Nov 2026 09:12:05 +0000",
                "Message-ID: <pd-12.r1.5f3a9c@peerdesk.astro.example>",
                "In-Reply-To: <CAF1234@mail.example.com>",
                "References: <root-1@mail.example.com> <CAF1234@mail.example.com>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 7bit",
            ]
        )
        #expect(body == "Hello,\r\n\r\nDone.\r\n\r\nAstro Support\r\n")
        let summary = MessageSummary(try MailMessage.parse(bytes))
        #expect(summary.to.first == MailAddress(name: "Ana López", address: "ana@example.com"))
        #expect(summary.from == MailAddress(name: "Astro Support", address: "support@astro.example"))
        #expect(summary.date == Self.date)
        #expect(summary.messageID == Self.ownID)
        #expect(summary.inReplyTo == ["<CAF1234@mail.example.com>"])
        #expect(summary.references == ["<root-1@mail.example.com>", "<CAF1234@mail.example.com>"])
    }

    @Test(arguments: [
        ("Hello,\nplain ASCII.\n", "7bit"),
        ("Grüße\n", "quoted-printable"),
        ("From here on\n", "quoted-printable"),
        ("a\n.\nb\n", "quoted-printable"),
        ("trailing space \n", "quoted-printable"),
        (String(repeating: "x", count: 999) + "\n", "quoted-printable"),
    ])
    func theBodyIsSevenBitOnlyWhenNothingCouldAlterIt(body: String, encoding: String) throws {
        var draft = Self.draft(Contexts.requestChanges)
        draft.body = body
        let (lines, text) = Self.split(try draft.rendered())
        #expect(lines.last == "Content-Transfer-Encoding: \(encoding)")
        if encoding == "7bit" { #expect(text == body.replacingOccurrences(of: "\n", with: "\r\n")) }
    }

    @Test func noCustomerValueCanInjectAHeader() throws {
        var context = Contexts.requestChanges
        context.requesterName = "Eve\r\nBcc: victim@example.com"
        context.originalSubject = "Peering\nX-Injected: 1\r\n\r\nbody"
        context.replyToMessageID = "<a@b>\r\nBcc: victim@example.com"
        context.references = [
            "<ok-1@example.com>", "<x@y>\nX-Injected: 2", "<sp ace@example.com>", "<\u{0}@x>", "nobrackets@example.com",
        ]
        let bytes = try Self.draft(context).rendered()
        let (lines, _) = Self.split(bytes)
        #expect(
            Self.names(lines) == [
                "From", "To", "Subject", "Date", "Message-ID", "References", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding",
            ]
        )
        let message = try MailMessage.parse(bytes)
        #expect(message.headers.fields.map { $0.name.lowercased() }.contains("bcc") == false)
        #expect(message.headers["x-injected"] == nil)
        let summary = MessageSummary(message)
        #expect(summary.to == [MailAddress(name: "Eve Bcc: victim@example.com", address: "ana@example.com")])
        #expect(summary.subject == "Re: Peering X-Injected: 1 body [PD-12]")
        #expect(summary.inReplyTo == [])
        #expect(summary.references == ["<ok-1@example.com>", "<nobrackets@example.com>"])
        #expect(
            message.root.text == "Hello,\r\n\r\nDone.\r\n\r\nAstro Support\r\n"
                || message.root.text == "Hello,\n\nDone.\n\nAstro Support\n"
        )
    }

    @Test func nonASCIISubjectsAndNamesAreEncodedWordsFoldedWithin78Columns() throws {
        var context = Contexts.requestChanges
        context.requesterName = "Zoë Ångström-Østergård 東京"
        context.originalSubject = "AW: Peering für Zürich — 東京 " + String(repeating: "données réseau ", count: 6)
        let draft = Self.draft(context)
        let bytes = try draft.rendered()
        let (lines, _) = Self.split(bytes)
        let subjectLines = lines.drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Date:") }
        #expect(subjectLines.count > 2)
        #expect(subjectLines.first?.hasPrefix("Subject: Re:") == true)
        for line in subjectLines { #expect(line.utf8.count <= 78, "\(line)") }
        for word in lines.joined(separator: " ").split(separator: " ") where word.hasPrefix("=?") {
            #expect(word.count <= 75)
        }
        let summary = MessageSummary(try MailMessage.parse(bytes))
        let expected = "Re: Peering für Zürich — 東京 " + String(repeating: "données réseau ", count: 6) + "[PD-12]"
        #expect(draft.subject == expected)
        #expect(summary.subject == expected)
        #expect(summary.to.first?.name == "Zoë Ångström-Østergård 東京")
    }

    @Test(arguments: [
        ("VPC peering request", "Re: VPC peering request [PD-12]"),
        ("Re: VPC peering request", "Re: VPC peering request [PD-12]"),
        ("RE: re:  Aw: Sv: VPC peering", "Re: VPC peering [PD-12]"),
        ("Re[2]: VPC peering", "Re: VPC peering [PD-12]"),
        ("Re: VPC peering [PD-12]", "Re: VPC peering [PD-12]"),
        ("[pd-12] VPC peering", "Re: [pd-12] VPC peering"),
        ("Fwd: VPC peering", "Re: Fwd: VPC peering [PD-12]"),
        ("Request: VPC peering", "Re: Request: VPC peering [PD-12]"),
        ("", "Re: VPC peering request [PD-12]"),
        ("Re:", "Re: VPC peering request [PD-12]"),
    ])
    func theSubjectIsAReplyTaggedOnce(original: String, expected: String) {
        var context = Contexts.requestChanges
        context.originalSubject = original
        #expect(Self.draft(context).subject == expected)
    }

    @Test func aLongASCIISubjectIsFolded() throws {
        var context = Contexts.requestChanges
        context.originalSubject =
            String(repeating: "peering request for the analytics VPC ", count: 4)
            + String(repeating: "x", count: 120)
        let (lines, _) = Self.split(try Self.draft(context).rendered())
        let subject = lines.drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Date:") }
        #expect(subject.count > 2)
        for line in subject { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test(arguments: [
        "support@astro.example",
        "Astro Support <support@astro.example>",
        "\"Support, Astro\" <support@astro.example>",
    ])
    func theSupportAddressMayHaveAName(from: String) throws {
        let draft = DraftMessage(
            from: from,
            context: Contexts.requestChanges,
            body: "x\n",
            messageID: Self.ownID,
            date: Self.date
        )
        let summary = MessageSummary(try MailMessage.parse(try draft.rendered()))
        #expect(summary.from?.address == "support@astro.example")
    }

    @Test(arguments: [
        "", "support", "a@b, c@d", "Support <a@b> <c@d>", "support@astro.example\r\nBcc: x@y",
        "Eve <support@astro.example>\r\nBcc: x@y", "süpport@astro.example", "support@-astro.example", "<>",
    ])
    func aBadSupportAddressIsRefused(from: String) {
        let draft = DraftMessage(
            from: from,
            context: Contexts.requestChanges,
            body: "x\n",
            messageID: Self.ownID,
            date: Self.date
        )
        let error = replyError { () throws(ReplyError) in try draft.rendered() }
        #expect(error?.code == .invalidValue, "\(from.debugDescription)")
        #expect(error?.description.hasPrefix("The support address ") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test(arguments: ["ana@example.com\r\nBcc: x@y", "ana", "ana@example.com, eve@example.com", ""])
    func aBadRequesterAddressIsRefused(email: String) {
        var context = Contexts.requestChanges
        context.requesterEmail = email
        let error = replyError { () throws(ReplyError) in try Self.draft(context).rendered() }
        #expect(error?.code == .invalidValue)
    }

    @Test(arguments: ["", "no-at-sign", "<a@b>\r\nBcc: x@y", "<a b@c>"])
    func aBadOwnMessageIDIsRefused(id: String) {
        let draft = DraftMessage(
            from: Self.support,
            context: Contexts.requestChanges,
            body: "x\n",
            messageID: id,
            date: Self.date
        )
        let error = replyError { () throws(ReplyError) in try draft.rendered() }
        #expect(error?.code == .invalidValue)
    }

    @Test func referencesKeepTheRootAndTheLatest() throws {
        var context = Contexts.requestChanges
        context.references =
            (1...30).map { "<m\($0)@example.com>" } + ["<m5@example.com>", "<CAF1234@mail.example.com>"]
        let draft = Self.draft(context)
        let ids = draft.threadIDs
        #expect(ids.inReplyTo == "<CAF1234@mail.example.com>")
        #expect(ids.references.count == 20)
        #expect(ids.references.first == "<m1@example.com>")
        #expect(ids.references.last == "<CAF1234@mail.example.com>")
        #expect(Array(ids.references.dropFirst().dropLast()) == (13...30).map { "<m\($0)@example.com>" })
        let (lines, _) = Self.split(try draft.rendered())
        let references = lines.drop { !$0.hasPrefix("References:") }.prefix { !$0.hasPrefix("MIME-Version:") }
        for line in references { #expect(line.utf8.count <= 78) }
        #expect(MessageSummary(try MailMessage.parse(try draft.rendered())).references == ids.references)
    }

    @Test func theBodyIsQuotedPrintableAndRoundTrips() throws {
        let renderer = try ReplyRenderer()
        let context = Contexts.peeringReady(customerRegion: "eu-west-1", clusterRegion: "us-east-1")
        let body =
            try renderer.render(.peeringReady, context: context)
            + "From here on = fine\n.\nTrailing space \n" + String(repeating: "é", count: 100) + "\n"
        let bytes = try Self.draft(context, body: body).rendered()
        let (_, encoded) = Self.split(bytes)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasPrefix("From ") && line != "." && !line.hasSuffix(" "))
        }
        #expect(encoded.contains("=46rom here on =3D fine\r\n=2E\r\nTrailing space=20\r\n"))
        let message = try MailMessage.parse(bytes)
        #expect(message.root.charset?.lowercased() == "utf-8")
        #expect(message.root.text?.replacingOccurrences(of: "\r\n", with: "\n") == body)
    }
}

@Suite struct EndToEndDraftTests {
    @Test(arguments: ReplyKind.allCases)
    func everyReplyBecomesADraftThatParsesBack(kind: ReplyKind) throws {
        let context: ReplyContext
        switch kind {
        case .requestChanges: context = Contexts.requestChanges
        case .peeringReady: context = Contexts.peeringReady(customerRegion: "eu-west-1")
        case .notAuthorized: context = Contexts.notAuthorized
        }
        let body = try ReplyRenderer().render(kind, context: context)
        let draft = DraftMessage(
            from: DraftMessageTests.support,
            context: context,
            body: body,
            messageID: DraftMessageTests.ownID,
            date: DraftMessageTests.date
        )
        let bytes = try draft.rendered()
        #expect(bytes.allSatisfy { $0 < 0x80 }, "7-bit: encoded words and quoted-printable")
        let message = try MailMessage.parse(bytes)
        #expect(message.root.text?.replacingOccurrences(of: "\r\n", with: "\n") == body)
        #expect(MessageSummary(message).subject == draft.subject)
        if kind == .notAuthorized {
            let all = String(decoding: bytes, as: UTF8.self) + body
            for secret in [Contexts.clusterID, "prod-analytics", "eu-central-1", Contexts.clusterAccount, "10.100.0.0"]
            {
                #expect(!all.contains(secret))
            }
        }
    }
}
