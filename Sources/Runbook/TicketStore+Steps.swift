public import Foundation
import GRDB
import PeeringModel

extension TicketStore {
    /// Does one runbook step, if its guard allows, in one transaction: the guard is checked on
    /// the state the event is appended to. `peering-requested` records a valid `peeringID`.
    @discardableResult
    public func step(
        _ step: RunbookStep,
        ticket id: Int64,
        peeringID: String? = nil,
        actor: String,
        note: String? = nil,
        at now: Date = Date()
    ) throws(RunbookError) -> Ticket {
        var recorded: String?
        if step == .peeringRequested {
            guard let peeringID else {
                throw RunbookError.peeringIDRequired(ticket: id)
            }
            do {
                recorded = try PeeringID(parsing: peeringID).rawValue
            } catch {
                throw RunbookError.invalidPeeringID(error)
            }
        } else if peeringID != nil {
            throw RunbookError.peeringIDNotExpected(ticket: id, step: step)
        }
        let peering = recorded
        return try write { db in
            let ticket = try unchanged(Self.lockedTicket(db, id))
            if let rejection = ticket.rejection {
                throw RunbookError.refused(
                    ticket: id,
                    reason: "the ticket was rejected (\(rejection.note ?? "no reason given")) by \(rejection.actor)"
                )
            }
            if let failure = step.guardFailure(completed: ticket.completedSteps) {
                throw RunbookError.guardFailed(ticket: id, failure)
            }
            if step == .peeringRequested, let peering { try Self.recordPeering(db, ticket, id: peering) }
            try Self.record(
                db,
                ticket: id,
                at: now,
                actor: actor,
                kind: .step,
                step: step,
                newValue: peering,
                note: note
            )
            let after = try Self.lockedTicket(db, id)
            try Self.followPeering(db, after, step: step, undone: false)
            return after
        }
    }

    /// Undoes the latest step support did (automatic steps follow the findings and cannot be undone).
    @discardableResult
    public func undo(
        ticket id: Int64,
        actor: String,
        note: String? = nil,
        at now: Date = Date()
    ) throws(RunbookError)
        -> (step: RunbookStep, ticket: Ticket)
    {
        try write { db in
            let ticket = try unchanged(Self.lockedTicket(db, id))
            let standing = ticket.manualSteps
            guard let latest = standing.values.max(by: { $0.id < $1.id }), let step = latest.step else {
                throw RunbookError.refused(ticket: id, reason: "no step to undo (automatic steps follow the findings)")
            }
            try Self.followPeering(db, ticket, step: step, undone: true)
            try Self.record(db, ticket: id, at: now, actor: actor, kind: .undo, step: step, note: note)
            return (step, try Self.lockedTicket(db, id))
        }
    }

    /// Closes the ticket without peering.
    @discardableResult
    public func reject(
        ticket id: Int64,
        reason: String,
        actor: String,
        at now: Date = Date()
    ) throws(RunbookError)
        -> Ticket
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw RunbookError.refused(ticket: id, reason: "a rejection needs a reason (--reason TEXT)")
        }
        return try write { db in
            let ticket = try unchanged(Self.lockedTicket(db, id))
            if let rejection = ticket.rejection {
                throw RunbookError.refused(ticket: id, reason: "it was already rejected by \(rejection.actor)")
            }
            if ticket.status == .done {
                throw RunbookError.refused(ticket: id, reason: "it is done (the customer added their route)")
            }
            try Self.record(db, ticket: id, at: now, actor: actor, kind: .rejected, note: reason)
            return try Self.lockedTicket(db, id)
        }
    }

    /// Stores a reply draft written as an RFC 5322 message, so the customer's answer threads
    /// back by its Message-ID and a bounce can mark it as not delivered.
    public func recordReply(
        ticket id: Int64,
        kind: ReplyKind,
        messageID: String,
        from sender: String,
        subject: String,
        raw: [UInt8],
        actor: String,
        at now: Date = Date()
    ) throws(RunbookError) {
        try write { db in
            _ = try Self.lockedTicket(db, id)
            var message = MessageRecord(
                ticketID: id,
                direction: .outgoing,
                outcome: kind.rawValue,
                messageID: messageID,
                contentHash: ContentHash.of(raw),
                sourceKind: "reply",
                sourcePath: "peerdesk reply",
                sender: sender,
                subject: subject,
                storedAt: now,
                raw: Data(raw)
            )
            try message.insertRow(db)
            let row = message.id ?? db.lastInsertedRowID
            try Self.record(
                db,
                ticket: id,
                at: now,
                actor: actor,
                kind: .replyDrafted,
                newValue: messageID,
                messageRow: row,
                note: kind.rawValue
            )
        }
    }

    static func lockedTicket(_ db: Database, _ id: Int64) throws -> Ticket {
        guard let ticket = try loadTickets(db, .one(id)).first else {
            throw RunbookError.noSuchTicket(id)
        }
        return ticket
    }
}
