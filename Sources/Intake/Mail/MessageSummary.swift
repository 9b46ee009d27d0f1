public import Foundation
import PeeringModel

/// The header facts later steps need, read once from a parsed message: who sent it, how it
/// threads, whether a machine sent it, and what the receiving server said of its sender.
public struct MessageSummary: Sendable, Hashable {
    public var from: MailAddress?
    public var replyTo: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var subject: String?
    /// The Date header as written, and parsed (nil when it does not parse).
    public var dateText: String?
    public var date: Date?
    /// With its angle brackets, as written: `<id@host>`.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var autoSubmitted: String?
    public var precedence: String?
    /// `List-Id`, as given ("Support <support.example.com>").
    public var listID: String?
    /// `X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress`, and the challenge-response
    /// services' own headers, when present (lower-case names; `autoReplyHeaderNames`).
    public var autoReplyHeaders: [String: String]
    public var returnPath: String?
    /// The topmost Authentication-Results field: the one the receiving server added.
    public var authenticationResults: String?
    /// A delivery status notification (a bounce): multipart/report of report-type
    /// delivery-status, or a message/delivery-status part.
    public var isDeliveryReport: Bool
    /// A machine's report of any kind: the report-type of a multipart/report ("report" when it
    /// names none), or the type of a report part (message/feedback-report, an ARF complaint;
    /// message/disposition-notification, a read receipt).
    public var reportType: String?
    /// The From field is the null sender ("MAILER DAEMON <>").
    public var hasNullSender: Bool
    /// `X-Failed-Recipients` (Exim and others add it to bounces).
    public var failedRecipients: String?
    /// `x-amz-sns-message-id`: an Amazon SNS notification sent by email.
    public var snsMessageID: String?

    public init(_ message: MailMessage) {
        let headers = message.headers
        let fromField = headers.field(.from)
        from = fromField.flatMap { MailAddress.parseList($0).first }
        replyTo = headers.field(.replyTo).flatMap { MailAddress.parseList($0).first }
        to = headers.all(.to).flatMap(MailAddress.parseList)
        cc = headers.all(.cc).flatMap(MailAddress.parseList)
        subject = headers[.subject]
        dateText = headers[.date]
        date = dateText.flatMap(MailDate.parse)
        messageID = headers.field(.messageID).flatMap { Self.messageIDs($0.rawValue).first }
        inReplyTo = headers.all(.inReplyTo).flatMap { Self.messageIDs($0.rawValue) }
        references = headers.all(.references).flatMap { Self.messageIDs($0.rawValue) }
        autoSubmitted = headers[.autoSubmitted]?.trimmingSpaces()
        precedence = headers[.precedence]?.trimmingSpaces()
        listID = headers[.listID]?.trimmingSpaces()
        var autoReply: [String: String] = [:]
        for name in Self.autoReplyNames {
            if let value = headers[name] { autoReply[name.name] = value.trimmingSpaces() }
        }
        autoReplyHeaders = autoReply
        returnPath = headers[.returnPath]?.trimmingSpaces()
        authenticationResults = headers[.authenticationResults]
        // The declared type: a report whose body lost its delimiters is still a report.
        let declared = headers.field(.contentType).map { HeaderParameters.parse($0.rawValue[...]) }
        isDeliveryReport =
            (declared?.value == "multipart/report" && declared?["report-type"]?.lowercased() == "delivery-status")
            || message.parts.contains { $0.mimeType == "message/delivery-status" && $0.depth <= 2 }
        if declared?.value == "multipart/report" {
            reportType = declared?["report-type"]?.trimmingSpaces().lowercased() ?? "report"
        } else {
            // Only parts of type message/… can be one (a byte test before the hashed one).
            reportType =
                message.parts.first { part in
                    part.depth <= 2 && part.mimeType.utf8.first == 0x6D && Self.reportParts.contains(part.mimeType)
                }?.mimeType
        }
        hasNullSender = from == nil && fromField.map { Self.isNullAddress($0.rawValue[...]) } == true
        failedRecipients = headers[.failedRecipients]?.trimmingSpaces()
        snsMessageID = headers[.snsMessageID]?.trimmingSpaces()
    }

