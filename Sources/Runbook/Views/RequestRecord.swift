public import Foundation
public import PeeringModel

/// The request record of DESIGN.md: what `check`, `ingest` and `POST /api/inbound` give for
/// each request (JSON with explicit nulls; `ticket` and `outcome` null for `check`).
public struct RequestRecord: Encodable, Sendable {
    @ExplicitNull public var ticket: String?
    @ExplicitNull public var outcome: IngestOutcome?
    /// The request as intake read it (encoded as `source`, `requester`, `subject`, `fields`).
    public let request: PeeringRequest
    public var findings: [Finding]
    public var status: TicketStatus
    @ExplicitNull public var nextStep: RunbookStep?
    private let source: SourceJSON
    private let requester: RequesterJSON
    @ExplicitNull private var subject: String?
    @ExplicitNull private var receivedAt: Date?
    private let fields: [String: FieldValue]

    /// The record of a request that was only checked: status and next step follow its findings.
    public init(request: PeeringRequest, findings: [Finding]) {
        self.request = request
        self.findings = findings
        let hasErrors = findings.contains { $0.severity == .error }
        let completed = RunbookStep.automatic(
            hasAllDetails: request.hasAllDetails,
            hasErrors: hasErrors
        )
        status = TicketStatus.derive(completed: completed, hasErrors: hasErrors, isRejected: false)
        nextStep = RunbookStep.next(completed: completed)
        source = SourceJSON(request.source)
        requester = RequesterJSON(email: request.requesterEmail, name: request.requesterName)
        subject = request.subject
        receivedAt = request.receivedAt
        fields = FieldValue.fields(request.values.mapValues { $0.map(\.canonical) })
    }

    /// The record of a stored input: the ticket's status and next step follow support's steps too;
    /// a quarantined input has the one `unparseable` finding that says why.
    public init(result: IngestResult) {
        let findings =
            result.outcome == .quarantined
            ? [Finding(.unparseable, message: result.reason ?? "the input could not be read")] : result.findings
        self.init(request: result.request, findings: findings)
        ticket = result.ticket.map(TicketReference.format)
        outcome = result.outcome
        if let ticketStatus = result.ticketStatus {
            status = ticketStatus
            nextStep = result.nextStep
        }
    }

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    private enum CodingKeys: String, CodingKey {
        case ticket, outcome, source, requester, subject, fields, findings, status
        case receivedAt = "received_at"
        case nextStep = "next_step"
    }
}

extension RequestRecord: JSONWritable {
    /// The keys of `fields`, sorted as `JSONLines` sorts them.
    private static let fieldNames = RequestField.allCases.map(\.rawValue).sorted()

    /// The record's JSON object, the text `JSONLines.encode(record)` gives (keys sorted), written
    /// without `JSONEncoder`: `check` and `ingest` write one per request.
    public func writeJSON(_ output: inout JSONOutput) {
        output.beginObject()
        output.key("fields")
        output.beginObject()
        for name in Self.fieldNames {
            guard let value = fields[name] else { continue }
            output.key(data: name)
            switch value {
            case .single(let text): output.string(text)
            case .list(let texts):
                output.beginArray()
                for text in texts { output.string(text) }
                output.endArray()
            }
        }
        output.endObject()
        output.key("findings")
        output.beginArray()
        for finding in findings { output.finding(finding) }
        output.endArray()
        output.member("next_step", nextStep?.rawValue)
        output.member("outcome", outcome?.rawValue)
        output.member("received_at", receivedAt)
        output.key("requester")
        output.beginObject()
        output.member("email", requester.email)
        output.member("name", requester.name)
        output.endObject()
        output.key("source")
        output.beginObject()
        output.member("external_id", source.externalID)
        output.member("index", source.index)
        output.member("kind", source.kind)
        output.member("message_id", source.messageID)
        output.member("path", source.path)
        output.endObject()
        output.member("status", status.rawValue)
        output.member("subject", subject)
        output.member("ticket", ticket)
        output.endObject()
    }
}

/// `source` of a request record.
struct SourceJSON: Encodable {
    var kind: String
    var path: String
    @ExplicitNull var index: Int?
    @ExplicitNull var messageID: String?
    @ExplicitNull var externalID: String?

    init(_ source: PeeringRequest.Source) {
        kind = source.kind.rawValue
        path = source.path
        index = source.index
        messageID = source.messageID
        externalID = source.externalID
    }

    private enum CodingKeys: String, CodingKey {
        case kind, path, index
        case messageID = "message_id"
        case externalID = "external_id"
    }
}

/// `requester` of a request record and of a ticket.
struct RequesterJSON: Encodable {
    @ExplicitNull var email: String?
    @ExplicitNull var name: String?
}

/// A field's value in JSON: a string (or null), except `vpc_cidrs`, a list.
public enum FieldValue: Encodable, Sendable, Hashable {
    case single(String?)
    case list([String])

    /// The `fields` object: every field, canonical values.
    public static func fields(_ values: [RequestField: [String]]) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        for field in RequestField.allCases {
            let canonical = values[field] ?? []
            fields[field.rawValue] = field == .vpcCIDRs ? .list(canonical) : .single(canonical.first)
        }
        return fields
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}

/// Times in our JSON and tables: ISO 8601, UTC, whole seconds.
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String { date.formatted(.iso8601) }
}

/// One JSON object per line, keys sorted so output is stable: the encoding of every record the
/// CLI prints and the HTTP API returns.
public enum JSONLines {
    public static func encode(_ value: some Encodable) throws(RunbookError) -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    public static func data(_ value: some Encodable) throws(RunbookError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Times as Timestamp.iso8601 writes them: 2026-11-24T09:12:00Z.
        encoder.dateEncodingStrategy = .iso8601
        do {
            return try encoder.encode(value)
        } catch {
            throw RunbookError.encoding(String(describing: error))
        }
    }
}
