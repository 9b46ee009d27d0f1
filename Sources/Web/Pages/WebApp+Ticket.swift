import Foundation
import HTTPTypes
import Hummingbird
import PeeringModel
import Provisioning
import Replies
import Runbook

extension WebApp {
    struct TicketValues {
        struct Value {
            var value: String
            var raw: String?
            var source: String
        }

        struct Field {
            var key: String
            var values: [Value]
            var held: [String]
            var input: String
            var hasValue: Bool
        }

        struct FindingValues {
            var code: String
            var severity: String
            var field: String?
            var message: String
            var customer: String
        }

        struct Step {
            var step: String
            var done: Bool
            var automatic: Bool
            var optional: Bool
            var by: String?
            var at: String
            var note: String?
            var peeringID: String?
            var canDo: Bool
            var needsPeeringID: Bool
            var reason: String?
        }

        struct Event {
            var at: String
            var actor: String
            var kind: String
            var detail: String
            var note: String
        }

        struct Note {
            var at: String
            var actor: String
            var text: String
        }

        struct Message {
            var at: String
            var who: String
            var direction: String
            var source: String
            var outcome: String
            var subject: String?
            var text: String
        }

        var reference: String
        var href: String
        var subject: String
        var status: String
        var nextStep: String?
        var requester: String
        var organization: String?
        var cluster: String?
        var owner: String
        var ownerInput: String
        var waitingSince: String?
        var createdAt: String
        var version: String
        var csrf: String
        var error: String?
        var rejection: String?
        var fields: [Field]
        var findings: [FindingValues]
        var checklist: [Step]
        var undoStep: String?
        var history: [Event]
        var notes: [Note]
        var messages: [Message]
        var canReject: Bool
        var canReopen: Bool
        /// "Execute in AWS" is offered (else the reason it is not).
        var canExecute: Bool
        var executeReason: String?
    }

    /// A ticket's version: its latest event. A form carries the version it was shown with, so a
    /// change made meanwhile by someone else is noticed instead of overwritten.
    static func version(_ ticket: Ticket) -> String {
        String(ticket.version)
    }

    func ticketPage(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let id = try ticketID(context)
        return try await renderTicket(id, context, error: nil, status: .ok)
    }

    func renderTicket(
        _ id: Int64,
        _ context: WebContext,
        error: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let store = store
        let (report, cluster) = try await blocking {
            let report = try store.report(id)
            let cluster = report.ticket.cluster(in: try store.registrySnapshot())
            return (report, cluster?.name)
        }
        let values = Self.ticketValues(report, clusterName: cluster, context: context, error: error)
        return Self.html(pages.page("ticket", values, chrome: chrome(report.ticket.reference, context)), status: status)
    }

