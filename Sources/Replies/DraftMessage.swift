public import Foundation

/// An RFC 5322 reply draft: the headers of a reply in the customer's thread and a
/// UTF-8 plain-text body (7bit when it is printable ASCII, else quoted-printable).
///
/// Every header value passes through `HeaderText` or `MailSyntax`: customer text is made one
/// line (controls, CR, LF and NUL become spaces), encoded as RFC 2047 words when it is not
/// ASCII, and folded within 78 columns; addresses and message IDs must match their syntax or are
/// refused (From, To, Message-ID) or dropped (In-Reply-To, References). No value can add a
/// header line or end the header block.
public struct DraftMessage: Sendable {
    /// The support mailbox: `support@example.com` or `Astro Support <support@example.com>`.
    public var from: String
    public var context: ReplyContext
    /// The rendered body (`ReplyRenderer.render`).
    public var body: String
    /// The draft's own Message-ID, made (and signed) by the caller: `<…@…>`.
    public var messageID: String
    public var date: Date

    /// The most References kept: the first (the thread's root) and the latest others.
    static let referencesLimit = 20
    /// The longest subject taken from the customer, in characters.
    static let subjectLimit = 200

    public init(from: String, context: ReplyContext, body: String, messageID: String, date: Date) {
        self.from = from
        self.context = context
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// The subject, before encoding: `Re: <the customer's first subject> [PD-12]`.
    public var subject: String {
        Self.replySubject(context.originalSubject, reference: context.ticketReference)
    }

    /// The message IDs for In-Reply-To (the last) and References (all), valid ones only.
    public var threadIDs: (inReplyTo: String?, references: [String]) {
        let parent = context.replyToMessageID.flatMap(MailSyntax.messageID)
        var ids: [String] = []
        for id in context.references.compactMap(MailSyntax.messageID) where !ids.contains(id) && id != parent {
            ids.append(id)
        }
        if let parent { ids.append(parent) }
        if ids.count > Self.referencesLimit {
            ids = [ids[0]] + ids.suffix(Self.referencesLimit - 1)
        }
        return (parent, ids)
    }

    /// The message: CRLF line ends, the header block, a blank line, the body.
    public func rendered() throws(ReplyError) -> [UInt8] {
        var text = try headerFields().joined(separator: "\r\n")
        text += "\r\n\r\n"
        text +=
            isSevenBit
            ? body.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
            : QuotedPrintable.encode(body)
        return Array(text.utf8)
    }

    /// A body of printable ASCII lines of at most 998 characters goes as it is (7bit), so the
    /// draft reads the same in a terminal as in a mail client. Anything else is quoted-printable,
    /// and so is a line an mbox or a transport could alter: one starting with "From ", a lone
    /// ".", or one ending in a space.
    var isSevenBit: Bool {
        body.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { line in
            line.utf8.count <= 998 && line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                && !line.hasPrefix("From ") && line != "." && line.last != " "
        }
    }

    /// The header fields, each possibly folded over several lines.
    func headerFields() throws(ReplyError) -> [String] {
        guard MailSyntax.isTicketReference(context.ticketReference) else {
            throw ReplyError.invalid(
                "The ticket reference",
                context.ticketReference,
                "is not a ticket reference (like PD-12: letters, digits, -, _ or .)"
            )
        }
        guard let sender = MailSyntax.mailbox(from) else {
            throw ReplyError.invalid(
                "The support address",
                from,
                "is not one email address (like support@example.com or Astro Support <support@example.com>)"
            )
        }
        guard let recipient = MailSyntax.addrSpec(context.requesterEmail.trimmingSpaces()) else {
            throw ReplyError.invalid(
                "The requester address",
                context.requesterEmail,
                "is not one email address: the draft cannot be addressed"
            )
        }
        guard let ownID = MailSyntax.messageID(messageID) else {
            throw ReplyError.invalid("The draft's Message-ID", messageID, "is not a message ID like <id@host>")
        }
        let name = context.requesterName.map { HeaderText.singleLine($0, limit: ReplyValues.nameLimit) }
        let thread = threadIDs
        var fields = [
            HeaderText.field("From", tokens: Self.mailboxTokens(sender.name, sender.address)),
            HeaderText.field("To", tokens: Self.mailboxTokens(name, recipient)),
            HeaderText.field("Subject", tokens: HeaderText.unstructuredTokens(subject)),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + ownID,
        ]
        if let parent = thread.inReplyTo { fields.append("In-Reply-To: " + parent) }
        if !thread.references.isEmpty { fields.append(HeaderText.field("References", tokens: thread.references)) }
        fields += [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + (isSevenBit ? "7bit" : "quoted-printable"),
        ]
        return fields
    }

    private static func mailboxTokens(_ name: String?, _ address: String) -> [String] {
        let nameTokens = name.map(HeaderText.displayNameTokens) ?? []
        return nameTokens.isEmpty ? [address] : nameTokens + ["<" + address + ">"]
    }

    /// `Re: <subject> [PD-12]`: the customer's reply prefixes dropped (so never `Re: Re:`), the
    /// ticket tag added unless the subject already carries it.
    static func replySubject(_ original: String?, reference: String) -> String {
        var text = HeaderText.singleLine(original ?? "", limit: subjectLimit)
        while let stripped = droppingReplyPrefix(text) { text = stripped }
        if text.isEmpty { text = "VPC peering request" }
        let tag = "[" + reference + "]"
        if text.range(of: tag, options: .caseInsensitive) == nil { text += " " + tag }
        return "Re: " + text
    }

    /// Reply prefixes of common mail clients and languages: Re, Aw, Sv, Antw, Odp, Rif, Ref, Vs,
    /// Res, optionally numbered (`Re[2]:`, `Re(2):`).
    private static let replyPrefixes: Set<String> = ["re", "aw", "sv", "antw", "odp", "rif", "ref", "vs", "res"]

    private static func droppingReplyPrefix(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 10 else {
            return nil
        }
        var prefix = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        if let bracket = prefix.firstIndex(where: { $0 == "[" || $0 == "(" }),
            prefix.last == "]" || prefix.last == ")",
            prefix[prefix.index(after: bracket)..<prefix.index(before: prefix.endIndex)].allSatisfy(\.isNumber)
        {
            prefix = String(prefix[..<bracket]).trimmingCharacters(in: .whitespaces)
        }
        guard replyPrefixes.contains(prefix) else { return nil }
        return String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }

    /// `Wed, 25 Nov 2026 10:04:29 +0000`: RFC 5322 section 3.3, in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
