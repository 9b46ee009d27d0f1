import Foundation
import PeeringModel
import Testing

@testable import Intake

/// The byte-level fast paths of extraction give exactly what the general (String) paths give:
/// each is compared with its reference on crafted and seeded random input.
@Suite struct FastPathEquivalenceTests {
    /// A small deterministic generator (tests must not depend on the run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        /// Up to `count - 1` pieces drawn at random, joined.
        mutating func string(from pieces: [String], upTo count: Int) -> String {
            var text = ""
            for _ in 0..<next(count) { text += pieces[next(pieces.count)] }
            return text
        }

        /// ``string(from:upTo:)`` as UTF-8.
        mutating func text(from pieces: [String], upTo count: Int) -> [UInt8] {
            Array(string(from: pieces, upTo: count).utf8)
        }
    }

    static let crafted: [String] = [
        "AWS Account ID", "**AWS Account ID**", "1. VPC CIDR(s)", "  - Region:", "a) Cluster ID", "12) Role ARN",
        "> | VPC ID |", "VPC   ID", "Your AWS account ID", "the vpc id", "CIDR (optional)", "((s)s) cidr",
        "(required)Region", "1.2. region", "1.region", "...", "- - - account", ". account", "x.", "ab) vpc",
        "customer external aws account id", "AWS account ID (12 digits)", "", " ", "*", "(s)",
        "PeerRole ARN (stack output)",
        "ACCOUNT #", "Account no.", "vpc-id", "astro cluster id (cuid)",
    ]

    @Test func labelNormalizationMatchesTheStringPath() {
        var generator = Generator(state: 7)
        let alphabet = Array("abcvpidrgonACVPIDR  *().-+>|:=s#1297_".utf8)
        var inputs = Self.crafted.map { Array($0.utf8) }
        for _ in 0..<5000 {
            inputs.append((0..<generator.next(24)).map { _ in alphabet[generator.next(alphabet.count)] })
        }
        // Text with other characters (bullets, accents, combining marks, Arabic-Indic digits)
        // takes the String path, after a cheap refusal that must not refuse a label.
        let pieces = ["•", "é", "\u{301}", "١", ".", ")", " ", "VPC ID", "Region", ":", "*", "(s)", "1", "a", "д"]
        for _ in 0..<5000 {
            inputs.append(generator.text(from: pieces, upTo: 8))
        }
        // Text in other languages that ends in ASCII or an accented letter is refused by its
        // last word before the String path: labels in every language, glued prefixes ("l'")
        // and Japanese joins must get through.
        let words = [
            "l'", "account", "dell'", "Região", "RÉGION", "région", "アカウント", "ID", "id", " ", "de", "vpc", "numéro",
            "Konto-ID", "-", "cuenta", "•", "*", "é", "(s)", "Cluster", ":", "xid", "AWS", "\r", "リージョン",
        ]
        for _ in 0..<5000 {
            inputs.append(generator.text(from: words, upTo: 6))
        }
        inputs += [
            "• Región", "l'account", "Numéro de compte AWS:", "AWSアカウントID", "ID dell'account*", "•-account",
            "Région de la VPC é", "•ID du clusté", "• VPC ID\r",
        ].map { Array($0.utf8) }
        inputs += ["• VPC ID", "١. Region", "é) Cluster ID", "a) • AWS account ID:", "VPC ID é", "Region\u{301}"].map {
            Array($0.utf8)
        }
        for input in inputs {
            let fast = Labels.normalize(input[...])
            let reference = Labels.normalizeText(input[...])
            #expect(fast == reference, "\(String(decoding: input, as: UTF8.self).debugDescription)")
            let meaning = Labels.meaning(of: input[...])
            let expected = Labels.meaning(normalized: reference)
            #expect(meaning?.0 == expected?.0 && meaning?.1 == expected?.1, "\(reference.debugDescription)")
        }
    }

    /// The noise words go from the folded bytes as Foundation's `replacingOccurrences` removed
    /// them, once a word, left to right.
    @Test func noiseWordsAreRemovedAsFoundationRemovedThem() {
        var generator = Generator(state: 13)
        let pieces = [
            "(s)", "(optional)", "(required)", "(", ")", "s", "é", "索尼", "(sony)", "∑ f(i)", " ", "vpc id", "((s)s)",
            "(opt", "ional)", "\u{301}", "•", "frösche (outlook)", "cidr", "(s", ")s", "1.", "\r",
        ]
        var inputs: [[UInt8]] = [
            "die hasen und die frösche (microsoft outlook 00)", "索尼(sony)", "a.详述hdd(硬碟)的介面(ide)", "région(s)",
            "• vpc cidr(s)", "cidr (optional) é", "((s)s) région", "(s)\u{301}", "é(optional)",
        ].map { Array($0.utf8) }
        for _ in 0..<5000 { inputs.append(generator.text(from: pieces, upTo: 7)) }
        for input in inputs {
            var expected = String(decoding: input, as: UTF8.self)
            for noise in ["(s)", "(optional)", "(required)"] {
                expected = expected.replacingOccurrences(of: noise, with: "")
            }
            #expect(
                Labels.withoutNoise(input) == expected,
                "\(String(decoding: input, as: UTF8.self).debugDescription)"
            )
        }
    }

    @Test func textLongerThanALabelCanBeIsNoLabel() {
        let padded = "VPC ID" + String(repeating: "*", count: Labels.maximumLabelBytes - 6)
        #expect(Labels.meaning(of: Array(padded.utf8)[...])?.0 == .field(.vpcID))
        #expect(Labels.meaning(of: Array((padded + "*").utf8)[...]) == nil)
        let paragraph = String(repeating: "Région de la VPC où nous déployons ", count: 10) + "region"
        #expect(Labels.meaning(of: Array(paragraph.utf8)[...]) == nil)
    }

    /// The scalar-by-scalar clean-up that TextCleanup.clean replaced.
    static func referenceClean(_ text: String) -> [UInt8] {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0D, 0x200B...0x200F, 0x2060...0x2064, 0x2066...0x2069, 0x202A...0x202E, 0xFEFF, 0x00AD, 0x180E,
                0x034F:
                continue
            case 0x09: output += "  "
            case 0x60, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: output += " "
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2039, 0x203A: output += "'"
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB, 0x300C...0x300F, 0x301D...0x301F:
                output += "\""
            case 0x3010, 0x3014, 0x3016, 0x3018, 0x301A: output += "["
            case 0x3011, 0x3015, 0x3017, 0x3019, 0x301B: output += "]"
            case 0x3008, 0x300A: output += "<"
            case 0x3009, 0x300B: output += ">"
            case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: output += "-"
            case 0x3002, 0xFF61, 0x2026: output += "."
            case 0x3001, 0xFF64: output += ","
            case 0x2044, 0x2215: output += "/"
            case 0xFF01...0xFF5E:
                output.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
            default: output.unicodeScalars.append(scalar)
            }
        }
        return Array(output.utf8)
    }

    @Test func textCleanupMatchesTheScalarPath() {
        var generator = FastPathEquivalenceTests.Generator(state: 11)
        let scalars: [Unicode.Scalar] = [
            "a", "Z", " ", "\t", "\r", "\n", "`", ":", "\u{A0}", "\u{AD}", "\u{200B}", "\u{2019}", "\u{201C}",
            "\u{2013}",
            "\u{2212}", "\u{FF1A}", "\u{3000}", "\u{E9}", "\u{301}", "\u{4E2D}", "\u{1F600}", "\u{FEFF}", "\u{2033}",
            "\u{200E}", "\u{2063}", "\u{300C}", "\u{3011}", "\u{FF11}", "\u{FF5E}", "\u{FF5F}", "\u{2026}", "\u{3002}",
            "\u{2215}", "\u{34F}", "\u{2039}",
        ]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<generator.next(40) { text.unicodeScalars.append(scalars[generator.next(scalars.count)]) }
            #expect(TextCleanup.clean(text) == Self.referenceClean(text), "\(text.debugDescription)")
        }
        // Mostly ASCII, as mail is: eight bytes at a time until a byte that changes or is not
        // ASCII, at every offset.
        let plain = Array("abcdefgh0123 :-/.,XYZ".unicodeScalars)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<generator.next(200) {
                let pool = generator.next(10) == 0 ? scalars : plain
                text.unicodeScalars.append(pool[generator.next(pool.count)])
            }
            #expect(TextCleanup.clean(text) == Self.referenceClean(text), "\(text.debugDescription)")
        }
    }

    /// The String-based attribution test that LineZones.startsHistory replaced.
    static func referenceStartsHistory(_ lines: [ArraySlice<UInt8>], at index: Int) -> Bool {
        let line = LineZones.lower(LineZones.trimSpaces(lines[index]))
        if line.hasPrefix("on "), line.hasSuffix("wrote:") || line.hasSuffix("a écrit :") || line.hasSuffix("schrieb:")
        {
            return true
        }
        if line.hasPrefix("on "), index + 1 < lines.count,
            LineZones.lower(LineZones.trimSpaces(lines[index + 1])).hasSuffix("wrote:")
        {
            return true
        }
        if line.hasPrefix("-----original message-----") || line.hasPrefix("----- original message -----")
            || line.hasPrefix("begin forwarded message") || line.hasPrefix("---------- forwarded message")
            || line.hasPrefix("-------- forwarded message") || line.hasPrefix("-------- original message")
        {
            return true
        }
        if line.count >= 20, line.allSatisfy({ $0 == "_" }) { return true }
        if line.hasPrefix("from:") {
            for next in (index + 1)..<min(index + 4, lines.count) {
                let following = LineZones.lower(LineZones.trimSpaces(lines[next]))
                if following.hasPrefix("sent:") || following.hasPrefix("date:") { return true }
            }
        }
        return false
    }

    @Test func historyDetectionMatchesTheStringPath() {
        let text = """
            On Tue, Nov 24, 2026 at 9:12 AM Astro Support <support@astronomer.example> wrote:
            ON MON, someone
            WROTE:
            Le lun. 23 nov. 2026, Ana a écrit :
            Am Montag schrieb:
            -----Original Message-----
            ----- Original Message -----
            Begin forwarded message:
            ---------- Forwarded message ---------
            -------- Forwarded Message --------
            -------- Original Message --------
            ____________________________________
            ___________________
            From: Astro Support
            Sent: Monday
            From: x
            a
            b
            c
            Date: today
            on \u{E9}t\u{E9} wrote:
            on x
            \u{600}wrote:
            From:\u{301}
            Date:
              on  spaced wrote:
            other text
            """
        let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        for index in lines.indices {
            #expect(
                LineZones.startsHistory(lines, at: index) == Self.referenceStartsHistory(lines, at: index),
                "line \(index + 1): \(String(decoding: lines[index], as: UTF8.self))"
            )
        }
    }
}