    /// The headers only a machine's answer carries, in the order they are reported: the vendors'
    /// auto-reply headers, then those of challenge-response services, which hold a stranger's
    /// mail and answer it with "confirm you are a person" (Bluebottle).
    static let autoReplyHeaderNames = [
        "x-autoreply", "x-autorespond", "x-auto-response-suppress", "x-bluebottle-request",
    ]

    private static let autoReplyNames = autoReplyHeaderNames.map(HeaderName.init)

    private static let reportParts: Set<String> = [
        "message/delivery-status", "message/global-delivery-status", "message/feedback-report",
        "message/disposition-notification", "message/global-disposition-notification",
    ]

    /// "<>" or "Name <>": an address field whose only address is empty.
    static func isNullAddress(_ raw: ArraySlice<UInt8>) -> Bool {
        guard let open = raw.firstIndex(of: 0x3C), let close = raw[open...].firstIndex(of: 0x3E) else {
            return false
        }
        return trimWhitespace(raw[(open + 1)..<close]).isEmpty && !raw[close...].contains(0x40)
    }

    /// The `<…>` tokens of a Message-ID, In-Reply-To or References field, in order; a bare id
    /// without brackets (seen from broken clients) is bracketed.
    static func messageIDs(_ raw: [UInt8]) -> [String] {
        var ids: [String] = []
        var index = 0
        while index < raw.count {
            if raw[index] == 0x3C, let close = raw[index...].firstIndex(of: 0x3E) {
                let id = raw[(index + 1)..<close].filter { !Byte.isWhitespace($0) }
                if !id.isEmpty { ids.append("<" + String(decoding: id, as: UTF8.self) + ">") }
                index = close + 1
            } else {
                index += 1
            }
        }
        if ids.isEmpty {
            let bare = trimWhitespace(raw[...])
            if !bare.isEmpty, bare.contains(0x40), !bare.contains(where: { $0 == Byte.space }) {
                ids.append("<" + String(decoding: bare, as: UTF8.self) + ">")
            }
        }
        return ids
    }
}