    static func ticketValues(
        _ report: TicketReport,
        clusterName: String?,
        context: WebContext,
        error: String?
    ) -> TicketValues {
        let ticket = report.ticket
        let completed = ticket.completedSteps
        let isRejected = ticket.rejection != nil
        let requester = [ticket.requesterName, ticket.requesterEmail.map { "<\($0)>" }].compactMap { $0 }
            .joined(separator: " ")
        let fields = RequestField.allCases.map { field in
            let values = ticket.state.values[field] ?? []
            return TicketValues.Field(
                key: field.rawValue,
                values: values.map {
                    TicketValues.Value(
                        value: $0.canonical,
                        raw: $0.raw == $0.canonical ? nil : $0.raw,
                        source: $0.source
                    )
                },
                held: ticket.state.heldChanges.filter { $0.field == field }.map {
                    "\($0.proposed.joined(separator: ", ")) (from \($0.source))"
                },
                input: values.map(\.canonical).joined(separator: ", "),
                hasValue: !values.isEmpty
            )
        }
        let checklist = report.checklist.map { item in
            let failure = item.step.guardFailure(completed: completed)
            let canDo = !item.done && !isRejected && failure == nil
            var reason: String?
            if !item.done && !canDo {
                if item.automatic {
                    reason = "automatic: done when \(item.step.doneWhen)"
                } else if isRejected {
                    reason = "the ticket is rejected; reopen it first"
                } else {
                    reason = failure?.description
                }
            }
            return TicketValues.Step(
                step: item.step.rawValue,
                done: item.done,
                automatic: item.automatic,
                optional: item.optional,
                by: item.by,
                at: PageTime.format(item.at),
                note: item.note,
                peeringID: item.peeringID,
                canDo: canDo,
                needsPeeringID: item.step == .peeringRequested,
                reason: reason
            )
        }
        let messages = report.messagesByRow
        let history = ticket.events.map { event in
            var detail = event.step?.rawValue ?? ""
            if let field = event.field {
                detail += "\(field.rawValue): \(event.oldValue ?? "(none)") → \(event.newValue ?? "(none)")"
                if let message = event.messageRow.flatMap({ messages[$0] }) { detail += " (from \(message.source))" }
            } else if event.kind == .findingsChanged {
                detail += ": \(event.oldValue ?? "none") → \(event.newValue ?? "none")"
            } else if event.kind == .assigned {
                detail += "\(event.oldValue ?? "nobody") → \(event.newValue ?? "nobody")"
            } else if let value = event.newValue {
                detail += (detail.isEmpty ? "" : " ") + value
            }
            return TicketValues.Event(
                at: PageTime.format(event.at),
                actor: event.actor,
                kind: event.kind.rawValue,
                detail: detail,
                note: event.kind == .note ? "" : event.note ?? ""
            )
        }
        let undo = ticket.manualSteps.values.max { $0.id < $1.id }?.step
        let executeRefusal = PeeringTarget.applyRefusal(ticket)
        return TicketValues(
            reference: ticket.reference,
            href: "/tickets/\(ticket.reference)",
            subject: ticket.subject ?? "(no subject)",
            status: ticket.status.rawValue,
            nextStep: ticket.nextStep?.rawValue,
            requester: requester.isEmpty ? "unknown" : requester,
            organization: report.organization.map { "\($0.name) (\($0.id))" },
            cluster: ticket.clusterID.map { id in clusterName.map { "\($0) (\(id.rawValue))" } ?? id.rawValue },
            owner: ticket.owner ?? "nobody",
            ownerInput: ticket.owner ?? "",
            waitingSince: ticket.waitingSince.map { PageTime.format($0) },
            createdAt: PageTime.format(ticket.createdAt),
            version: version(ticket),
            csrf: context.csrfToken,
            error: error,
            rejection: ticket.rejection.map {
                "\($0.note ?? "no reason given") (by \($0.actor), \(PageTime.format($0.at)))"
            },
            fields: fields,
            findings: ticket.state.findings.map {
                TicketValues.FindingValues(
                    code: $0.code.rawValue,
                    severity: $0.severity.rawValue,
                    field: $0.field?.rawValue,
                    message: $0.message,
                    customer: $0.code.customerExplanation
                )
            },
            checklist: checklist,
            undoStep: isRejected ? nil : undo?.rawValue,
            history: history,
            notes: ticket.events.filter { $0.kind == .note }.map {
                TicketValues.Note(at: PageTime.format($0.at), actor: $0.actor, text: $0.note ?? "")
            },
            messages: ticket.messages.map { message in
                TicketValues.Message(
                    at: PageTime.format(message.sentAt),
                    who: message.direction == .outgoing ? "to the customer" : message.sender ?? "unknown sender",
                    direction: message.direction.rawValue,
                    source: message.source,
                    outcome: message.outcome.description,
                    subject: message.subject,
                    text: report.messageTexts[message.row] ?? ""
                )
            },
            canReject: !isRejected && ticket.status != .done,
            canReopen: isRejected || ticket.status == .done,
            canExecute: executeRefusal == nil,
            executeReason: executeRefusal
        )
    }

    // MARK: - Actions

    /// `POST /tickets/PD-12/steps|undo|fields|assign|notes|reject|reopen`: one library call, then
    /// 303 back to the ticket; a refusal shows the ticket again with the reason (409, or 400 for a
    /// value that is not valid) and changes nothing.
    func ticketAction(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let id = try ticketID(context)
        guard let action = context.parameters.get("action"), let kind = TicketAction(rawValue: action) else {
            throw WebError.notFound()
        }
        let form = context.form
        // The version the form was shown with: a change made meanwhile refuses this one, in the
        // same transaction (RunbookError.changedSince).
        let store = store.requiring(version: form.text("version").flatMap { Int64($0) })
        let actor = user.name
        do {
            try await blocking { try Self.perform(kind, form: form, ticket: id, actor: actor, store: store) }
        } catch {
            let failure = WebError.from(error)
            guard failure.status == .conflict || failure.status == .badRequest else { throw error }
            return try await renderTicket(id, context, error: failure.message, status: failure.status)
        }
        let back = form.text("back").map { Self.safeNext($0) } ?? "/tickets/\(TicketReference.format(id))"
        return Self.seeOther(back)
    }