/// Dates counted directly give what Calendar gives.
@Suite struct MailDateFastPathTests {
    @Test func directCountMatchesCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        for year in [1583, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2024, 2026, 2100, 2400, 9999] {
            for month in 1...12 {
                for day in [1, 15, 28, MailDate.daysIn(month: month, year: year)] {
                    var components = DateComponents()
                    components.year = year
                    components.month = month
                    components.day = day
                    let expected = try #require(calendar.date(from: components))
                    let seconds = MailDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400
                    #expect(Date(timeIntervalSince1970: TimeInterval(seconds)) == expected, "\(year)-\(month)-\(day)")
                }
            }
        }
    }

    /// The String words of ASCII text that `MailDate.asciiFields` replaced: lower-cased words,
    /// with comments in parentheses and the separators (space, comma, tab, line ends) dropped.
    static func referenceASCIITokens(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            var tokens: [String] = []
            var depth = 0
            var word: [UInt8] = []
            for byte in bytes {
                if byte == 0x28 { depth += 1 }
                if depth > 0 {
                    if byte == 0x29 { depth -= 1 }
                    continue
                }
                if byte == 0x20 || byte == 0x2C || byte == 0x09 || byte == 0x0A {
                    if !word.isEmpty { tokens.append(String(decoding: word, as: UTF8.self)) }
                    word.removeAll(keepingCapacity: true)
                } else {
                    word.append(ASCII.lowercased(byte))
                }
            }
            if !word.isEmpty { tokens.append(String(decoding: word, as: UTF8.self)) }
            return tokens
        }
    }

    @Test func datesReadFromBytesAreThoseOfTheWords() {
        var generator = FastPathEquivalenceTests.Generator(state: 17)
        let pieces = [
            "Tue", "tue,", "Mon", "24", "7", "+5", "-3", "00", "Nov", "NOV", "november", "no", "jan", "Feb", "2026",
            "99",
            "49", "1582", "10000", "09:12", "09:12:00", "23:59:60", "24:00", "9::5", "+0100", "-0830", "+-100", "GMT",
            "pst", "UT", "z", "(UTC)", "(a (b) c)", "(", ")", " ", "  ", ",", "\t", "\n", "x", "99999999999999999999",
            "\r", "é",
        ]
        var texts = [
            "Tue, 24 Nov 2026 09:12:00 +0000", "24 Nov 2026 10:12 +0100 (CET)", "12(x)34 Nov 2026 10:00",
            "Tue, 24 Nov 26 09:12 EST", "24-Nov-2026", "",
        ]
        for _ in 0..<20_000 {
            texts.append(generator.string(from: pieces, upTo: 9))
        }
        for text in texts {
            let words = Self.referenceASCIITokens(text) ?? MailDate.characterTokens(text)
            let expected = MailDate.fields(words).flatMap(MailDate.date)
            #expect(MailDate.parse(text) == expected, "\(text.debugDescription)")
            var copy = text
            if let fromBytes = copy.withUTF8({ MailDate.asciiFields($0) }) {
                #expect(fromBytes == MailDate.fields(words), "\(text.debugDescription)")
            }
        }
    }

    @Test func parsedDatesMatchCalendar() throws {
        #expect(MailDate.parse("Tue, 24 Nov 2026 09:12:00 +0000") == Date(timeIntervalSince1970: 1_795_511_520))
        #expect(MailDate.parse("24 Nov 2026 10:12 +0100") == Date(timeIntervalSince1970: 1_795_511_520))
    }
}

