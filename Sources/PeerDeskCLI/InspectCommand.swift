import ArgumentParser
import Foundation
import Intake
import PeeringModel
import Runbook

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what intake saw in a message: MIME tree, decoded text, every candidate value.",
        discussion: """
            FILE is a message (.eml), an mbox (every message in it is shown), or - for one message \
            on standard input. Nothing is written to the database.

            For each message: the headers intake keeps, the MIME parts (type, charset, file name, \
            decoded size), the text that was searched (HTML rendered, quoted-printable and base64 \
            decoded, format=flowed joined), and every candidate for the six details with where it \
            was found (part, line, label or shape rule) and why it won or lost.

            With --format json, one JSON object per message with at least the keys headers \
            (subject, from, to, date, message_id), parts (content_type, charset, filename, size), \
            text and candidates.

            A message over a limit or unreadable is reported on stderr with the reason, the other \
            messages are still shown, and the exit status is 2.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @OptionGroup var exports: ExportOptions

    @Argument(help: ArgumentHelp("A message file, an mbox, an export, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        var failed = false
        let fieldMap = try exports.loadFieldMap()
        for item in InputSource(paths: [file]) {
            switch item {
            case .failure(let error):
                Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
                failed = true
            case .success(.damaged(let origin, let reason)):
                Terminal.writeError("peerdesk: \(Terminal.sanitize(origin.description)): \(Terminal.sanitize(reason))")
                failed = true
            case .success(.record(let record)):
                let report = InspectReport(record: record, fieldMap: fieldMap)
                switch output.format {
                case .json: Terminal.write(try JSONLines.encode(report))
                case .table: Terminal.write(report.rendered())
                }
            case .success(.message(let raw)):
                do {
                    let message = try MailMessage.parse(raw.bytes)
                    let report = InspectReport(raw: raw, message: message)
                    switch output.format {
                    case .json: Terminal.write(try JSONLines.encode(report))
                    case .table: Terminal.write(report.rendered())
                    }
                } catch let error as IntakeError {
                    Terminal.writeError("peerdesk: \(raw.origin.description): \(error)")
                    failed = true
                }
            }
        }
        if failed { throw ExitCode(ExitStatus.usageOrInput.rawValue) }
    }
}

/// What `inspect` prints for one message.
struct InspectReport: Encodable {
    struct Source: Encodable {
        var kind: String
        var path: String
        var index: Int?

        enum CodingKeys: String, CodingKey { case kind, path, index }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(path, forKey: .path)
            try container.encode(index, forKey: .index)
        }
    }

    struct Headers: Encodable {
        var subject: String?
        var from: String?
        var to: String?
        var date: String?
        var messageID: String?
        var replyTo: String?
        var cc: String?
        var inReplyTo: [String]
        var references: [String]
        var autoSubmitted: String?
        var precedence: String?
        var returnPath: String?
        var authenticationResults: String?
        var isDeliveryReport: Bool

        enum CodingKeys: String, CodingKey {
            case subject, from, to, date, cc, precedence
            case messageID = "message_id"
            case replyTo = "reply_to"
            case inReplyTo = "in_reply_to"
            case references
            case autoSubmitted = "auto_submitted"
            case returnPath = "return_path"
            case authenticationResults = "authentication_results"
            case isDeliveryReport = "is_delivery_report"
        }

        /// Absent values are explicit nulls: every key is always there.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subject, forKey: .subject)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(date, forKey: .date)
            try container.encode(messageID, forKey: .messageID)
            try container.encode(replyTo, forKey: .replyTo)
            try container.encode(cc, forKey: .cc)
            try container.encode(inReplyTo, forKey: .inReplyTo)
            try container.encode(references, forKey: .references)
            try container.encode(autoSubmitted, forKey: .autoSubmitted)
            try container.encode(precedence, forKey: .precedence)
            try container.encode(returnPath, forKey: .returnPath)
            try container.encode(authenticationResults, forKey: .authenticationResults)
            try container.encode(isDeliveryReport, forKey: .isDeliveryReport)
        }
    }

    struct Part: Encodable {
        var index: Int
        var parent: Int?
        var depth: Int
        var contentType: String
        var charset: String?
        var filename: String?
        var size: Int
        var transferEncoding: String
        var disposition: String?
        var isLossy: Bool

        enum CodingKeys: String, CodingKey {
            case index, parent, depth, charset, filename, size, disposition
            case contentType = "content_type"
            case transferEncoding = "transfer_encoding"
            case isLossy = "is_lossy"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(parent, forKey: .parent)
            try container.encode(depth, forKey: .depth)
            try container.encode(contentType, forKey: .contentType)
            try container.encode(charset, forKey: .charset)
            try container.encode(filename, forKey: .filename)
            try container.encode(size, forKey: .size)
            try container.encode(transferEncoding, forKey: .transferEncoding)
            try container.encode(disposition, forKey: .disposition)
            try container.encode(isLossy, forKey: .isLossy)
        }
    }

    struct CandidateRecord: Encodable {
        var field: String
        var value: String
        var raw: String
        var part: Int
        var source: String
        var line: Int
        var rule: String
        var verdict: String
        var reason: String?

        enum CodingKeys: String, CodingKey { case field, value, raw, part, source, line, rule, verdict, reason }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(value, forKey: .value)
            try container.encode(raw, forKey: .raw)
            try container.encode(part, forKey: .part)
            try container.encode(source, forKey: .source)
            try container.encode(line, forKey: .line)
            try container.encode(rule, forKey: .rule)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(reason, forKey: .reason)
        }
    }

    var source: Source
    var headers: Headers
    var parts: [Part]
    var text: String
    var candidates: [CandidateRecord]
    var fields: [String: [String]]
    /// Values not read because their field already had `FieldExtractor.candidatesPerField`.
    var omittedCandidates = 0

    enum CodingKeys: String, CodingKey {
        case source, headers, parts, text, candidates, fields
        case omittedCandidates = "omitted_candidates"
    }

    init(raw: RawMessage, message: MailMessage) {
        let summary = MessageSummary(message)
        let root = message.headers
        let source = Source(kind: raw.origin.kind.rawValue, path: raw.origin.path, index: raw.origin.index)
        let headers = Headers(
            subject: summary.subject,
            from: root["from"],
            to: root["to"],
            date: summary.dateText,
            messageID: summary.messageID,
            replyTo: root["reply-to"],
            cc: root["cc"],
            inReplyTo: summary.inReplyTo,
            references: summary.references,
            autoSubmitted: summary.autoSubmitted,
            precedence: summary.precedence,
            returnPath: summary.returnPath,
            authenticationResults: summary.authenticationResults,
            isDeliveryReport: summary.isDeliveryReport
        )
        let parts = message.parts.map { part in
            Part(
                index: part.index,
                parent: part.parent,
                depth: part.depth,
                contentType: part.mimeType,
                charset: part.charset ?? part.contentType["charset"],
                filename: part.filename,
                size: part.size,
                transferEncoding: part.transferEncoding,
                disposition: part.disposition?.value,
                isLossy: part.isLossy
            )
        }
        self.init(sources: message.textSources, source: source, headers: headers, parts: parts)
    }

    private init(sources: [TextSource], source: Source, headers: Headers, parts: [Part]) {
        self.source = source
        self.headers = headers
        self.parts = parts
        text = sources.map { "[\($0.name)]\n\($0.text)" }.joined(separator: "\n\n")
        let extraction = FieldExtractor.extract(sources)
        omittedCandidates = extraction.omitted
        candidates = extraction.candidates.map { candidate in
            let rule: String
            switch candidate.rule {
            case .label(let label): rule = "label: \(label)"
            case .shape: rule = "shape"
            }
            return CandidateRecord(
                field: candidate.field.rawValue,
                value: candidate.value,
                raw: candidate.raw,
                part: candidate.part,
                source: candidate.source,
                line: candidate.line,
                rule: rule,
                verdict: candidate.verdict.rawValue,
                reason: candidate.reason
            )
        }
        var fields: [String: [String]] = [:]
        for field in RequestField.allCases { fields[field.rawValue] = extraction.values[field] ?? [] }
        self.fields = fields
    }

    init(record: ExportRecord, fieldMap: FieldMap) {
        let reading = ExportMapper.read(record, fieldMap: fieldMap)
        let source = Source(kind: record.origin.kind.rawValue, path: record.origin.path, index: record.origin.index)
        let headers = Headers(
            subject: reading.subject,
            from: reading.requesterEmail,
            to: nil,
            date: reading.receivedAt?.formatted(.iso8601),
            messageID: reading.messageID,
            replyTo: nil,
            cc: nil,
            inReplyTo: [],
            references: [],
            autoSubmitted: nil,
            precedence: nil,
            returnPath: nil,
            authenticationResults: nil,
            isDeliveryReport: false
        )
        self.init(sources: reading.sources, source: source, headers: headers, parts: [])
    }

    /// The human view: headers, MIME tree, searched text, candidates.
    func rendered() -> String {
        var lines: [String] = []
        let index = source.index.map { " #\($0)" } ?? ""
        lines.append("== \(source.path)\(index) (\(source.kind))")
        let shown: [(String, String?)] = [
            ("Subject", headers.subject), ("From", headers.from), ("To", headers.to), ("Date", headers.date),
            ("Message-ID", headers.messageID),
        ]
        for (name, value) in shown { lines.append("\(name): \(Terminal.sanitize(value ?? "-"))") }
        if headers.isDeliveryReport { lines.append("(a delivery status report)") }
        lines.append("")
        lines.append("MIME parts:")
        for part in parts {
            var line = String(repeating: "  ", count: part.depth + 1) + "\(part.index) \(part.contentType)"
            if let charset = part.charset { line += " charset=\(charset)" }
            if let filename = part.filename { line += " filename=\"\(Terminal.sanitize(filename))\"" }
            line += " \(part.size) bytes"
            if part.isLossy { line += " (decoded with replacements)" }
            lines.append(line)
        }
        lines.append("")
        lines.append("Text searched:")
        lines.append(
            contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map {
                "  " + Terminal.sanitize(String($0))
            }
        )
        lines.append("")
        var table = TextTable(["FIELD", "VALUE", "WHERE", "RULE", "VERDICT"])
        for candidate in candidates {
            var verdict = candidate.verdict
            if let reason = candidate.reason { verdict += ": \(reason)" }
            table.append([
                candidate.field, candidate.value, "\(candidate.source):\(candidate.line)", candidate.rule, verdict,
            ])
        }
        lines.append(candidates.isEmpty ? "No candidate values found." : table.render())
        if omittedCandidates > 0 {
            lines.append(
                "\(omittedCandidates) more values not read: a field keeps at most "
                    + "\(FieldExtractor.candidatesPerField) candidates per message"
            )
        }
        return lines.joined(separator: "\n")
    }
}
