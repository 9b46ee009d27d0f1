/// Writes one realistic peering-request message of a given kind: headers as real mail servers
/// and clients leave them, bodies as customers write them.
struct MessageFactory {
    enum Kind: String, CaseIterable {
        case plain, gmail, outlook, mobile
        case followUp = "follow-up"
        case forwarded, prose
        case csvAttachment = "csv-attachment"
        case autoReply = "auto-reply"
        case incomplete, unicode, flowed
    }

    var random: SeededRandom
    let seed: UInt64
    private(set) var serial = 0
    /// Message-IDs already written, for follow-ups that thread to them.
    private var earlierIDs: [String] = []

    init(seed: UInt64) {
        self.seed = seed
        random = SeededRandom(seed: seed)
    }

    /// The share of each kind in the corpus (weights out of 100).
    static let mix: [(Kind, Int)] = [
        (.plain, 22), (.gmail, 16), (.outlook, 13), (.mobile, 8), (.followUp, 12), (.forwarded, 5), (.prose, 7),
        (.csvAttachment, 3), (.autoReply, 3), (.incomplete, 4), (.unicode, 4), (.flowed, 3),
    ]

    mutating func pickKind() -> Kind {
        var roll = random.int(0...99)
        for (kind, weight) in Self.mix {
            if roll < weight { return kind }
            roll -= weight
        }
        return .plain
    }

    mutating func message(_ kind: Kind) -> [UInt8] {
        serial += 1
        let details = RequestDetails.make(&random)
        let domain = String(details.email.split(separator: "@").last ?? "example.com")
        let messageID = "<bench-\(seed)-\(serial).\(random.alphanumeric(10))@\(domain)>"
        defer { earlierIDs.append(messageID) }
        let date = dateHeader(serial)
        switch kind {
        case .plain: return plain(details, messageID: messageID, date: date)
        case .gmail: return gmail(details, messageID: messageID, date: date, withHistory: random.chance(0.3))
        case .outlook: return outlook(details, messageID: messageID, date: date)
        case .mobile: return mobile(details, messageID: messageID, date: date)
        case .followUp: return followUp(details, messageID: messageID, date: date)
        case .forwarded: return forwarded(details, messageID: messageID, date: date)
        case .prose: return prose(details, messageID: messageID, date: date)
        case .csvAttachment: return csvAttachment(details, messageID: messageID, date: date)
        case .autoReply: return autoReply(details, messageID: messageID, date: date)
        case .incomplete: return incomplete(details, messageID: messageID, date: date)
        case .unicode: return unicode(details, messageID: messageID, date: date)
        case .flowed: return flowed(details, messageID: messageID, date: date)
        }
    }

