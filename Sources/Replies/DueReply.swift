public import Foundation
import PeeringModel
public import Registry
public import Runbook

extension ReplyContext {
    /// The requester does not speak for the cluster's organization: they get the not-authorized
    /// reply and nothing about the cluster (validation decides it, as `requester-not-authorized`).
    public var isRequesterNotAuthorized: Bool {
        findings.contains { $0.code == .requesterNotAuthorized }
    }

    /// The values a reply to `ticket` carries: the requester, the ticket's fields and findings,
    /// the cluster's facts from the registry, the peering ID, and the thread to answer in.
    public init(ticket: Ticket, snapshot: RegistrySnapshot) throws(ReplyError) {
        guard let email = ticket.requesterEmail else {
            throw ReplyError(.missingValue, "\(ticket.reference): the ticket has no requester address to reply to")
        }
        let cluster = ticket.cluster(in: snapshot)
        let fields = ticket.state.values.mapValues { $0.map(\.canonical) }
        let replyTo = ticket.latestCustomerMessage?.messageID
        self.init(
            ticketReference: ticket.reference,
            requesterName: ticket.requesterName,
            requesterEmail: email,
            originalSubject: ticket.subject,
            fields: fields,
            findings: ticket.state.findings,
            clusterName: cluster?.name,
            clusterID: cluster?.id.rawValue,
            clusterRegion: cluster?.region,
            clusterAccountID: cluster?.awsAccountID?.rawValue,
            astroCIDRs: cluster?.vpcCIDRs.map(\.description) ?? [],
            peeringID: ticket.peeringID,
            customerRegion: fields[.awsRegion]?.first,
            customerCIDRs: fields[.vpcCIDRs] ?? [],
            replyToMessageID: replyTo,
            references: ticket.messages.compactMap(\.messageID).filter { $0 != replyTo }
        )
    }
}

extension ReplyKind {
    /// The reply `ticket` is due now, or `notApplicable` saying why none is:
    /// not-authorized when the requester does not speak for the organization, request-changes
    /// while the customer must fix something, peering-ready once the routes exist.
    public static func due(for ticket: Ticket) throws(ReplyError) -> ReplyKind {
        let reference = ticket.reference
        if let rejection = ticket.rejection {
            throw ReplyError(
                .notApplicable,
                "\(reference): no reply is due: the ticket was rejected (\(rejection.note ?? ""))"
            )
        }
        if ticket.state.findings.contains(where: { $0.code == .requesterNotAuthorized }) { return .notAuthorized }
        if ticket.completedSteps.contains(.routesCreated) {
            if ticket.status == .done {
                throw ReplyError(
                    .notApplicable,
                    "\(reference): no reply is due: the ticket is done (the customer added their route)"
                )
            }
            return .peeringReady
        }
        if ticket.status == .needsInfo { return .requestChanges }
        let next = ticket.nextStep?.rawValue ?? "none"
        throw ReplyError(
            .notApplicable,
            "\(reference): no reply is due: the ticket is \(ticket.status.rawValue) and the next step, "
                + "\(next), is support's; peering-ready is drafted after routes-created"
        )
    }
}

/// A reply rendered for a ticket: the body, and for an RFC 5322 draft its bytes and Message-ID.
public struct RenderedReply: Sendable {
    public var ticket: Ticket
    public var kind: ReplyKind
    public var body: String
    /// The draft, when one was asked for.
    public var draft: Draft?

    public struct Draft: Sendable {
        public var bytes: [UInt8]
        public var messageID: String
        public var subject: String
        public var from: String
    }
}

/// Why no reply could be rendered: the ticket or database (`runbook`), or the reply itself.
public enum ReplyDraftError: Error, Sendable, CustomStringConvertible {
    case runbook(RunbookError)
    /// The reply is not due, or its template or values failed; `kind` when one was chosen.
    case reply(ticket: String, kind: ReplyKind?, ReplyError)

    public var description: String {
        switch self {
        case .runbook(let error): return error.description
        case .reply(let ticket, let kind?, let error):
            return "\(ticket): cannot draft the \(kind.rawValue) reply: \(error.description)"
        case .reply(_, _, let error): return error.description
        }
    }
}

