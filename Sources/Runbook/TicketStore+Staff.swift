public import Foundation
import GRDB
public import PeeringModel
public import Registry
public import Validation

/// What a re-evaluation changed on one ticket.
public struct Revalidation: Sendable, Hashable, Encodable {
    public var ticket: Int64
    public var oldStatus: TicketStatus
    public var newStatus: TicketStatus
    public var oldCodes: [FindingCode]
    public var newCodes: [FindingCode]

    private enum CodingKeys: String, CodingKey {
        case ticket
        case oldStatus = "old_status"
        case newStatus = "new_status"
        case oldCodes = "old_findings"
        case newCodes = "new_findings"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(TicketReference.format(ticket), forKey: .ticket)
        try container.encode(oldStatus, forKey: .oldStatus)
        try container.encode(newStatus, forKey: .newStatus)
        try container.encode(oldCodes, forKey: .oldCodes)
        try container.encode(newCodes, forKey: .newCodes)
    }

    public var changedFindings: Bool { oldCodes != newCodes }
    public var changedStatus: Bool { oldStatus != newStatus }
}

/// Staff's own changes to a ticket (DESIGN.md: `set`, `revalidate`, `reopen`, `assign`, `note`),
/// each one transaction and one or more events by the actor.
extension TicketStore {
    /// Sets one of the six fields to values staff give, checked like a customer's (a value that is
    /// not valid throws `invalidValue` and changes nothing). The field is staff's from then on: a
    /// customer's different value is held, not applied. Findings are re-evaluated.
    @discardableResult
    public func set(
        _ field: RequestField,
        to texts: [String],
        ticket id: Int64,
        actor: String,
        note: String? = nil,
        validator: Validator? = nil,
        at now: Date = Date()
    ) throws(RunbookError) -> Ticket {
        guard !texts.isEmpty else { throw RunbookError.noValue(field) }
        if texts.count > 1, !field.takesSeveralValues { throw RunbookError.oneValueOnly(field) }
        var values: [TicketState.Value] = []
        for text in texts {
            let raw = text.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let canonical = try field.canonicalValue(raw, regions: validator?.regions ?? .standard)
                guard !values.contains(where: { $0.canonical == canonical }) else { continue }
                values.append(
                    TicketState.Value(canonical: canonical, raw: raw, message: nil, source: "staff (\(actor))")
                )
            } catch {
                throw RunbookError.invalidValue(field, error)
            }
        }
        return try edit(id, field: field, to: values, actor: actor, note: note, validator: validator, at: now)
    }

    /// Removes a field's value (a wrong value extraction took); the customer may give it again.
    @discardableResult
    public func clear(
        _ field: RequestField,
        ticket id: Int64,
        actor: String,
        note: String? = nil,
        validator: Validator? = nil,
        at now: Date = Date()
    ) throws(RunbookError) -> Ticket {
        try edit(id, field: field, to: [], actor: actor, note: note, validator: validator, at: now)
    }

    private func edit(
        _ id: Int64,
        field: RequestField,
        to values: [TicketState.Value],
        actor: String,
        note: String?,
        validator: Validator?,
        at now: Date
    ) throws(RunbookError) -> Ticket {
        let validator = if let validator { validator } else { try currentValidator() }
        return try write { db in
            let ticket = try unchanged(Self.lockedTicket(db, id))
            if let rejection = ticket.rejection {
                throw RunbookError.refused(
                    ticket: id,
                    reason: "the ticket was rejected (\(rejection.note ?? "")); reopen it first"
                )
            }
            var state = ticket.state
            let old = state.values[field]?.map(\.canonical) ?? []
            state.values[field] = values.isEmpty ? nil : values
            state.staffFields.insert(field)
            state.heldChanges.removeAll { $0.field == field }
            state.conflicts.remove(field)
            state.invalid[field] = nil
            try Self.record(
                db,
                ticket: id,
                at: now,
                actor: actor,
                kind: .fieldSet,
                field: field,
                oldValue: old.isEmpty ? nil : old.joined(separator: ", "),
                newValue: values.isEmpty ? nil : values.map(\.canonical).joined(separator: ", "),
                note: note
            )
            try Self.reevaluate(db, ticket, state: state, validator: validator, actor: actor, at: now)
            return try Self.lockedTicket(db, id)
        }
    }

    /// Re-evaluates the findings of the named tickets (every open one when `ids` is empty)
    /// against the registry now, and gives what changed. Steps follow, except that a ticket past
    /// peering-requested never moves backwards.
    public func revalidate(
        _ ids: [Int64] = [],
        validator: Validator? = nil,
        actor: String = "peerdesk",
        at now: Date = Date()
    ) throws(RunbookError) -> [Revalidation] {
        let validator = if let validator { validator } else { try currentValidator() }
        var wanted = ids
        if wanted.isEmpty {
            try forEachTicket { ticket in
                if ticket.rejection == nil, ticket.status != .done { wanted.append(ticket.id) }
            }
        }
        let chosen = wanted
        return try write { db in
            var changes: [Revalidation] = []
            for id in chosen {
                let ticket = try Self.lockedTicket(db, id)
                let after = try Self.reevaluate(
                    db,
                    ticket,
                    state: ticket.state,
                    validator: validator,
                    actor: actor,
                    at: now
                )
                let change = Revalidation(
                    ticket: id,
                    oldStatus: ticket.status,
                    newStatus: after.status,
                    oldCodes: ticket.state.findings.map(\.code),
                    newCodes: after.state.findings.map(\.code)
                )
                if change.changedFindings || change.changedStatus { changes.append(change) }
            }
            return changes
        }
    }

    /// A rejected or done ticket becomes open again: a rejection is lifted, and a done ticket
    /// waits on the customer's route again.
    @discardableResult
    public func reopen(
        ticket id: Int64,
        reason: String,
        actor: String,
        at now: Date = Date()
    ) throws(RunbookError)
        -> Ticket
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw RunbookError.refused(ticket: id, reason: "a reopen needs a reason") }
        return try appendEvent(id) { ticket in
            guard ticket.rejection != nil || ticket.status == .done else {
                throw RunbookError.refused(
                    ticket: id,
                    reason: "it is \(ticket.status.rawValue), not rejected or done: there is nothing to reopen"
                )
            }
            return TicketEvent(id: 0, at: now, actor: actor, kind: .reopened, note: reason)
        }
    }

    /// Gives the ticket an owner (`nil`: nobody).
    @discardableResult
    public func assign(
        ticket id: Int64,
        to owner: String?,
        actor: String,
        at now: Date = Date()
    ) throws(RunbookError)
        -> Ticket
    {
        let owner = owner?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let owner, owner.isEmpty { throw RunbookError.refused(ticket: id, reason: "the owner's name is empty") }
        return try appendEvent(id) { ticket in
            guard ticket.owner != owner else { return nil }
            return TicketEvent(id: 0, at: now, actor: actor, kind: .assigned, oldValue: ticket.owner, newValue: owner)
        }
    }

    /// An internal note: in the history, never in a reply.
    @discardableResult
    public func note(
        ticket id: Int64,
        text: String,
        actor: String,
        at now: Date = Date()
    ) throws(RunbookError)
        -> Ticket
    {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RunbookError.refused(ticket: id, reason: "the note is empty") }
        return try appendEvent(id) { _ in TicketEvent(id: 0, at: now, actor: actor, kind: .note, note: text) }
    }

    /// One transaction: the event `make` gives for the ticket as it is (none: nothing to do),
    /// then the ticket after it.
    private func appendEvent(
        _ id: Int64,
        _ make: @escaping @Sendable (Ticket) throws -> TicketEvent?
    ) throws(RunbookError) -> Ticket {
        try write { db in
            let ticket = try unchanged(Self.lockedTicket(db, id))
            guard let event = try make(ticket) else { return ticket }
            try Self.append(db, ticket: id, event: event)
            return try Self.lockedTicket(db, id)
        }
    }

    /// Validation against the registry as it is now.
    public func currentValidator() throws(RunbookError) -> Validator {
        Validator(snapshot: try registrySnapshot())
    }

    /// Validates the ticket's values as they are in `state`, adds the desk's own findings, stores
    /// the state with a findings-changed event when the codes changed, and the automatic steps
    /// that follow (never backwards past peering-requested). Returns the ticket after it.
    @discardableResult
    static func reevaluate(
        _ db: Database,
        _ ticket: Ticket,
        state: TicketState,
        validator: Validator,
        actor: String,
        at now: Date,
        messageRow: Int64? = nil
    ) throws -> Ticket {
        var state = state
        let request = state.request(
            requesterEmail: ticket.requesterEmail,
            requesterName: ticket.requesterName,
            subject: ticket.subject,
            source: PeeringRequest.Source(kind: .email, path: ticket.reference),
            peeringID: ticket.peeringID
        )
        let storedVPC = try TicketRecord.vpc(db, id: ticket.id)
        state.findings = try findings(
            db,
            ticket: ticket.id,
            state: state,
            validated: validator.findings(for: request),
            storedVPC: storedVPC,
            validator: validator,
            at: now
        )
        let oldCodes = ticket.state.findings.map(\.code.rawValue)
        let newCodes = state.findings.map(\.code.rawValue)
        if oldCodes != newCodes {
            try record(
                db,
                ticket: ticket.id,
                at: now,
                actor: actor,
                kind: .findingsChanged,
                oldValue: oldCodes.isEmpty ? "none" : oldCodes.joined(separator: ", "),
                newValue: newCodes.isEmpty ? "none" : newCodes.joined(separator: ", "),
                messageRow: messageRow
            )
        }
        try saveState(db, ticket.id, state)
        let cluster = state.values[.clusterID]?.first?.canonical
        if cluster != ticket.clusterID?.rawValue {
            try TicketRecord.updateCluster(db, id: ticket.id, cluster)
        }
        var after = ticket
        after.state = state
        try recordAutomaticSteps(db, ticket.id, before: ticket.completedSteps, after: after.completedSteps, now)
        return after
    }
}

/// What `registry import` did: each file's counts, and the open tickets whose findings changed.
public struct RegistryImportResult: Sendable {
    public var summaries: [ImportSummary]
    public var revalidations: [Revalidation]
    /// Why the tickets could not be re-evaluated (the registry was imported all the same; run
    /// `revalidate` again).
    public var revalidationFailure: RunbookError?

    /// How many open tickets changed status.
    public var changedStatus: Int { revalidations.filter(\.changedStatus).count }
}

extension TicketStore {
    /// Imports registry files (all or nothing), then re-evaluates every open ticket against the
    /// new registry, so no finding or reply draft goes stale ("cluster not active" after the
    /// cluster became active).
    public func importRegistry(_ files: [RegistryFile]) throws(RegistryImportError) -> RegistryImportResult {
        let summaries = try database.importRegistry(files)
        do {
            return RegistryImportResult(summaries: summaries, revalidations: try revalidate())
        } catch {
            return RegistryImportResult(summaries: summaries, revalidations: [], revalidationFailure: error)
        }
    }
}