/// Header parameters read from slices of the field give what the copying parser gave.
@Suite struct HeaderParametersFastPathTests {
    /// `HeaderParameters.parse` before plain values were decoded from slices of the field and
    /// names lower-cased byte by byte (the RFC 2231 sections are merged by the same code).
    static func referenceParse(_ raw: ArraySlice<UInt8>) -> HeaderParameters {
        var index = raw.startIndex
        let end = raw.endIndex
        HeaderParameters.skipWhitespaceAndComments(raw, &index)
        let valueStart = index
        while index < end, raw[index] != Byte.semicolon { index += 1 }
        var value = String(decoding: trimWhitespace(raw[valueStart..<index]), as: UTF8.self).lowercased()
        // A "(" Character needs a "(" byte; most values have none, and the Character search is slow.
        if value.containsByte(0x28), let paren = value.firstIndex(of: "(") {
            value = String(value[..<paren]).trimmingSpaces()
        }

        // name → (section → (text, isExtended)); sections merged afterwards.
        var sections: [String: [Int: (text: [UInt8], extended: Bool)]] = [:]
        var plain: [String: [UInt8]] = [:]
        while index < end {
            index += 1  // the ';'
            HeaderParameters.skipWhitespaceAndComments(raw, &index)
            let nameStart = index
            while index < end, raw[index] != Byte.equals, raw[index] != Byte.semicolon { index += 1 }
            let fullName = String(decoding: trimWhitespace(raw[nameStart..<index]), as: UTF8.self).lowercased()
            guard index < end, raw[index] == Byte.equals, !fullName.isEmpty else { continue }
            index += 1
            HeaderParameters.skipWhitespaceAndComments(raw, &index)
            var text: [UInt8] = []
            if index < end, raw[index] == Byte.quote {
                index += 1
                while index < end, raw[index] != Byte.quote {
                    if raw[index] == Byte.backslash, index + 1 < end { index += 1 }
                    text.append(raw[index])
                    index += 1
                }
                index = min(index + 1, end)
                while index < end, raw[index] != Byte.semicolon { index += 1 }
            } else {
                let textStart = index
                while index < end, raw[index] != Byte.semicolon { index += 1 }
                text = Array(trimWhitespace(raw[textStart..<index]))
            }
            // RFC 2231: name*, name*N, name*N* (a name without a "*" byte has no "*" Character).
            guard fullName.containsByte(0x2A) else {
                plain[fullName] = text
                continue
            }
            let parts = fullName.split(separator: "*", omittingEmptySubsequences: false)
            if parts.count == 1 {
                plain[fullName] = text
            } else {
                let base = String(parts[0])
                let extended = fullName.hasSuffix("*")
                let section = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
                sections[base, default: [:]][section] = (text, extended)
            }
        }

        var parameters: [String: String] = [:]
        for (name, bytes) in plain {
            parameters[name] = EncodedWords.decode(bytes[...])
        }
        HeaderParameters.merge(sections, into: &parameters)
        return HeaderParameters(value: value, parameters: parameters)
    }

