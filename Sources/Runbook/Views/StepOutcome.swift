import Foundation
public import PeeringModel

/// What a staff action on a ticket did (`step`, `step --undo`, `reject`): the ticket after it.
public struct StepOutcome: Encodable, Sendable {
    public enum Action: String, Sendable, Hashable, Encodable {
        case done, undone, rejected, reopened, assigned, unassigned, noted
        case set = "field-set"
        case cleared = "field-cleared"
    }

    public let ticket: Ticket
    public let step: RunbookStep?
    public let action: Action
    public let actor: String
    /// The field a `set` or `clear` changed.
    public let field: RequestField?

    public init(ticket: Ticket, step: RunbookStep?, action: Action, actor: String, field: RequestField? = nil) {
        self.ticket = ticket
        self.step = step
        self.action = action
        self.actor = actor
        self.field = field
    }

    /// "PD-1: peering-requested done by ana (pcx-…); status in-progress, next routes-created".
    public var line: String {
        var text = "\(ticket.reference): "
        text += step.map { "\($0.rawValue) \(action.rawValue)" } ?? action.rawValue
        if let field { text += " \(field.rawValue)" }
        if action == .assigned, let owner = ticket.owner { text += " to \(owner)" }
        text += " by \(actor)"
        if step == .peeringRequested, action == .done, let peering = ticket.peeringID { text += " (\(peering))" }
        text += "; status \(ticket.status.rawValue)"
        if let next = ticket.nextStep { text += ", next \(next.rawValue)" }
        return text
    }

    private struct JSON: Encodable {
        var ticket: String
        @ExplicitNull var step: RunbookStep?
        var action: Action
        var by: String
        var status: TicketStatus
        @ExplicitNull var nextStep: RunbookStep?
        @ExplicitNull var peeringID: String?
        @ExplicitNull var field: RequestField?
        @ExplicitNull var owner: String?

        private enum CodingKeys: String, CodingKey {
            case ticket, step, action, by, status, field, owner
            case nextStep = "next_step"
            case peeringID = "peering_id"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try JSON(
            ticket: ticket.reference,
            step: step,
            action: action,
            by: actor,
            status: ticket.status,
            nextStep: ticket.nextStep,
            peeringID: ticket.peeringID,
            field: field,
            owner: ticket.owner
        ).encode(to: encoder)
    }
}

extension QuarantinedInput: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, source, reason, size, ticket
        case quarantinedAt = "quarantined_at"
        case releasedAt = "released_at"
    }

    /// `quarantine list --format json`: the reference, not the row ID; explicit nulls.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reference, forKey: .id)
        try container.encode(sourceKind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(reason, forKey: .reason)
        try container.encode(size, forKey: .size)
        try container.encode(quarantinedAt, forKey: .quarantinedAt)
        try container.encode(ExplicitNull(wrappedValue: releasedAt), forKey: .releasedAt)
        try container.encode(ExplicitNull(wrappedValue: ticket.map(TicketReference.format)), forKey: .ticket)
    }
}