/// Renders the reply a ticket is due (the one place `reply` in the CLI and the web's preview
/// and download decide it), and records a draft on the ticket when asked.
public struct ReplyDrafter: Sendable {
    public let store: TicketStore
    public let renderer: ReplyRenderer
    /// The role stack's template URL for quick-create links (see `ReplyContext.roleTemplateURL`).
    public var roleTemplateURL: String?

    public init(store: TicketStore, renderer: ReplyRenderer, roleTemplateURL: String? = nil) {
        self.store = store
        self.renderer = renderer
        self.roleTemplateURL = roleTemplateURL
    }

    /// The body of the reply due now (or of `kind`, when staff choose it). Records nothing.
    public func preview(_ id: Int64, kind chosen: ReplyKind? = nil) throws(ReplyDraftError) -> RenderedReply {
        let (ticket, kind, context) = try prepare(id, chosen)
        let body = try render(ticket, kind, context)
        return RenderedReply(ticket: ticket, kind: kind, body: body, draft: nil)
    }

    /// The reply due now as an RFC 5322 draft from `sender`, with a Message-ID signed for this
    /// database so the customer's answer threads back. Nothing is recorded: see `record`.
    public func draft(
        _ id: Int64,
        kind chosen: ReplyKind? = nil,
        from sender: String,
        at now: Date = Date()
    ) throws(ReplyDraftError) -> RenderedReply {
        let (ticket, kind, context) = try prepare(id, chosen)
        let body = try render(ticket, kind, context)
        let domain = sender.split(separator: "@").last.map(String.init) ?? "peerdesk.invalid"
        let messageID: String
        do {
            messageID = try store.signer().messageID(ticket: id, domain: domain)
        } catch {
            throw .runbook(error)
        }
        let message = DraftMessage(from: sender, context: context, body: body, messageID: messageID, date: now)
        let bytes: [UInt8]
        do {
            bytes = try message.rendered()
        } catch {
            throw .reply(ticket: ticket.reference, kind: kind, error)
        }
        let draft = RenderedReply.Draft(bytes: bytes, messageID: messageID, subject: message.subject, from: sender)
        return RenderedReply(ticket: ticket, kind: kind, body: body, draft: draft)
    }

    /// Stores a draft with its ticket (a `reply-drafted` event by `actor`), so the customer's
    /// answer threads back by its Message-ID and a bounce of it is noticed.
    public func record(_ reply: RenderedReply, actor: String, at now: Date = Date()) throws(ReplyDraftError) {
        guard let draft = reply.draft else { return }
        do {
            try store.recordReply(
                ticket: reply.ticket.id,
                kind: reply.kind,
                messageID: draft.messageID,
                from: draft.from,
                subject: draft.subject,
                raw: draft.bytes,
                actor: actor,
                at: now
            )
        } catch {
            throw .runbook(error)
        }
    }

    /// The ticket, the kind (the one due, or the one chosen: any but for a rejected ticket), and
    /// the reply's values.
    private func prepare(_ id: Int64, _ chosen: ReplyKind?) throws(ReplyDraftError) -> (Ticket, ReplyKind, ReplyContext)
    {
        let ticket: Ticket
        let snapshot: RegistrySnapshot
        do {
            ticket = try store.ticket(id)
            snapshot = try store.registrySnapshot()
        } catch {
            throw .runbook(error)
        }
        let kind: ReplyKind
        var context: ReplyContext
        do {
            if let chosen, ticket.rejection == nil { kind = chosen } else { kind = try ReplyKind.due(for: ticket) }
            context = try ReplyContext(ticket: ticket, snapshot: snapshot)
            context.roleTemplateURL = roleTemplateURL
        } catch {
            throw .reply(ticket: ticket.reference, kind: nil, error)
        }
        return (ticket, kind, context)
    }

    private func render(_ ticket: Ticket, _ kind: ReplyKind, _ context: ReplyContext) throws(ReplyDraftError) -> String
    {
        do {
            return try renderer.render(kind, context: context)
        } catch {
            throw .reply(ticket: ticket.reference, kind: kind, error)
        }
    }
}