    @Test func parametersAreThoseOfTheCopyingParser() {
        var generator = FastPathEquivalenceTests.Generator(state: 19)
        let pieces = [
            "text/plain", "Multipart/Mixed", "; ", ";", "charset=", "CHARSET=", "\"utf-8\"", "utf-8", "boundary=",
            "\"b\\\"q\"", "\"a\\", "name", "*", "*0", "*1*", "=", "'", "en", "%41", "%e9", "\"=?UTF-8?Q?r=C3=A9?=\"",
            " ", "\t", "(c)", "(", ")", "Ünï", "x", "\"", "\\", "filename*0*=utf-8''a%20b", "filename*1=c",
            "name=\"a\"", "name*=iso-8859-1''%E9",
        ]
        var inputs = [
            "text/plain; charset=utf-8", "multipart/mixed; boundary=\"=_b\"",
            "attachment; filename*=utf-8''r%C3%A9.txt",
            "attachment; filename=\"a\\\"b.txt\"; name=\"c\"", "text/html (comment); charset=\"us-ascii\"",
        ]
        for _ in 0..<20_000 {
            inputs.append(generator.string(from: pieces, upTo: 10))
        }
        for input in inputs {
            let bytes = Array(input.utf8)[...]
            #expect(HeaderParameters.parse(bytes) == Self.referenceParse(bytes), "\(input.debugDescription)")
        }
    }
}

