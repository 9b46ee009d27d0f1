public import Foundation
import PeeringModel

/// Reads an export record as a request: columns are recognized by meaning, not fixed names —
/// form question texts ("AWS account ID", "Account ID of the external VPC", "Email Address",
/// "Timestamp") and help-desk keys (`aws_account_id`, `requester_email`, `created_at`,
/// `requester.email`, `via.source.from.address`). A free-text column (description, body,
/// message) is searched exactly like an email body, so a request typed into a text box is read
/// as mail would be.
public enum ExportMapper {
    /// What the record says besides the six details, and the texts to search.
    public struct Reading: Sendable {
        public var sources: [TextSource]
        public var requesterEmail: String?
        public var requesterName: String?
        public var subject: String?
        public var receivedAt: Date?
        public var messageID: String?
        /// The record's own ID in the tool it came from (a top-level `id`, `key`, `number`, …).
        public var externalID: String?
    }

    public static func read(_ record: ExportRecord, fieldMap: FieldMap = .empty) -> Reading {
        var reading = Reading(sources: [])
        var freeText: [TextSource] = []
        // Jira exports with `expand=names` name each custom field: `names.customfield_10042`
        // is "AWS account ID" for `fields.customfield_10042`.
        var customNames: [String: String] = [:]
        for (key, value) in record.fields where key.hasPrefix("names.") {
            customNames[String(key.dropFirst(6))] = value
        }
        for (key, value) in record.fields {
            let text = value.trimmingSpaces()
            guard !text.isEmpty else { continue }
            let name = normalize(key)
            let rawLeaf = String(key.split(separator: ".").last ?? Substring(key))
            let leaf = normalize(rawLeaf)
            if key.hasPrefix("names.") { continue }
            // A top-level key, or one of a Typeform webhook's `form_response`.
            let isTopLevel =
                !key.contains(".") || (key.hasPrefix("form_response.") && key.dropFirst(14).contains(".") == false)
            if reading.externalID == nil, isTopLevel, externalIDKeys.contains(leaf) {
                reading.externalID = text
                continue
            }
            let named = customNames[rawLeaf].map { normalize($0) }
            if let field = fieldMap.field(for: key) ?? labeledField(name) ?? labeledField(leaf)
                ?? named.flatMap(labeledField)
            {
                // A column is one labeled line, so extraction's rules, repairs and conflict
                // detection apply as to mail; its name is the provenance.
                reading.sources.append(
                    TextSource(part: 0, name: "column \(key)", text: "\(canonicalLabel(field)): \(text)")
                )
                continue
            }
            if reading.requesterEmail == nil, isEmailKey(name, leaf: leaf), text.containsText("@") {
                reading.requesterEmail = extractAddress(text)
            } else if reading.requesterName == nil,
                nameKeys.contains(name) || (leaf == "name" && name.contains("requester"))
            {
                reading.requesterName = text
            } else if reading.subject == nil, subjectKeys.contains(name) || subjectKeys.contains(leaf) {
                reading.subject = text
            } else if reading.receivedAt == nil, dateKeys.contains(name) || dateKeys.contains(leaf) {
                reading.receivedAt = parseDate(text)
            } else if reading.messageID == nil, name == "message id" || leaf == "message id" {
                reading.messageID = text
            } else if textKeys.contains(leaf) || textKeys.contains(name) {
                let readable =
                    text.containsText("<") && text.containsText(">") && text.lowercased().containsText("</")
                    ? HTMLText.plainText(fromHTML: Array(text.utf8), charset: "utf-8") : text
                freeText.append(TextSource(part: 0, name: "column \(key)", text: readable))
            }
        }
        if let subject = reading.subject {
            reading.sources.insert(TextSource(part: 0, name: "subject", text: subject), at: 0)
        }
        reading.sources += freeText
        return reading
    }

    /// Whether a request could come from this column: one of the six details (by its name or
    /// the field map) or a free-text column searched like a mail body.
    public static func isRequestColumn(_ key: String, fieldMap: FieldMap = .empty) -> Bool {
        let name = normalize(key)
        let leaf = normalize(String(key.split(separator: ".").last ?? Substring(key)))
        return fieldMap.field(for: key) != nil || labeledField(name) != nil || labeledField(leaf) != nil
            || textKeys.contains(leaf) || textKeys.contains(name)
    }