/// RFC 5322 dates, with the obsolete forms mail still carries: two-digit years, named zones,
/// missing seconds or weekday, extra white space and comments.
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    static func parse(_ text: String) -> Date? {
        var text = text
        // ASCII without carriage returns (almost every Date field): read as bytes.
        if let fields = text.withUTF8({ asciiFields($0) }) { return fields.flatMap(date) }
        return fields(characterTokens(text)).flatMap(date)
    }

    /// The parts of a date, before they are checked and counted.
    struct Fields: Equatable {
        var day: Int
        var monthIndex: Int
        var year: Int
        var time: [Int]
        var offsetSeconds: Int
    }

    /// The fields of String words (the path for text that is not plain ASCII, and the reference
    /// of the byte path).
    static func fields(_ words: [String]) -> Fields? {
        var tokens = words
        if let first = tokens.first, first.count == 3, Int(first) == nil, !months.contains(first) {
            tokens.removeFirst()  // the weekday
        }
        guard tokens.count >= 4, let day = Int(tokens[0]),
            let monthIndex = months.firstIndex(of: String(tokens[1].prefix(3))),
            var year = Int(tokens[2])
        else { return nil }
        if year < 50 {
            year += 2000
        } else if year < 1000 {
            year += 1900
        }
        let time = tokens[3].split(separator: ":").compactMap { Int($0) }
        var offsetSeconds = 0
        if tokens.count >= 5 {
            let zone = tokens[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offsetSeconds = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            } else if let hours = zones[zone] {
                offsetSeconds = hours * 3600
            }
        }
        return Fields(day: day, monthIndex: monthIndex, year: year, time: time, offsetSeconds: offsetSeconds)
    }

    /// ``fields(_:)`` of ``asciiTokens(_:)``, read from the bytes without making a String a
    /// word; nil when the text is not ASCII without carriage returns (the String path's), and
    /// `.some(nil)` when it is but holds no date.
    static func asciiFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Fields?? {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
        // The first six words (at most one weekday and five fields are read) and their count.
        var words: [Range<Int>] = []
        words.reserveCapacity(6)
        var depth = 0
        var wordStart: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == 0x28 {
                // A comment inside a word joins its two halves ("12(x)34" is "1234"): the
                // String path's, which a range cannot hold.
                if depth == 0, wordStart != nil { return nil }
                depth += 1
            }
            if depth > 0 {
                if byte == 0x29 { depth -= 1 }
                continue
            }
            if byte == 0x20 || byte == 0x2C || byte == 0x09 || byte == 0x0A {
                if let start = wordStart, words.count < 6 { words.append(start..<index) }
                wordStart = nil
            } else if wordStart == nil {
                wordStart = index
            }
        }
        if let start = wordStart, words.count < 6 { words.append(start..<bytes.count) }
        func word(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

        if let first = words.first, first.count == 3, integer(word(first)) == nil, monthIndex(word(first)) == nil {
            words.removeFirst()
        }
        guard words.count >= 4, let day = integer(word(words[0])),
            words[1].count >= 3, let monthIndex = monthIndex(word(words[1].prefix(3))),
            var year = integer(word(words[2]))
        else { return .some(nil) }
        if year < 50 {
            year += 2000
        } else if year < 1000 {
            year += 1900
        }
        let time = word(words[3]).split(separator: 0x3A).compactMap { integer(UnsafeBufferPointer(rebasing: $0)) }
        var offsetSeconds = 0
        if words.count >= 5 {
            let zone = word(words[4])
            if let sign = zone.first, sign == 0x2B || sign == 0x2D, zone.count == 5,
                let value = integer(UnsafeBufferPointer(rebasing: zone.dropFirst()))
            {
                offsetSeconds = (value / 100 * 3600 + value % 100 * 60) * (sign == 0x2D ? -1 : 1)
            } else if let hours = zoneHours(zone) {
                offsetSeconds = hours * 3600
            }
        }
        return Fields(day: day, monthIndex: monthIndex, year: year, time: time, offsetSeconds: offsetSeconds)
    }

    /// `Int(String)` of ASCII bytes, lower case: an optional sign, then decimal digits only.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == 0x2B || sign == 0x2D {
            negative = sign == 0x2D
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(byte - 0x30)
            let (sum, overflowSum) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflowTimes || overflowSum { return nil }
            value = sum
        }
        return value
    }

    /// The bytes of the month names and of the named zones, lower case.
    private static let monthBytes = months.map { Array($0.utf8) }
    private static let zoneBytes = zones.map { (Array($0.key.utf8), $0.value) }

    private static func monthIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        monthBytes.firstIndex { $0.elementsEqual(bytes.lazy.map(ASCII.lowercased)) }
    }

    private static func zoneHours(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        zoneBytes.first { $0.0.elementsEqual(bytes.lazy.map(ASCII.lowercased)) }?.1
    }

    /// The date the fields name, or nil when they name none.
    static func date(_ fields: Fields) -> Date? {
        let (day, monthIndex, year, time) = (fields.day, fields.monthIndex, fields.year, fields.time)
        guard time.count >= 2, (0...23).contains(time[0]), (0...59).contains(time[1]), (1...31).contains(day) else {
            return nil
        }
        let offsetSeconds = fields.offsetSeconds
        let second = time.count > 2 ? time[2] : 0
        // A valid Gregorian date after the 1582 reform is counted directly; anything else
        // (Julian-era years, a day past the month's end, leap seconds) goes through Calendar.
        if (1583...9999).contains(year), (0...59).contains(second), day <= daysIn(month: monthIndex + 1, year: year) {
            let days = daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
            let seconds = days * 86_400 + time[0] * 3_600 + time[1] * 60 + second
            return Date(timeIntervalSince1970: TimeInterval(seconds)).addingTimeInterval(TimeInterval(-offsetSeconds))
        }
        var components = DateComponents()
        components.year = year
        components.month = monthIndex + 1
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time.count > 2 ? time[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    static func characterTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for character in text.lowercased() {
            if character == "(" { depth += 1 }
            if depth > 0 {
                if character == ")" { depth -= 1 }
                continue
            }
            if character == " " || character == "," || character == "\t" || character == "\r" || character == "\n" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