/// Export columns: names normalized byte by byte, and Google Forms timestamps read directly,
/// give what the String and DateFormatter paths give.
@Suite struct ExportFastPathTests {
    static func referenceNormalize(_ key: String) -> String {
        let spaced = key.lowercased().map { "_-.".contains($0) ? " " : $0 }
        var result = String(spaced).split(separator: " ").joined(separator: " ")
        while let last = result.last, last == "?" || last == ":" || last == "*" { result.removeLast() }
        return result
    }

    static func referenceParseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        for format in [
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "M/d/yyyy H:mm:ss",
            "yyyy-MM-dd",
        ] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return MailDate.parse(text)
    }

    @Test func columnNames() {
        for key in [
            "AWS account ID", "requester.email", "Which AWS region is the VPC in?", "  Name ?", "_a__b-.c:",
            "custom_fields.360001",
            "Anything else?*:", "E-mail", "", "...", "Tab\tkey", "Crème brûlée", "x\r\ny",
        ] {
            #expect(ExportMapper.normalize(key) == Self.referenceNormalize(key), "\(key.debugDescription)")
        }
    }

    @Test func formsTimestamps() {
        #expect(!DateFormatter().isLenient, "the shortcut relies on DateFormatter not being lenient")
        for text in [
            "11/24/2026 9:12:00", "1/1/2026 1:00:00", "01/02/2026 09:05:07", "12/31/1999 23:59:59",
            "2/29/2024 12:00:00",
            "2/29/2023 12:00:00", "13/1/2026 1:00:00", "11/31/2026 1:00:00", "11/24/2026 24:00:00",
            "11/24/1500 1:00:00",
            "11/24/26 9:12:00", "11/24/2026 9:12", "11/24/2026  9:12:00", "111/24/2026 9:12:00", "2026-11-24T15:00:00Z",
            "2026-11-24 15:00:00", "2026-11-24", "Tue, 24 Nov 2026 09:12:00 +0000", "11/24/2026 9:12:00 ",
        ] {
            #expect(ExportMapper.parseDate(text) == Self.referenceParseDate(text), "\(text)")
        }
    }
}

