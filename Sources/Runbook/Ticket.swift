public import Foundation
public import PeeringModel

/// One entry of a ticket's append-only history.
public struct TicketEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A customer message became the ticket or was merged into it.
        case message
        /// A machine-sent message (auto-reply, bounce) attached to the ticket, never answered.
        case ignoredMessage = "message-ignored"
        /// A follow-up changed a field: `field`, `oldValue`, `newValue`, `messageRow`.
        case fieldChanged = "field-changed"
        /// A follow-up's different value was held for staff, not applied: `field`, `oldValue`
        /// (kept), `newValue` (proposed), `messageRow`.
        case changeHeld = "change-held"
        /// The findings changed after a re-evaluation: old and new codes.
        case findingsChanged = "findings-changed"
        /// details-received or validated became done (`note` "done") or not done ("undone").
        case automaticStep = "automatic-step"
        /// A runbook step done by support.
        case step
        /// The latest step undone; `step` names it.
        case undo
        /// Support closed the ticket without peering; `note` is the reason.
        case rejected
        /// A reply draft was written as an RFC 5322 message (stored with its signed Message-ID).
        case replyDrafted = "reply-drafted"
        /// A bounce said one of our replies was not delivered.
        case bounce
        /// Staff set (or with no `newValue`, cleared) a field: `field`, `oldValue`, `newValue`.
        case fieldSet = "field-set"
        /// A rejected or done ticket was opened again; `note` is the reason.
        case reopened
        /// The owner changed: `oldValue` to `newValue` (`nil`: nobody).
        case assigned
        /// An internal note (`note`): in the history, never in a reply.
        case note
    }

    public var id: Int64
    public var at: Date
    public var actor: String
    public var kind: Kind
    public var step: RunbookStep?
    public var field: RequestField?
    public var oldValue: String?
    public var newValue: String?
    public var messageRow: Int64?
    public var note: String?

    public init(
        id: Int64,
        at: Date,
        actor: String,
        kind: Kind,
        step: RunbookStep? = nil,
        field: RequestField? = nil,
        oldValue: String? = nil,
        newValue: String? = nil,
        messageRow: Int64? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.kind = kind
        self.step = step
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
        self.messageRow = messageRow
        self.note = note
    }
}

/// A stored message, in or out, without its bytes.
public struct TicketMessage: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case incoming = "in"
        case outgoing = "out"
    }

    /// What became of a message: for one received, what ingest did with it; for one we sent,
    /// which reply it was.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        case received(IngestOutcome)
        case sent(ReplyKind)

        /// As stored and shown: `new`, `follow-up`, `ignored`…, or the reply kind.
        public var description: String {
            switch self {
            case .received(let outcome): outcome.rawValue
            case .sent(let kind): kind.rawValue
            }
        }

        /// The stored text read back, by direction; nil when it names no outcome.
        public init?(direction: Direction, stored: String) {
            switch direction {
            case .incoming:
                guard let outcome = IngestOutcome(rawValue: stored) else { return nil }
                self = .received(outcome)
            case .outgoing:
                guard let kind = ReplyKind(rawValue: stored) else { return nil }
                self = .sent(kind)
            }
        }
    }

    public var row: Int64
    public var direction: Direction
    public var outcome: Outcome
    public var messageID: String?
    public var sender: String?
    public var subject: String?
    public var receivedAt: Date?
    public var storedAt: Date
    public var source: String
    public var autoReason: String?
    /// Set when a bounce said this reply was not delivered.
    public var deliveryFailure: String?
    /// The help desk's or form tool's own ID of the export record it came from.
    public var externalID: String? = nil

    /// When the customer sent it: the Date header unless missing or later than we stored it.
    public var sentAt: Date {
        guard let receivedAt, receivedAt <= storedAt else { return storedAt }
        return receivedAt
    }

    public var isCustomerMessage: Bool { direction == .incoming && outcome != .received(.ignored) }
}

/// A ticket as stored, with everything derived from it: completed steps (who and when),
/// status, next step, the peering ID, and since when the customer has been waiting.
public struct Ticket: Sendable {
    public var id: Int64
    public var createdAt: Date
    public var requesterEmail: String?
    public var requesterName: String?
    public var subject: String?
    public var clusterID: ClusterID?
    public var state: TicketState
    /// Oldest first.
    public var events: [TicketEvent]
    /// Oldest first.
    public var messages: [TicketMessage]