    // MARK: Pieces

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// A date in November 2026, moving forward with the serial number.
    private mutating func dateHeader(_ serial: Int) -> String {
        let minute = serial * 7 % (30 * 24 * 60)
        let day = minute / (24 * 60) + 1
        let hour = minute / 60 % 24
        let zone = random.pick(["+0000", "-0500", "+0100", "-0800", "+0530", "+1100"])
        let weekday = Self.weekdays[(day + 5) % 7]  // 1 Nov 2026 is a Sunday
        return "\(weekday), \(day) Nov 2026 \(pad(hour)):\(pad(minute % 60)):\(pad(serial % 60)) \(zone)"
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static let subjects = [
        "VPC peering request", "VPC peering request for our prod cluster", "Peering request", "VPC peering",
        "Request: VPC peering with Astro", "Please set up VPC peering", "Astro VPC peering details",
        "[Support] VPC peering", "VPC Peering - staging", "Peering our data VPC with Astro",
    ]

    /// The transport headers a message picks up on its way (Received, DKIM, authentication).
    private mutating func transportHeaders(_ details: RequestDetails, date: String) -> String {
        let domain = String(details.email.split(separator: "@").last ?? "example.com")
        let relay = "mail-\(random.alphanumeric(6)).\(domain)"
        let address = "203.0.113.\(random.int(1...254))"
        var lines = [
            "Return-Path: <\(details.email)>",
            "Received: from \(relay) (\(relay) [\(address)])\n\tby mx1.astronomer.example with ESMTPS id \(random.alphanumeric(12))"
                + "\n\tfor <support@astronomer.example>; \(date)",
            "Received: by \(relay) with SMTP id \(random.alphanumeric(16))\n\tfor <support@astronomer.example>; \(date)",
        ]
        if random.chance(0.7) {
            let signature = MIMEWriting.base64(
                (0..<256).map { _ in UInt8(truncatingIfNeeded: random.next()) },
                lineLength: 0
            ).filter { $0 != "\n" }
            var folded = ""
            var rest = Substring(signature)
            while !rest.isEmpty {
                folded += "\n\t " + rest.prefix(70)
                rest = rest.dropFirst(70)
            }
            lines.append(
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=\(domain); s=s\(random.int(1...3));"
                    + "\n\th=from:to:subject:date:message-id:mime-version;"
                    + "\n\tbh=\(MIMEWriting.base64((0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }, lineLength: 0).filter { $0 != "\n" });"
                    + "\n\tb=\(folded.dropFirst(3))"
            )
        }
        let dmarc = random.chance(0.97) ? "pass" : "fail"
        lines.append(
            "Authentication-Results: mx1.astronomer.example;\n\tdkim=pass header.d=\(domain);\n\tspf=pass smtp.mailfrom=\(domain);"
                + "\n\tdmarc=\(dmarc) (p=REJECT sp=REJECT dis=NONE) header.from=\(domain)"
        )
        return lines.joined(separator: "\n")
    }

    private mutating func headers(
        _ details: RequestDetails,
        messageID: String,
        date: String,
        subject: String? = nil,
        contentType: String,
        encoding: String? = nil,
        extra: [String] = []
    ) -> String {
        var lines = [transportHeaders(details, date: date)]
        lines.append("From: \(MIMEWriting.address(name: details.name, email: details.email))")
        lines.append("To: Astro Support <support@astronomer.example>")
        if random.chance(0.2) {
            lines.append(
                "Cc: \(random.pick(["ops", "platform", "data-eng"]))@\(details.email.split(separator: "@").last ?? "")"
            )
        }
        lines.append("Subject: \(MIMEWriting.headerText(subject ?? random.pick(Self.subjects)))")
        lines.append("Date: \(date)")
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        lines += extra
        lines.append("Content-Type: \(contentType)")
        if let encoding { lines.append("Content-Transfer-Encoding: \(encoding)") }
        return lines.joined(separator: "\n") + "\n\n"
    }

    private static let greetings = [
        "Hi Astro support,", "Hello,", "Hi team,", "Hi there,", "Good morning,", "Dear Astronomer Support,",
        "Hey folks,",
        "Hello Astro team,",
    ]
    private static let intros = [
        "Please set up VPC peering between our AWS VPC and our Astro cluster. Here are the details:",
        "We would like to peer our VPC with the Astro cluster. Details below.",
        "As discussed, here is the information for the VPC peering request:",
        "Following the docs, I created the peering role stack. Please find the details below:",
        "Could you please peer our analytics VPC with our production cluster?",
        "Here's everything you asked for to get the peering going:",
    ]
    private static let closings = [
        "Thanks,", "Thanks!", "Best regards,", "Kind regards,", "Cheers,", "Thank you,", "Regards,", "Many thanks,",
    ]
    private static let disclaimer = """
        CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of \
        the intended recipient(s) and may contain confidential and privileged information. Any \
        unauthorized review, use, disclosure or distribution is prohibited. If you are not the intended \
        recipient, please contact the sender by reply e-mail and destroy all copies of the original message.
        """

    private mutating func signature(_ details: RequestDetails) -> String {
        var lines = [
            random.pick(Self.closings), details.name.split(separator: " ").first.map(String.init) ?? details.name,
        ]
        if random.chance(0.6) {
            lines = ["", random.pick(Self.closings), details.name]
            lines.append(
                random.pick(["Platform Engineer", "SRE", "Data Engineering Lead", "DevOps", "Cloud Architect"])
                    + " | \(details.company)"
            )
            lines.append("+1 (555) 01\(random.int(10...99))-\(random.int(1000...9999))")
            if random.chance(0.3) { lines.insert("-- ", at: 1) }
        }
        if random.chance(0.25) { lines += ["", Self.disclaimer] }
        return lines.joined(separator: "\n")
    }

    /// The six details in one of the layouts customers use.
    private mutating func detailLines(_ details: RequestDetails) -> [String] {
        var pairs = details.labeled(&random)
        if random.chance(0.4) { pairs = random.shuffle(pairs) }
        switch random.int(0...9) {
        case 0, 1: return pairs.map { "\($0.label): \($0.value)" }
        case 2, 3: return pairs.map { "- \($0.label): \($0.value)" }
        case 4: return pairs.map { "* **\($0.label)**: \($0.value)" }
        case 5: return pairs.enumerated().map { "\($0.offset + 1). \($0.element.label): \($0.element.value)" }
        case 6: return pairs.map { "\($0.label) - \($0.value)" }
        case 7: return pairs.map { "\($0.label) = \($0.value)" }
        case 8: return pairs.flatMap { ["\($0.label):", $0.value, ""] }
        default: return ["| Field | Value |", "|---|---|"] + pairs.map { "| \($0.label) | \($0.value) |" }
        }
    }

    private mutating func plainBody(_ details: RequestDetails) -> String {
        var lines = [random.pick(Self.greetings), "", random.pick(Self.intros), ""]
        lines += detailLines(details)
        lines.append("")
        if random.chance(0.3) {
            lines.append(
                "Let me know if you need anything else from our side. We'd like to have this in place before our release next week."
            )
            lines.append("")
        }
        lines.append(signature(details))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Kinds

    private mutating func plain(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let body = plainBody(details)
        let extra =
            random.chance(0.5)
            ? ["User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.4.0"] : []
        return Array(
            (headers(
                details,
                messageID: messageID,
                date: date,
                contentType: "text/plain; charset=utf-8",
                encoding: "7bit",
                extra: extra
            ) + body).utf8
        )
    }

    private mutating func gmailHTML(_ details: RequestDetails, history: String?) -> String {
        let pairs = details.labeled(&random)
        var html =
            "<div dir=\"ltr\">\(random.pick(Self.greetings))<div><br></div><div>\(MIMEWriting.escapeHTML(random.pick(Self.intros)))</div><div><ul>"
        for pair in pairs {
            html += "<li>\(MIMEWriting.escapeHTML(pair.label)): \(MIMEWriting.escapeHTML(pair.value))</li>"
        }
        html +=
            "</ul></div><div>\(random.pick(Self.closings))</div><div>\(MIMEWriting.escapeHTML(details.name))</div></div>"
        if let history {
            html +=
                "<br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, Nov 23, 2026 at 9:00 AM Astro Support "
                + "&lt;support@astronomer.example&gt; wrote:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;"
                + "border-left:1px solid rgb(204,204,204);padding-left:1ex\">\(MIMEWriting.escapeHTML(history).replacingOccurrences(of: "\n", with: "<br>"))</blockquote></div>"
        }
        return html + "\n"
    }

    private static let supportAsk = """
        Hello,

        Thanks for reaching out. To set up the peering we need six details: the AWS account ID, \
        the region, the VPC ID and CIDR block of your VPC, the PeerRole ARN from the stack outputs, \
        and the Astro cluster ID. For example: VPC ID: vpc-11111111, Region: us-west-2.

        Best,
        Astro Support
        """

    private mutating func gmail(
        _ details: RequestDetails,
        messageID: String,
        date: String,
        withHistory: Bool
    ) -> [UInt8] {
        let boundary = "000000000000\(random.hex(12))"
        var plain = plainBody(details)
        if withHistory {
            plain += "\nOn Mon, Nov 23, 2026 at 9:00 AM Astro Support <support@astronomer.example>\nwrote:\n\n"
            plain +=
                Self.supportAsk.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(
                    separator: "\n"
                ) + "\n"
        }
        let html = gmailHTML(details, history: withHistory ? Self.supportAsk : nil)
        var text = headers(
            details,
            messageID: messageID,
            date: date,
            subject: withHistory ? "Re: VPC peering request" : nil,
            contentType: "multipart/alternative; boundary=\"\(boundary)\"",
            extra: withHistory ? ["In-Reply-To: <support-ask-\(random.alphanumeric(8))@astronomer.example>"] : []
        )
        text +=
            "--\(boundary)\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
        text += MIMEWriting.quotedPrintable(Array(plain.utf8)) + "\n"
        text +=
            "--\(boundary)\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
        text += MIMEWriting.quotedPrintable(Array(html.utf8)) + "\n--\(boundary)--\n"
        return Array(text.utf8)
    }

    private static let outlookStyle = """
        <style><!--
        /* Font Definitions */
        @font-face {font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}
        @font-face {font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}
        @font-face {font-family:Aptos;}
        /* Style Definitions */
        p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif; mso-ligatures:standardcontextual; mso-fareast-language:EN-US;}
        a:link, span.MsoHyperlink {mso-style-priority:99; color:#0563C1; text-decoration:underline;}
        span.EmailStyle17 {mso-style-type:personal-compose; font-family:"Calibri",sans-serif; color:windowtext;}
        .MsoChpDefault {mso-style-type:export-only; font-size:10.0pt; mso-fareast-language:EN-US;}
        @page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}
        div.WordSection1 {page:WordSection1;}
        --></style><!--[if gte mso 9]><xml>
        <o:shapedefaults v:ext="edit" spidmax="1026" />
        </xml><![endif]--><!--[if gte mso 9]><xml>
        <o:shapelayout v:ext="edit">
        <o:idmap v:ext="edit" data="1" />
        </o:shapelayout></xml><![endif]-->
        """

    private mutating func outlook(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let pairs = details.labeled(&random)
        var html =
            "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            + "xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            + "charset=windows-1252\"><meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\n"
            + Self.outlookStyle
            + "\n</head><body lang=\"EN-US\" link=\"#0563C1\" vlink=\"#954F72\" style=\"word-wrap:break-word\">"
            + "<div class=\"WordSection1\">\n<p class=\"MsoNormal\">\(random.pick(Self.greetings))<o:p></o:p></p>"
            + "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n<p class=\"MsoNormal\">Here are the details for the peering \u{201C}request\u{201D}:<o:p></o:p></p>\n"
            + "<table class=\"MsoTableGrid\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;border:none\">"
        for pair in pairs {
            html +=
                "<tr><td width=\"200\" valign=\"top\" style=\"width:150.0pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt\">"
                + "<p class=\"MsoNormal\">\(MIMEWriting.escapeHTML(pair.label))<o:p></o:p></p></td>"
                + "<td width=\"400\" valign=\"top\" style=\"width:300.0pt;border:solid windowtext 1.0pt;border-left:none;padding:0cm 5.4pt 0cm 5.4pt\">"
                + "<p class=\"MsoNormal\">\(MIMEWriting.escapeHTML(pair.value))<o:p></o:p></p></td></tr>\n"
        }
        html +=
            "</table>\n<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p><p class=\"MsoNormal\">\(random.pick(Self.closings))<o:p></o:p></p>"
        html += "<p class=\"MsoNormal\">\(MIMEWriting.escapeHTML(details.name))<o:p></o:p></p>\n"
        let reply = random.chance(0.5)
        if reply {
            html +=
                "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\"><p class=\"MsoNormal\"><b>From:</b> "
                + "Astro Support &lt;support@astronomer.example&gt;<br><b>Sent:</b> Monday, November 23, 2026 9:00 AM<br><b>To:</b> "
                + "\(MIMEWriting.escapeHTML(details.name))<br><b>Subject:</b> VPC peering</p></div>\n"
                + "<p class=\"MsoNormal\">\(MIMEWriting.escapeHTML(Self.supportAsk).replacingOccurrences(of: "\n", with: "<br>"))<o:p></o:p></p>"
        }
        html += "</div></body></html>\n"
        let outlookName =
            details.name.contains(" ")
            ? "\(details.name.split(separator: " ").last ?? ""), \(details.name.split(separator: " ").first ?? "")"
            : details.name
        var named = details
        named.name = outlookName
        // Exchange's own shape of Message-ID, still unique per message.
        let outlookID =
            "<\(messageID.dropFirst().prefix { $0 != "@" })\(random.alphanumeric(8, upper: true))"
            + "@\(random.alphanumeric(8, upper: true)).namprd\(random.int(10...20)).prod.outlook.com>"
        var text = headers(
            named,
            messageID: outlookID,
            date: date,
            subject: reply ? "RE: VPC peering" : nil,
            contentType: "text/html; charset=\"windows-1252\"",
            encoding: "quoted-printable",
            extra: [
                "Thread-Topic: VPC peering", "Thread-Index: AQHb\(random.alphanumeric(24))==",
                "X-MS-Has-Attach:", "X-MS-TNEF-Correlator:", "Content-Language: en-US",
                "X-MS-Exchange-Organization-SCL: -1", "X-MS-Exchange-CrossTenant-originalarrivaltime: \(date)",
            ]
        )
        text += MIMEWriting.quotedPrintable(MIMEWriting.windows1252(html))
        return Array(text.utf8)
    }

    private mutating func mobile(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        var lines = ["Hi, details below", ""]
        lines += details.labeled(&random).map { "\($0.label.split(separator: " ").last ?? ""): \($0.value)" }
        lines += ["", random.pick(["Sent from my iPhone", "Sent from my Android", "Get Outlook for iOS"])]
        let body = lines.joined(separator: "\n") + "\n"
        let text =
            headers(
                details,
                messageID: messageID,
                date: date,
                subject: random.pick(["Peering", "VPC peering", "peering details"]),
                contentType: "text/plain; charset=utf-8",
                encoding: "base64",
                extra: ["X-Mailer: iPhone Mail (22B91)"]
            ) + MIMEWriting.base64(Array(body.utf8))
        return Array(text.utf8)
    }

    private mutating func followUp(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let earlier = earlierIDs.isEmpty ? "<none@example.com>" : earlierIDs[random.int(0...(earlierIDs.count - 1))]
        var lines: [String]
        if random.chance(0.5) {
            lines = [
                "Sorry, I sent the wrong CIDR and role. The correct values:", "",
                "CIDR: \(details.cidrs.joined(separator: ", "))", "PeerRole ARN: \(details.roleARN)", "",
            ]
        } else {
            lines = ["Hi again,", "", "Here is the full set of details, corrected:", ""] + detailLines(details) + [""]
        }
        lines.append(signature(details))
        lines += ["", "On Tue, Nov 24, 2026 at 9:12 AM Astro Support <support@astronomer.example> wrote:"]
        lines += Self.supportAsk.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }
        lines += ["> ", "> On Mon, Nov 23, 2026 at 8:01 AM \(details.name) <\(details.email)> wrote:"]
        var old = details
        old.cidrs = ["10.\(random.int(0...255)).0.0/16"]
        old.vpc = "vpc-" + random.hex(17)
        old.account = random.digits(12)
        old.accountWritten = old.account
        old.roleARN =
            "arn:aws:iam::\(old.account):role/astro-peering-role-PeerRole-\(random.alphanumeric(12, upper: true))"
        lines += plainBody(old).split(separator: "\n", omittingEmptySubsequences: false).map { "> > " + $0 }
        let body = lines.joined(separator: "\n") + "\n"
        let text =
            headers(
                details,
                messageID: messageID,
                date: date,
                subject: "Re: " + random.pick(Self.subjects),
                contentType: "text/plain; charset=utf-8",
                encoding: "8bit",
                extra: ["In-Reply-To: \(earlier)", "References: \(earlier)"]
            ) + body
        return Array(text.utf8)
    }

    private mutating func forwarded(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let boundary = "fwd-\(random.hex(16))"
        var agent = details
        agent.name = "Support Agent"
        agent.email = "agent\(random.int(1...9))@astronomer.example"
        var text = headers(
            agent,
            messageID: messageID,
            date: date,
            subject: "Fwd: " + random.pick(Self.subjects),
            contentType: "multipart/mixed; boundary=\"\(boundary)\""
        )
        text +=
            "--\(boundary)\nContent-Type: text/plain; charset=utf-8\n\nForwarding a customer request that came to the wrong queue.\n\n"
        text += "--\(boundary)\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n"
        let original =
            "From: \(MIMEWriting.address(name: details.name, email: details.email))\nTo: sales@astronomer.example\n"
            + "Subject: \(random.pick(Self.subjects))\nDate: \(date)\nMessage-ID: <orig-\(seed)-\(serial)@\(details.email.split(separator: "@").last ?? "")>\n"
            + "Content-Type: text/plain; charset=utf-8\n\n" + plainBody(details)
        text += original + "\n--\(boundary)--\n"
        return Array(text.utf8)
    }

    private mutating func prose(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let sentences = [
            "we'd like to peer our VPC \(details.vpc) (\(details.cidrs.joined(separator: " and "))) in \(details.region) with our cluster \(details.cluster).",
            "Our AWS account is \(details.account), and the PeerRole ARN from the stack is \(details.roleARN).",
            "The stack was created with the Peer Owner IDs you gave us.",
            "Let me know if anything is missing.",
        ]
        let body =
            [random.pick(Self.greetings), "", "Hello! " + sentences.joined(separator: " "), "", signature(details)]
            .joined(separator: "\n") + "\n"
        return Array(
            (headers(details, messageID: messageID, date: date, contentType: "text/plain; charset=\"us-ascii\"") + body)
                .utf8
        )
    }

    private mutating func csvAttachment(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let boundary = "----=_Part_\(random.int(1000...9999))_\(random.digits(9))"
        let csv =
            "field,value\n" + details.labeled(&random).map { "\($0.label),\"\($0.value)\"" }.joined(separator: "\n")
            + "\n"
        var text = headers(
            details,
            messageID: messageID,
            date: date,
            contentType: "multipart/mixed; boundary=\"\(boundary)\""
        )
        text +=
            "--\(boundary)\nContent-Type: text/plain; charset=utf-8\n\nHi, please find the peering details attached.\n\n\(signature(details))\n\n"
        text +=
            "--\(boundary)\nContent-Type: text/csv; name=\"peering.csv\"\nContent-Disposition: attachment; filename=\"peering.csv\"\n"
        text += "Content-Transfer-Encoding: base64\n\n" + MIMEWriting.base64(Array(csv.utf8)) + "--\(boundary)--\n"
        return Array(text.utf8)
    }

    private mutating func autoReply(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let body = """
            Thank you for your message. I am out of the office until Monday, 30 November, with limited \
            access to e-mail. For urgent matters please contact ops@\(details.email.split(separator: "@").last ?? "").

            \(details.name)

            """
        return Array(
            (headers(
                details,
                messageID: messageID,
                date: date,
                subject: "Automatic reply: VPC peering",
                contentType: "text/plain; charset=utf-8",
                extra: ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"]
            ) + body).utf8
        )
    }

    private mutating func incomplete(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        let pairs = details.labeled(&random)
        let kept = random.shuffle(Array(pairs.indices)).prefix(random.int(2...4)).sorted()
        var lines = [
            random.pick(Self.greetings), "",
            "Here's what I have so far; I'll send the role ARN once the stack is created.", "",
        ]
        lines += kept.map { "\(pairs[$0].label): \(pairs[$0].value)" }
        lines += ["", signature(details)]
        return Array(
            (headers(details, messageID: messageID, date: date, contentType: "text/plain; charset=utf-8")
                + lines.joined(separator: "\n") + "\n").utf8
        )
    }

    private mutating func unicode(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        // Pasted from a console or a chat: no-break spaces, smart quotes, typographic dashes,
        // zero-width spaces.
        var lines = [
            random.pick(["Bonjour,", "Hallo zusammen,", "Hola,", "Hi — quick one:"]), "",
            "Voici les détails / here are the details \u{2014} merci d\u{2019}avance\u{00A0}!", "",
        ]
        for pair in details.labeled(&random) {
            let value =
                random.chance(0.3)
                ? "\u{201C}\(pair.value)\u{201D}" : random.chance(0.3) ? "`\(pair.value)`" : pair.value
            lines.append("\u{2022} \(pair.label)\u{00A0}:\u{00A0}\(value)\(random.chance(0.2) ? "\u{200B}" : "")")
        }
        lines += ["", "Cordialement,", details.name]
        return Array(
            (headers(
                details,
                messageID: messageID,
                date: date,
                subject: random.pick([
                    "Demande d\u{2019}appairage VPC", "VPC-Peering Anfrage", "Peering \u{2014} détails",
                ]),
                contentType: "text/plain; charset=UTF-8",
                encoding: "8bit"
            ) + lines.joined(separator: "\n") + "\n").utf8
        )
    }

    private mutating func flowed(_ details: RequestDetails, messageID: String, date: String) -> [UInt8] {
        var lines = [
            "Hello,", "",
            "We would like to peer the VPC of our account with the Astro cluster ",
            "\(details.cluster) in \(details.region).", "",
        ]
        lines += details.labeled(&random).dropLast().map { "\($0.label) = \($0.value)" }
        lines += ["", "-- ", details.name, details.company]
        return Array(
            (headers(
                details,
                messageID: messageID,
                date: date,
                contentType: "text/plain; charset=UTF-8; format=flowed",
                encoding: "8bit",
                extra: ["User-Agent: Mozilla Thunderbird"]
            ) + lines.joined(separator: "\n") + "\n").utf8
        )
    }

    // MARK: Exports

    /// A Google-Forms-style CSV export of `count` requests.
    mutating func formCSV(count: Int) -> [UInt8] {
        var text =
            "Timestamp,Email Address,AWS account ID,AWS region,VPC ID,VPC CIDR block,PeerRole ARN,Astro cluster ID,Anything else?\n"
        for row in 0..<count {
            serial += 1
            let details = RequestDetails.make(&random)
            let note = random.chance(0.3) ? "\"Staging cluster, please.\nThanks!\"" : random.chance(0.5) ? "" : "Urgent"
            text +=
                "11/\(row % 28 + 1)/2026 \(row % 24):\(pad(row % 60)):00,\(details.email),\(details.accountWritten),"
                + "\(details.region),\(details.vpc),\(details.cidrs.joined(separator: ";")),\(details.roleARN),\(details.cluster),\(note)\n"
        }
        return Array(text.utf8)
    }

    private mutating func ticketDescription(_ details: RequestDetails) -> String {
        if random.chance(0.5) {
            return
                "Hi! Our VPC \(details.vpc) (\(details.cidrs.joined(separator: ", "))) in \(details.region), account \(details.account), "
                + "PeerRole ARN: \(details.roleARN). Cluster ID: \(details.cluster)"
        }
        return details.labeled(&random).map { "\($0.label): \($0.value)" }.joined(separator: "\n")
    }

    private func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    private mutating func ticketJSON(_ id: Int) -> String {
        serial += 1
        let details = RequestDetails.make(&random)
        return
            "{\"id\": \(id), \"subject\": \(jsonString(random.pick(Self.subjects))), \"created_at\": \"2026-11-\(pad(id % 28 + 1))T1\(id % 10):00:00Z\", "
            + "\"requester\": {\"name\": \(jsonString(details.name)), \"email\": \(jsonString(details.email))}, "
            + "\"description\": \(jsonString(ticketDescription(details)))}"
    }

    /// A help-desk JSON export (`{"tickets": [...]}`) or NDJSON of `count` tickets.
    mutating func helpdeskJSON(count: Int, lines: Bool) -> [UInt8] {
        let base = random.int(10000...90000)
        let tickets = (0..<count).map { ticketJSON(base + $0) }
        if lines { return Array((tickets.joined(separator: "\n") + "\n").utf8) }
        return Array(("{\n  \"tickets\": [\n    " + tickets.joined(separator: ",\n    ") + "\n  ]\n}\n").utf8)
    }

    /// A help-desk XML export of `count` tickets.
    mutating func helpdeskXML(count: Int) -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tickets type=\"array\">\n"
        let base = random.int(10000...90000)
        for index in 0..<count {
            serial += 1
            let details = RequestDetails.make(&random)
            text +=
                "  <ticket>\n    <nice-id type=\"integer\">\(base + index)</nice-id>\n    <subject>\(MIMEWriting.escapeHTML(random.pick(Self.subjects)))</subject>\n"
                + "    <requester-email>\(details.email)</requester-email>\n    <created-at type=\"datetime\">2026-11-24T16:00:00Z</created-at>\n"
                + "    <description><![CDATA[\(ticketDescription(details))]]></description>\n  </ticket>\n"
        }
        return Array((text + "</tickets>\n").utf8)
    }
}