/// The length refusal before a region lookup never refuses a text the table can match.
@Suite struct RegionRefusalTests {
    @Test func everyCodeAndNameStillLooksUp() {
        let table = RegionTable.standard
        for region in table.regions {
            for text in [
                "\(region.code) (\(region.name))", "\(region.name) - \(region.code)", region.name, region.code,
            ] {
                let padded = Array(
                    (String(repeating: " ", count: 150) + text + String(repeating: ".", count: 150)).utf8
                )
                #expect(!FieldExtractor.cannotBeRegion(padded[...], table), "\(text)")
            }
        }
        let long = Array(String(repeating: "region: eu-west-1, vpc = vpc-0a1b2c3d; ", count: 50).utf8)
        #expect(FieldExtractor.cannotBeRegion(long[...], table))
    }
}

/// Prose naming a 12-digit number as the account: the byte comparison answers as the String one.
@Suite struct ProseAccountLabelTests {
    static func reference(_ line: ArraySlice<UInt8>, before position: Int) -> String? {
        let start = max(line.startIndex, position - 40)
        var text = LineZones.lower(line[start..<position])
        while let last = text.last, " :#=-".contains(last) { text.removeLast() }
        if text.hasSuffix(" is") { text.removeLast(3) }
        while let last = text.last, " :#=-".contains(last) { text.removeLast() }
        for phrase in ["account id", "account number", "account no", "account", "acct id", "acct"] {
            if text == phrase || text.hasSuffix(" " + phrase) || text.hasSuffix("(" + phrase) { return phrase }
        }
        return nil
    }

    @Test func matchesTheStringPath() {
        for prefix in [
            "Our AWS account is ", "account: ", "Account ID = ", "(acct ", "the Account Number is - ", "myaccount ",
            "ACCT ID#", "account no.", "this is ", "is ", "", "account is is ",
            "a very long sentence about the account id is ",
            "x(account)", "Acct-", "our account  :  ", "account\u{E9} ", "\u{E9} account ",
        ] {
            let line = Array((prefix + "123456789012").utf8)[...]
            let position = line.endIndex - 12
            #expect(
                FieldExtractor.proseAccountLabel(line, before: position) == Self.reference(line, before: position),
                "\(prefix)"
            )
        }
    }
}

/// Windows-1252 decoded from the table gives what glibc's converter gives, byte for byte.
@Suite struct Windows1252Tests {
    @Test func everyByteAndRandomTextMatchIconv() throws {
        var inputs: [[UInt8]] = (0...255).map { [UInt8($0)] }
        var generator = FastPathEquivalenceTests.Generator(state: 3)
        for _ in 0..<500 { inputs.append((0..<generator.next(64)).map { _ in UInt8(generator.next(256)) }) }
        for input in inputs {
            let native = Charset.decodeWindows1252(input[...], charset: "windows-1252")
            let iconv = try #require(Charset.iconvDecode(input[...], name: "CP1252", charset: "windows-1252"))
            #expect(native == iconv, "\(input)")
        }
    }

