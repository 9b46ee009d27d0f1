import Foundation
import Hummingbird
import Intake
import PeeringModel
import Runbook

/// The HTTP API (DESIGN.md): JSON with the CLI's encodings, a bearer token or a session.
extension WebApp {
    struct TicketList: Encodable {
        var tickets: [QueueRow]
        /// Every ticket the filters keep, on every page.
        var total: Int
        var page: Int
        var perPage: Int
        /// The address of the next page, nil on the last.
        @ExplicitNull var next: String?

        enum CodingKeys: String, CodingKey {
            case tickets, total, page, next
            case perPage = "per_page"
        }
    }

    /// Rows per page of `GET /api/tickets` unless `per_page` says otherwise, and the most it may say.
    static let apiPageSize = 100
    static let apiPageSizeLimit = 1_000

    /// `GET /api/tickets`: the queue rows of `queue --format json`, with the queue's filters,
    /// a page at a time (`page`, from 1; `per_page`, 100 unless given, at most 1,000).
    func apiQueue(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let query = FormData.urlEncoded(request.uri.query ?? "")
        let filter = try Self.queueFilter(query)
        let page = try Self.positive(query, "page") ?? 1
        let perPage = try Self.positive(query, "per_page") ?? Self.apiPageSize
        guard perPage <= Self.apiPageSizeLimit else {
            throw WebError.badRequest("\"per_page\" is at most \(Self.apiPageSizeLimit)")
        }
        let store = store
        let now = now()
        let result = try await blocking {
            try store.queuePage(filter, offset: (page - 1) * perPage, limit: perPage, tabs: false, now: now)
        }
        var next: String?
        if page * perPage < result.total {
            let kept = query.fields.filter { $0.0 != "page" }
            next = Self.queryString("/api/tickets", kept + [("page", String(page + 1))])
        }
        return Self.ticketListJSON(
            TicketList(tickets: result.rows, total: result.total, page: page, perPage: perPage, next: next)
        )
    }

    /// The list's object, keys sorted as `JSONLines` sorts them, each row by `QueueRow.writeJSON`.
    static func ticketListJSON(_ list: TicketList) -> Response {
        var output = JSONOutput(capacity: 600 * list.tickets.count + 200)
        output.beginObject()
        output.member("next", list.next)
        output.member("page", list.page)
        output.member("per_page", list.perPage)
        output.key("tickets")
        output.beginArray()
        for row in list.tickets { row.writeJSON(&output) }
        output.endArray()
        output.member("total", list.total)
        output.endObject()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: output.bytes)))
    }

    /// A query parameter that must be a whole number from 1, nil when absent.
    static func positive(_ query: FormData, _ name: String) throws -> Int? {
        guard let text = query.text(name) else { return nil }
        guard let value = Int(text), value >= 1, value <= 1_000_000_000 else {
            throw WebError.badRequest("\"\(name)\" is a whole number from 1, not \"\(text)\"")
        }
        return value
    }

    /// `GET /api/tickets/PD-12`: the object of `show --format json`.
    func apiTicket(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let id = try ticketID(context)
        let store = store
        return try Self.json(try await blocking { try store.report(id) })
    }

    /// `POST /api/tickets/PD-12/steps` `{"step": "...", "peering_id": "...", "note": "...",
    /// "version": N}` (all but `step` optional): the object of `step --format json`.
    func apiStep(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let id = try ticketID(context)
        let body = try await Self.jsonObject(request, context)
        guard let name = body["step"] as? String, let step = RunbookStep(rawValue: name) else {
            let names = RunbookStep.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest("\"step\" names a step: \(names)")
        }
        let peeringID = try Self.optionalString(body, "peering_id")
        let note = try Self.optionalString(body, "note")
        let store = store.requiring(version: try Self.version(body))
        let ticket = try await blocking {
            try store.step(step, ticket: id, peeringID: peeringID, actor: user.name, note: note)
        }
        return try Self.json(StepOutcome(ticket: ticket, step: step, action: .done, actor: user.name))
    }

    /// `POST /api/tickets/PD-12/fields` `{"field": "...", "value": ... }` (a string, a list of
    /// strings for vpc_cidrs, or null to clear): the object of `set --format json`.
    func apiField(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let id = try ticketID(context)
        let body = try await Self.jsonObject(request, context)
        guard let name = body["field"] as? String, let field = RequestField(rawValue: name) else {
            let names = RequestField.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest("\"field\" names a field: \(names)")
        }
        let values: [String]?
        switch body["value"] {
        case nil, is NSNull: values = nil
        case let text as String: values = [text]
        case let list as [Any]:
            let texts = list.compactMap { $0 as? String }
            guard texts.count == list.count else {
                throw WebError.badRequest("\"value\" is a string or a list of strings")
            }
            values = texts
        default: throw WebError.badRequest("\"value\" is a string, a list of strings, or null to clear the field")
        }
        let note = try Self.optionalString(body, "note")
        let store = store.requiring(version: try Self.version(body))
        let ticket = try await blocking {
            if let values {
                try store.set(field, to: values, ticket: id, actor: user.name, note: note)
            } else {
                try store.clear(field, ticket: id, actor: user.name, note: note)
            }
        }
        let action: StepOutcome.Action = values == nil ? .cleared : .set
        return try Self.json(StepOutcome(ticket: ticket, step: nil, action: action, actor: user.name, field: field))
    }

    /// `POST /api/inbound` with one raw RFC 5322 message: stored as `peerdesk ingest -` stores
    /// it; the answer is that input's ingest record.
    func apiInbound(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("message/rfc822") || type.hasPrefix("application/octet-stream") || type.isEmpty else {
            throw WebError(
                .unsupportedMediaType,
                "unsupported-media-type",
                "send the message as Content-Type: message/rfc822"
            )
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let bytes = Array(body.readableBytesView)
        guard !bytes.isEmpty else { throw WebError.badRequest("the body is empty: send one RFC 5322 message") }
        let store = store
        let record = try await blocking {
            let pipeline = try IngestPipeline(store: store)
            let origin = Origin(kind: .email, path: "api/inbound")
            let batch = try pipeline.ingest([.message(RawMessage(origin: origin, bytes: bytes))])
            guard let result = batch.results.first else { throw WebError.badRequest("nothing was read") }
            return RequestRecord(result: result)
        }
        return try Self.json(record)
    }

    static func jsonObject(_ request: Request, _ context: WebContext) async throws -> [String: Any] {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        else {
            throw WebError.badRequest("the body is not a JSON object")
        }
        return object
    }

    /// `"version"`: the ticket's version the change is meant for (optional; a ticket changed since
    /// is 409 `changed`).
    static func version(_ object: [String: Any]) throws -> Int64? {
        switch object["version"] {
        case nil, is NSNull: return nil
        case let number as NSNumber: return number.int64Value
        case let text as String:
            guard let number = Int64(text) else { throw WebError.badRequest("\"version\" is a number") }
            return number
        default: throw WebError.badRequest("\"version\" is a number")
        }
    }

    static func optionalString(_ object: [String: Any], _ key: String) throws -> String? {
        switch object[key] {
        case nil, is NSNull: return nil
        case let text as String: return text.isEmpty ? nil : text
        default: throw WebError.badRequest("\"\(key)\" is a string")
        }
    }
}