    enum TicketAction: String {
        case steps, undo, fields, assign, notes, reject, reopen
    }

    /// The library call behind each form, the same as the CLI command's.
    static func perform(
        _ action: TicketAction,
        form: FormData,
        ticket id: Int64,
        actor: String,
        store: TicketStore
    ) throws {
        switch action {
        case .steps:
            guard let name = form.text("step"), let step = RunbookStep(rawValue: name) else {
                throw WebError.badRequest("unknown step \"\(form["step"] ?? "")\"")
            }
            try store.step(step, ticket: id, peeringID: form.text("peering_id"), actor: actor, note: form.text("note"))
        case .undo:
            try store.undo(ticket: id, actor: actor, note: form.text("note"))
        case .fields:
            guard let name = form.text("field"), let field = RequestField(rawValue: name) else {
                throw WebError.badRequest("unknown field \"\(form["field"] ?? "")\"")
            }
            if form["clear"] != nil {
                try store.clear(field, ticket: id, actor: actor, note: form.text("note"))
            } else {
                try store.set(
                    field,
                    to: values(form.text("value"), for: field),
                    ticket: id,
                    actor: actor,
                    note: form.text("note")
                )
            }
        case .assign:
            // "Take it" assigns the ticket to whoever pressed it.
            try store.assign(ticket: id, to: form["take"] != nil ? actor : form.text("owner"), actor: actor)
        case .notes:
            try store.note(ticket: id, text: form["text"] ?? "", actor: actor)
        case .reject:
            try store.reject(ticket: id, reason: form["reason"] ?? "", actor: actor)
        case .reopen:
            try store.reopen(ticket: id, reason: form["reason"] ?? "", actor: actor)
        }
    }

    /// A form's value: several CIDRs may be separated by commas or spaces.
    static func values(_ text: String?, for field: RequestField) -> [String] {
        guard let text else { return [] }
        guard field.takesSeveralValues else { return [text] }
        return text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init)
    }

    // MARK: - Reply

    struct ReplyValues {
        var reference: String
        var href: String
        var kind: String
        var to: String
        var body: String?
        var error: String?
        var downloadHref: String?
        var canMarkSent: Bool
        var csrf: String
        var version: String
    }

    /// The reply due now: a preview (records nothing), or with `?format=eml` the RFC 5322 draft as
    /// a download, recorded on the ticket as the CLI's `reply --output` records it.
    func replyPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let id = try ticketID(context)
        let query = FormData.urlEncoded(request.uri.query ?? "")
        let drafter = drafter
        if query["format"] == "eml" {
            guard let sender = configuration.replyFrom else {
                throw WebError(
                    .conflict,
                    "no-sender",
                    "a draft needs the support address: start peerdesk serve with --from ADDRESS (or $PEERDESK_FROM)"
                )
            }
            let reply = try await blocking {
                let reply = try drafter.draft(id, from: sender)
                try drafter.record(reply, actor: user.name)
                return reply
            }
            guard let draft = reply.draft else { throw WebError.notFound("no draft") }
            var headers = HTTPFields()
            headers[.contentType] = "message/rfc822"
            headers[.contentDisposition] =
                "attachment; filename=\"\(reply.ticket.reference)-\(reply.kind.rawValue).eml\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: draft.bytes)))
        }
        let store = store
        let ticket = try await blocking { try store.ticket(id) }
        var values = ReplyValues(
            reference: ticket.reference,
            href: "/tickets/\(ticket.reference)",
            kind: "",
            to: [ticket.requesterName, ticket.requesterEmail.map { "<\($0)>" }].compactMap { $0 }.joined(
                separator: " "
            ),
            body: nil,
            error: nil,
            downloadHref: nil,
            canMarkSent: false,
            csrf: context.csrfToken,
            version: Self.version(ticket)
        )
        var status = HTTPResponse.Status.ok
        do {
            let reply = try await blocking { try drafter.preview(id) }
            values.kind = reply.kind.rawValue
            values.body = reply.body
            values.downloadHref = configuration.replyFrom == nil ? nil : "/tickets/\(ticket.reference)/reply?format=eml"
            values.canMarkSent =
                reply.kind == .peeringReady
                && RunbookStep.replySent.guardFailure(completed: ticket.completedSteps) == nil
        } catch {
            let failure = WebError.from(error)
            guard failure.status == .conflict else { throw error }
            values.error = failure.message
            status = .conflict
        }
        return Self.html(
            pages.page("reply", values, chrome: chrome("\(ticket.reference) reply", context)),
            status: status
        )
    }
}