    /// The String comparison that `LineZones.isSignOff` replaced, for lines it lets through
    /// (ASCII letters, spaces, "!", ",", "." and at most 24 bytes).
    static func referenceSignOff(_ line: ArraySlice<UInt8>) -> Bool {
        let signOffs: Set<String> = [
            "thanks", "thanks!", "thank you", "thank you!", "thanks in advance", "many thanks", "regards",
            "best regards", "kind regards", "warm regards", "best", "cheers", "br", "sincerely", "thx", "all the best",
        ]
        var text = String(decoding: line, as: UTF8.self).lowercased()
        while let last = text.last, last == "," || last == "." || last == "!" { text.removeLast() }
        return signOffs.contains(text)
    }

    @Test func signOffsAreThoseOfTheStringComparison() {
        var generator = FastPathEquivalenceTests.Generator(state: 37)
        let pieces = [
            "Thanks", "thank you", "!", ",", ".", " ", "Best", "regards", "BR", "br", "x", "Cheers", "All the",
        ]
        var lines = ["", "b", "Thanks!", "Best regards,", "KIND REGARDS.", "thx!!", "Thanks in advance", "brr"]
        for _ in 0..<5000 {
            lines.append(generator.string(from: pieces, upTo: 4))
        }
        for line in lines where line.utf8.count <= 24 {
            let bytes = Array(line.utf8)[...]
            #expect(LineZones.isSignOff(bytes) == Self.referenceSignOff(bytes), "\(line.debugDescription)")
        }
    }

    @Test func validUTF8IsStringValidating() {
        var generator = FastPathEquivalenceTests.Generator(state: 29)
        let alphabet: [UInt8] = [0x41, 0x20, 0x7F, 0x00, 0xC3, 0xA9, 0xE2, 0x80, 0xA2, 0xFF, 0xF0, 0x9F, 0x98]
        for _ in 0..<5000 {
            let ascii = generator.next(2) == 0
            let bytes = (0..<generator.next(30)).map { _ in
                ascii ? UInt8(generator.next(128)) : alphabet[generator.next(alphabet.count)]
            }
            let offset = bytes.isEmpty ? 0 : generator.next(bytes.count)
            let slice = bytes[offset...]
            #expect(validUTF8(slice) == String(validating: slice, as: UTF8.self), "\(bytes) from \(offset)")
        }
    }

    /// The byte-by-byte line end search that `lineBounds` replaced (memchr).
    static func referenceLineBounds(_ bytes: [UInt8], from start: Int, limit: Int) -> (Int, Int) {
        var index = start
        while index < limit {
            if bytes[index] == 0x0A { return (index, index + 1) }
            if bytes[index] == 0x0D {
                return (index, index + 1 < limit && bytes[index + 1] == 0x0A ? index + 2 : index + 1)
            }
            index += 1
        }
        return (limit, limit)
    }

