public import Foundation
public import PeeringModel
public import Registry
import Validation

/// One ticket as `peerdesk show` and `GET /api/tickets/PD-12` give it: fields with provenance,
/// findings, the runbook checklist, the history and the messages.
public struct TicketReport: Encodable, Sendable {
    public let ticket: Ticket
    public let organization: Organization?
    /// Each message's readable text, by message row (the customer's words, our drafts).
    public var messageTexts: [Int64: String]

    public init(ticket: Ticket, organization: Organization?, messageTexts: [Int64: String] = [:]) {
        self.ticket = ticket
        self.organization = organization
        self.messageTexts = messageTexts
    }

    /// One step of the checklist: done or not, by whom and when.
    public struct ChecklistItem: Encodable, Sendable {
        public var step: RunbookStep
        public var done: Bool
        public var automatic: Bool
        public var optional: Bool
        @ExplicitNull public var by: String?
        @ExplicitNull public var at: Date?
        @ExplicitNull public var note: String?
        @ExplicitNull public var peeringID: String?

        private enum CodingKeys: String, CodingKey {
            case step, done, automatic, optional, by, at, note
            case peeringID = "peering_id"
        }
    }

    /// Every step in runbook order.
    public var checklist: [ChecklistItem] {
        let manual = ticket.manualSteps
        let automatic = ticket.automaticStepEvents
        let completed = ticket.completedSteps
        return RunbookStep.allCases.map { step in
            let event = manual[step] ?? automatic[step]
            return ChecklistItem(
                step: step,
                done: completed.contains(step),
                automatic: step.isAutomatic,
                optional: step.isOptional,
                by: event?.actor,
                at: event?.at,
                note: step.isAutomatic ? nil : event?.note,
                peeringID: step == .peeringRequested ? event?.newValue : nil
            )
        }
    }

    /// Messages by row, for naming where an event came from.
    public var messagesByRow: [Int64: TicketMessage] {
        Dictionary(ticket.messages.map { ($0.row, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private struct Provenance: Encodable {
        var value: String
        var raw: String
        var source: String
        @ExplicitNull var messageID: String?

        private enum CodingKeys: String, CodingKey {
            case value, raw, source
            case messageID = "message_id"
        }
    }

    private struct HistoryEntry: Encodable {
        var at: Date
        var actor: String
        var kind: String
        @ExplicitNull var step: RunbookStep?
        @ExplicitNull var field: RequestField?
        @ExplicitNull var oldValue: String?
        @ExplicitNull var newValue: String?
        @ExplicitNull var note: String?
        /// The message the event came from: where it was read, and its Message-ID.
        @ExplicitNull var message: MessageReference?

        struct MessageReference: Encodable {
            var source: String
            @ExplicitNull var messageID: String?

            private enum CodingKeys: String, CodingKey {
                case source
                case messageID = "message_id"
            }
        }

        init(_ event: TicketEvent, message: TicketMessage?) {
            at = event.at
            actor = event.actor
            kind = event.kind.rawValue
            step = event.step
            field = event.field
            oldValue = event.oldValue
            newValue = event.newValue
            note = event.note
            self.message = message.map { MessageReference(source: $0.source, messageID: $0.messageID) }
        }

        private enum CodingKeys: String, CodingKey {
            case at, actor, kind, step, field, note, message
            case oldValue = "old_value"
            case newValue = "new_value"
        }
    }

    private struct MessageEntry: Encodable {
        var direction: String
        var outcome: String
        @ExplicitNull var messageID: String?
        @ExplicitNull var sender: String?
        @ExplicitNull var subject: String?
        var sentAt: Date
        var source: String
        @ExplicitNull var autoReason: String?
        @ExplicitNull var deliveryFailure: String?
        @ExplicitNull var externalID: String?
        @ExplicitNull var text: String?

        init(_ message: TicketMessage, text: String?) {
            self.text = text
            direction = message.direction.rawValue
            outcome = message.outcome.description
            messageID = message.messageID
            sender = message.sender
            subject = message.subject
            sentAt = message.sentAt
            source = message.source
            autoReason = message.autoReason
            deliveryFailure = message.deliveryFailure
            externalID = message.externalID
        }

        private enum CodingKeys: String, CodingKey {
            case direction, outcome, sender, subject, source, text
            case messageID = "message_id"
            case sentAt = "sent_at"
            case autoReason = "auto_reason"
            case deliveryFailure = "delivery_failure"
            case externalID = "external_id"
        }
    }

    private struct JSON: Encodable {
        var ticket: String
        var status: TicketStatus
        @ExplicitNull var nextStep: RunbookStep?
        var requester: RequesterJSON
        @ExplicitNull var subject: String?
        var createdAt: Date
        @ExplicitNull var waitingSince: Date?
        @ExplicitNull var organization: String?
        @ExplicitNull var cluster: String?
        @ExplicitNull var peeringID: String?
        @ExplicitNull var owner: String?
        var fields: [String: FieldValue]
        var provenance: [String: [Provenance]]
        var findings: [Finding]
        var checklist: [ChecklistItem]
        @ExplicitNull var rejection: String?
        var history: [HistoryEntry]
        var messages: [MessageEntry]

        private enum CodingKeys: String, CodingKey {
            case ticket, status, requester, subject, organization, cluster, fields, provenance, findings, checklist,
                owner
            case history, messages, rejection
            case nextStep = "next_step"
            case createdAt = "created_at"
            case waitingSince = "waiting_since"
            case peeringID = "peering_id"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let messageIDs = Dictionary(
            ticket.messages.map { ($0.row, $0.messageID) },
            uniquingKeysWith: { first, _ in first }
        )
        var provenance: [String: [Provenance]] = [:]
        for field in RequestField.allCases {
            provenance[field.rawValue] = (ticket.state.values[field] ?? []).map { value in
                Provenance(
                    value: value.canonical,
                    raw: value.raw,
                    source: value.source,
                    messageID: (value.message ?? ticket.messages.first?.row).flatMap { messageIDs[$0] ?? nil }
                )
            }
        }
        let messages = messagesByRow
        let json = JSON(
            ticket: ticket.reference,
            status: ticket.status,
            nextStep: ticket.nextStep,
            requester: RequesterJSON(email: ticket.requesterEmail, name: ticket.requesterName),
            subject: ticket.subject,
            createdAt: ticket.createdAt,
            waitingSince: ticket.waitingSince,
            organization: organization?.id,
            cluster: ticket.clusterID?.rawValue,
            peeringID: ticket.peeringID,
            owner: ticket.owner,
            fields: FieldValue.fields(ticket.state.values.mapValues { $0.map(\.canonical) }),
            provenance: provenance,
            findings: ticket.state.findings,
            checklist: checklist,
            rejection: ticket.rejection?.note,
            history: ticket.events.map { HistoryEntry($0, message: $0.messageRow.flatMap { messages[$0] }) },
            messages: ticket.messages.map { MessageEntry($0, text: messageTexts[$0.row]) }
        )
        try json.encode(to: encoder)
    }
}

extension TicketStore {
    /// One ticket with the registry facts `show` prints beside it.
    public func report(_ id: Int64) throws(RunbookError) -> TicketReport {
        let ticket = try ticket(id)
        let snapshot = try registrySnapshot()
        return TicketReport(
            ticket: ticket,
            organization: ticket.organization(in: snapshot, validator: Validator(snapshot: snapshot)),
            messageTexts: try messageTexts(ticket)
        )
    }
}