    /// Lower case, `_ - .` as spaces, white space collapsed, a trailing `?`/`:` dropped.
    static func normalize(_ key: String) -> String {
        // ASCII without carriage returns (column names are): byte by byte, where a byte is a
        // Character and lower-casing is ASCII's, so the result is the String path's.
        var text = key
        let ascii: String? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                let lower = ASCII.lowercased(byte)
                if lower == 0x20 || lower == 0x5F || lower == 0x2D || lower == 0x2E {
                    pendingSpace = !output.isEmpty
                    continue
                }
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(lower)
            }
            while let last = output.last, last == 0x3F || last == 0x3A || last == 0x2A { output.removeLast() }
            return String(decoding: output, as: UTF8.self)
        }
        if let ascii { return ascii }
        var words: [Substring] = []
        let spaced = key.lowercased().map { "_-.".contains($0) ? " " : $0 }
        for word in String(spaced).split(separator: " ") { words.append(word) }
        var result = words.joined(separator: " ")
        while let last = result.last, last == "?" || last == ":" || last == "*" { result.removeLast() }
        return result
    }

    private static func labeledField(_ name: String) -> RequestField? {
        if case .field(let field)? = Labels.meaning(of: Array(name.utf8)[...])?.0 { return field }
        // Question texts: "What is your AWS account ID?", "Which region is the VPC in".
        for (field, needles) in questionNeedles where needles.contains(where: { name.containsText($0) }) {
            return field
        }
        return nil
    }

    private static let questionNeedles: [(RequestField, [String])] = [
        (.peerRoleARN, ["role arn", "peerrole", "peer role"]),
        (.vpcCIDRs, ["cidr"]),
        (.vpcID, ["vpc id"]),
        (.clusterID, ["cluster id", "astro cluster"]),
        (.awsAccountID, ["account id", "account number"]),
        (.awsRegion, ["region"]),
    ]

    private static func canonicalLabel(_ field: RequestField) -> String {
        switch field {
        case .awsAccountID: return "AWS account ID"
        case .awsRegion: return "AWS region"
        case .vpcID: return "VPC ID"
        case .vpcCIDRs: return "CIDR"
        case .peerRoleARN: return "PeerRole ARN"
        case .clusterID: return "Cluster ID"
        }
    }

    /// Top-level keys that hold the tool's own ID of a record.
    private static let externalIDKeys: Set<String> = [
        "id", "key", "number", "ticket id", "ticket number", "conversation id", "response id", "submission id",
        "conversion id", "issue key", "token", "conversionid", "responseid", "ticketid", "submissionid",
        "conversationid",
    ]

    private static let nameKeys: Set<String> = [
        "name", "requester name", "full name", "your name", "contact name", "submitter name", "from name",
    ]
    private static let subjectKeys: Set<String> = ["subject", "title", "summary", "raw subject"]
    private static let dateKeys: Set<String> = [
        "timestamp", "created at", "created", "date", "submitted at", "submitted", "received at", "submission date",
        "created on", "date submitted",
    ]
    private static let textKeys: Set<String> = [
        "description", "body", "message", "comment", "comments", "details", "content", "text", "notes", "request",
        "html body", "plain body", "question", "additional information", "anything else", "description text",
        "body text", "text body", "plain text", "body plain", "source body", "preview",
    ]

    private static func isEmailKey(_ name: String, leaf: String) -> Bool {
        let keys: Set<String> = [
            "email", "email address", "e mail", "requester email", "requester", "from", "from address", "sender",
            "sender email", "submitter email", "contact email", "customer email", "your email", "work email",
        ]
        return keys.contains(name) || name.hasSuffix(" email") || name.hasSuffix("from address") || leaf == "email"
            || (leaf == "address" && name.containsText("from")) || leaf == "emailaddress"
    }

    /// "Ana <ana@example.com>" or "ana@example.com".
    private static func extractAddress(_ text: String) -> String {
        if let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            return String(text[text.index(after: open)..<close]).trimmingSpaces()
        }
        return text.split(separator: " ").first { $0.contains("@") }.map(String.init) ?? text
    }

    /// ISO 8601 (with or without zone or fraction), Google Forms' "11/24/2026 9:12:00", or an
    /// RFC 5322 date. Times without a zone are read as UTC.
    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        // Google Forms' shape, read directly: the formats before "M/d/yyyy H:mm:ss" all need a
        // "-", which this shape has none of, and DateFormatter is not lenient.
        if let date = formsTimestamp(text) { return date }
        // DateFormatter only sees ASCII: every format is ASCII, and Foundation's date(from:)
        // stops the process (a fatalError, "Incorrect range") when its parse ends inside a
        // character, as in "2026-11-2\u{334}09:12:00Z" (a digit with a combining mark).
        for formatter in dateFormatters() where text.utf8.allSatisfy({ $0 < 0x80 }) {
            if let date = formatter.date(from: text) { return date }
        }
        return MailDate.parse(text)
    }

    /// "M/d/yyyy H:mm:ss" in UTC, for exactly 1–2 digits / 1–2 digits / 4 digits, a space,
    /// 1–2 digits : 2 digits : 2 digits, with a valid date and time after 1582; else nil (the
    /// formatters decide).
    static func formsTimestamp(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            var index = 0
            func number(_ minimum: Int, _ maximum: Int) -> Int? {
                var value = 0
                var digits = 0
                while index < bytes.count, digits < maximum, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    digits += 1
                    index += 1
                }
                return digits >= minimum ? value : nil
            }
            func separator(_ byte: UInt8) -> Bool {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            guard let month = number(1, 2), separator(0x2F), let day = number(1, 2), separator(0x2F),
                let year = number(4, 4), separator(0x20), let hour = number(1, 2), separator(0x3A),
                let minute = number(2, 2), separator(0x3A), let second = number(2, 2), index == bytes.count,
                (1583...9999).contains(year), (1...12).contains(month),
                (1...MailDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
            else { return nil }
            let days = MailDate.daysSinceEpoch(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
        }
    }

    private static let dateFormats = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "M/d/yyyy H:mm:ss",
        "yyyy-MM-dd",
    ]
    private static let formattersKey = "PeerDesk.ExportMapper.dateFormatters"

    /// The formatters for `dateFormats`, made once per thread: making one costs far more than
    /// parsing a date with it, and a DateFormatter must not be shared between threads.
    private static func dateFormatters() -> [DateFormatter] {
        let storage = Thread.current.threadDictionary
        if let cached = storage[formattersKey] as? [DateFormatter] { return cached }
        let formatters = dateFormats.map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            formatter.dateFormat = format
            return formatter
        }
        storage[formattersKey] = formatters
        return formatters
    }
}
