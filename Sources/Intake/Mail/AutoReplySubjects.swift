/// The subjects mail servers and clients give auto-replies and bounces, in the languages our
/// customers write in. Only the start of the subject counts, so a reply to one ("Re: Automatic
/// reply: …") or a forward ("Fwd: Undeliverable …") is a person's mail.
enum AutoReplySubjects {
    /// Lower case, as the subject starts (a colon where the client writes one, so that "Auto
    /// scaling" or "Out of office next week" are not auto-replies).
    static let prefixes: [String] = [
        // English (Outlook, Exchange, Gmail, Zimbra, Postfix, Exim, sendmail)
        "automatic reply:", "auto:", "autoreply:", "auto-reply:", "auto reply:", "auto response:",
        "autoresponse:", "auto-response:", "automatic response:", "out of office:", "out of office autoreply:",
        "out of the office:", "undeliverable:", "undelivered mail returned to sender",
        "delivery status notification", "mail delivery failed", "returned mail:", "delivery failure:",
        "failure notice", "message not delivered", "delivery has failed", "delivery notification: delivery has failed",
        "undeliverable mail:", "mail delivery failure", "mail system error - returned mail",
        "message status - undeliverable", "notice: mail delivery status", "delayed mail (still being retried)",
        "warning: could not send message",
        // German
        "abwesenheitsnotiz", "automatische antwort:", "unzustellbar:", "nicht zustellbar:",
        // French
        "réponse automatique", "reponse automatique", "absence du bureau", "non remis :", "non remis:",
        // Spanish
        "respuesta automática:", "respuesta automatica:", "fuera de la oficina:", "no se puede entregar:",
        // Portuguese
        "resposta automática:", "resposta automatica:", "ausência temporária", "não é possível entregar:",
        // Italian
        "risposta automatica:", "fuori sede:", "non recapitabile:",
        // Dutch
        "automatisch antwoord:", "afwezig:", "onbestelbaar:",
        // Japanese, Chinese, Korean (the Japanese carriers' and Chinese providers' bounces too)
        "自動応答", "自動返信", "自动回复", "自動回覆", "자동 응답", "자동응답",
        "メールエラー通知", "メール配信エラー", "配信エラー", "配信不能", "系统退信", "退信",
        // Russian (Yandex, Mail.ru)
        "недоставленное сообщение", "ваше сообщение не доставлено", "автоответ", "автоматический ответ",
        // Turkish, Polish
        "otomatik yanıt", "automatyczna odpowiedź",
    ]

    /// Bounce subjects that count only as the whole subject (a period or colon after them
    /// aside): Lotus Notes' "Undeliverable message", "Undelivered Mail", "Returned mail". A
    /// customer may start a subject with these words ("Undeliverable messages from your
    /// address"), but does not send them alone.
    static let wholeSubjects: Set<String> = [
        "undeliverable message", "undeliverable mail", "undelivered message", "undelivered mail",
        "returned mail", "nondeliverable mail", "non-deliverable mail", "message undeliverable",
        "delivery failure", "delivery notification",
    ]

    /// The prefix the subject starts with (after leading spaces), as written, or nil. A prefix
    /// may also be written as a bracketed tag: "[Automatyczna odpowiedź] …", "[Auto-Reply] …";
    /// a `wholeSubjects` one must be all there is.
    static func prefix(of subject: String) -> String? {
        var trimmed = Substring(subject)
        while let first = trimmed.first, first == " " || first == "\t" { trimmed = trimmed.dropFirst() }
        if trimmed.first == "[" { return bracketedTag(trimmed) }
        if trimmed.utf8.count <= 24 {
            var whole = trimmed
            while let last = whole.last, last == " " || last == "\t" || last == "." || last == ":" {
                whole = whole.dropLast()
            }
            if wholeSubjects.contains(whole.lowercased()) { return String(whole) }
        }
        if let complaint = feedbackLoopComplaint(trimmed) { return complaint }
        guard let first = trimmed.utf8.first else { return nil }
        // Every prefix starts with a letter a–z (any case) or a character that is not ASCII.
        let lowered = first >= 0x41 && first <= 0x5A ? first + 0x20 : first
        guard lowered >= 0x80 || (lowered >= 0x61 && lowered <= 0x7A) else { return nil }
        // Compared as UTF-8 bytes (lower-cased once), only with the prefixes that start alike.
        let head = Array(String(trimmed.prefix(48)).lowercased().utf8)
        guard let lead = head.first else { return nil }
        for (prefix, count) in prefixBytes[Int(lead)] where head.starts(with: prefix) {
            return String(trimmed.prefix(count)).trimmingSpaces()
        }
        return nil
    }

    /// A feedback loop's complaint that carries no ARF report (Outlook.com and Hotmail's JMRP):
    /// "complaint about message from 203.0.113.25". Only with an IP address after it, so a
    /// customer's "Complaint about message from your engineer" stays a request. Archives mask
    /// octets with x or * ("100.200.17.xxx"), so those count as digits.
    private static func feedbackLoopComplaint(_ subject: Substring) -> String? {
        let lead = "complaint about message from "
        let count = lead.utf8.count
        guard subject.utf8.count > count,
            String(decoding: subject.utf8.prefix(count), as: UTF8.self).lowercased() == lead
        else { return nil }
        var address = subject.utf8.dropFirst(count)
        while let last = address.last, last == 0x20 || last == 0x09 || last == 0x2E { address = address.dropLast() }
        guard (2...45).contains(address.count),
            address.contains(where: { $0 == 0x2E || $0 == 0x3A }),
            address.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            address.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x3A) || byte == 0x2E || byte == 0x2A || byte | 0x20 == 0x78
                    || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
            })
        else { return nil }
        return String(decoding: subject.utf8.prefix(count - 1), as: UTF8.self)
    }

    /// "[Tag] …" whose tag is a whole prefix (with or without its colon): the tag as written.
    /// Only the whole tag counts, so "[EXTERNAL] Out of office: …" or "[Auto scaling] …" are not.
    private static func bracketedTag(_ subject: Substring) -> String? {
        guard let close = subject.prefix(48).firstIndex(of: "]") else { return nil }
        let tag = String(subject[subject.index(after: subject.startIndex)..<close]).trimmingSpaces().lowercased()
        guard !tag.isEmpty, wholePrefixes.contains(tag) || wholePrefixes.contains(tag + ":") else { return nil }
        return String(subject[...close])
    }

    private static let wholePrefixes = Set(prefixes)

    /// The prefixes' bytes and lengths in characters, by their first byte.
    private static let prefixBytes: [[([UInt8], Int)]] = {
        var buckets = [[([UInt8], Int)]](repeating: [], count: 256)
        for prefix in prefixes {
            let bytes = Array(prefix.utf8)
            buckets[Int(bytes[0])].append((bytes, prefix.count))
        }
        return buckets
    }()
}