    @Test func lineEndsAreThoseOfTheByteSearch() {
        var generator = FastPathEquivalenceTests.Generator(state: 23)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x41, 0x20, 0x3A, 0x0D, 0x0A, 0x62, 0x80, 0x00]
        for _ in 0..<3000 {
            let bytes = (0..<generator.next(40)).map { _ in alphabet[generator.next(alphabet.count)] }
            let limit = bytes.isEmpty ? 0 : generator.next(bytes.count + 1)
            let start = limit == 0 ? 0 : generator.next(limit + 1)
            let fast = bytes.lineBounds(from: start, limit: limit)
            let reference = Self.referenceLineBounds(bytes, from: start, limit: limit)
            #expect(fast.contentEnd == reference.0 && fast.next == reference.1, "\(bytes) \(start)..<\(limit)")
        }
    }

    /// The line-by-line delimiter search that MIMEParser.splitMultipart replaced (memmem).
    static func referenceSplit(_ bytes: [UInt8], from start: Int, to end: Int, boundary: [UInt8]) -> [Range<Int>] {
        func lineBreakStart(_ lineStart: Int, floor: Int) -> Int {
            var index = lineStart
            if index > floor, bytes[index - 1] == 0x0A { index -= 1 }
            if index > floor, bytes[index - 1] == 0x0D { index -= 1 }
            return index
        }
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var lineStart = start
        while lineStart < end {
            let (contentEnd, next) = bytes.lineBounds(from: lineStart, limit: end)
            if contentEnd - lineStart >= boundary.count + 2, bytes[lineStart] == 0x2D, bytes[lineStart + 1] == 0x2D,
                bytes[(lineStart + 2)..<(lineStart + 2 + boundary.count)].elementsEqual(boundary)
            {
                var after = lineStart + 2 + boundary.count
                var isClose = false
                if after + 2 <= contentEnd, bytes[after] == 0x2D, bytes[after + 1] == 0x2D {
                    isClose = true
                    after += 2
                }
                if bytes[after..<contentEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if let open = partStart { ranges.append(open..<lineBreakStart(lineStart, floor: open)) }
                    if isClose { return ranges }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let open = partStart, open <= end { ranges.append(open..<end) }
        return ranges
    }

    @Test func multipartSplitMatchesTheLineByLineSearch() {
        var generator = FastPathEquivalenceTests.Generator(state: 11)
        let pieces = ["--", "b", "--b", "--bc", "\r\n", "\n", "\r", " ", "\t", "x", "-", "--b--", "\r\n--b\r\n"]
        var inputs = [
            "--b\r\none\r\n--b\r\ntwo\r\n--b--\r\n", "pre\n--b\n1\n--bc\n--b \t\n2\r--b--", "x --b\n--b", "--b",
            "--b\r\n\r\n--b--", "\r--b\rA\r--b--\r", "--b--", "--bb\n--b\n",
        ].map { Array($0.utf8) }
        for _ in 0..<20000 {
            inputs.append(generator.text(from: pieces, upTo: 14))
        }
        for input in inputs {
            for boundary in ["b", "bc", "b\r"] {
                let start = input.isEmpty ? 0 : generator.next(min(3, input.count))
                let end = max(start, input.count - generator.next(2))
                let fast = MIMEParser.splitMultipart(input, from: start, to: end, boundary: Array(boundary.utf8))
                let reference = Self.referenceSplit(input, from: start, to: end, boundary: Array(boundary.utf8))
                #expect(
                    fast == reference,
                    "\(String(decoding: input, as: UTF8.self).debugDescription) \(start)..<\(end)"
                )
            }
        }
    }
}

/// glibc unloads a converter's module when its last descriptor closes; intake keeps one open per
/// converter, so a batch does not map and unmap the module for every part in that charset.
@Suite struct ConverterModuleTests {
    @Test func aConvertersModuleStaysLoadedAfterADecode() throws {
        let koi8 = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4][...].map { UInt8($0) }  // "Привет"
        let decoded = Charset.decode(koi8[...], label: "koi8-r")
        #expect(decoded.text == "Привет")
        // glibc unloads an unused module after two later releases of converters: decode others.
        for _ in 0..<4 {
            _ = Charset.decode([0xB1, 0xE6][...], label: "iso-8859-2")
            _ = Charset.decode([0x82, 0xA0][...], label: "shift_jis")
            _ = Charset.decode([0xC1, 0xE1][...], label: "koi8-u")
        }
        // Read to its end (a /proc file reports no size, so a read by size stops short).
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let modules = maps.split(separator: "\n").filter { $0.contains("gconv") }.map {
            $0.split(separator: " ").last ?? ""
        }
        #expect(modules.contains { $0.hasSuffix("gconv/KOI8-R.so") }, "mapped converter modules: \(Set(modules))")
        // Held, not just opened: LeakSanitizer (the fuzz targets) reports a descriptor nothing
        // points to as a leak.
        #expect(Charset.holdsConverter("KOI8-R"))
    }
}