    public init(
        id: Int64,
        createdAt: Date,
        requesterEmail: String?,
        requesterName: String?,
        subject: String?,
        clusterID: ClusterID?,
        state: TicketState,
        events: [TicketEvent],
        messages: [TicketMessage]
    ) {
        self.id = id
        self.createdAt = createdAt
        self.requesterEmail = requesterEmail
        self.requesterName = requesterName
        self.subject = subject
        self.clusterID = clusterID
        self.state = state
        self.events = events
        self.messages = messages
    }

    /// "PD-12".
    public var reference: String { TicketReference.format(id) }

    /// The steps support did and has not undone, each with the event that did it.
    public var manualSteps: [RunbookStep: TicketEvent] { Self.standingSteps(events) }

    /// The steps support did and has not undone, replaying `step` and `undo` events in order.
    static func standingSteps(_ events: some Sequence<TicketEvent>) -> [RunbookStep: TicketEvent] {
        var done: [RunbookStep: TicketEvent] = [:]
        for event in events {
            switch event.kind {
            case .step: if let step = event.step { done[step] = event }
            case .undo: if let step = event.step { done[step] = nil }
            // A done ticket reopened waits on the customer's route again.
            case .reopened: done[.customerRouteAdded] = nil
            default: break
            }
        }
        return done
    }

    /// When each automatic step last became done (only for the ones done now).
    public var automaticStepEvents: [RunbookStep: TicketEvent] {
        var done: [RunbookStep: TicketEvent] = [:]
        for event in events where event.kind == .automaticStep {
            guard let step = event.step else { continue }
            done[step] = event.note == "done" ? event : nil
        }
        return done.filter { completedSteps.contains($0.key) }
    }

    /// The ticket's version: its latest event (0 for none). Every change appends an event, so a
    /// version read earlier that differs from this one means someone changed the ticket since.
    public var version: Int64 { events.map(\.id).max() ?? 0 }

    public var completedSteps: Set<RunbookStep> {
        RunbookStep.completed(automatic: state.automaticSteps, manual: manualSteps.keys)
    }

    /// Support requested the peering (and has not undone it): customer values no longer change.
    public var isLocked: Bool { manualSteps[.peeringRequested] != nil }

    /// The rejection, if support rejected the ticket (and did not reopen it since).
    public var rejection: TicketEvent? {
        guard let last = events.last(where: { $0.kind == .rejected || $0.kind == .reopened }) else { return nil }
        return last.kind == .rejected ? last : nil
    }

    /// Who works the ticket (`peerdesk assign`), if anyone.
    public var owner: String? { events.last { $0.kind == .assigned }?.newValue }

    /// Internal notes, oldest first.
    public var notes: [TicketEvent] { events.filter { $0.kind == .note } }

    public var status: TicketStatus {
        TicketStatus.derive(completed: completedSteps, hasErrors: state.hasErrors, isRejected: rejection != nil)
    }

    public var nextStep: RunbookStep? {
        rejection == nil ? RunbookStep.next(completed: completedSteps) : nil
    }

    /// The peering ID recorded at peering-requested (while that step stands).
    public var peeringID: String? { manualSteps[.peeringRequested]?.newValue }

    /// The first customer message we have not answered: after the latest reply (a draft we
    /// wrote or reply-sent); `nil` when nothing waits or the ticket is closed.
    public var waitingSince: Date? {
        if rejection != nil || status == .done { return nil }
        let answered = [
            messages.last { $0.direction == .outgoing }?.storedAt,
            events.last { $0.kind == .step && $0.step == .replySent }?.at,
        ].compactMap { $0 }.max()
        return messages.first { message in
            message.isCustomerMessage && answered.map { message.storedAt > $0 } ?? true
        }?.sentAt
    }

    /// The customer message to answer: the latest one that is not machine-sent.
    public var latestCustomerMessage: TicketMessage? {
        messages.last { $0.isCustomerMessage }
    }
}
