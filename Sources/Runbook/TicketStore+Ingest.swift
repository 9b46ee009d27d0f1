public import Foundation
import GRDB
public import PeeringModel
import Registry
public import Validation

/// One input to store: the request intake read, its bytes, and its findings (computed in
/// parallel before the write; a follow-up is re-evaluated on the merged ticket).
public struct IngestInput: Sendable {
    public var request: PeeringRequest
    /// The message as received, or the export record as read.
    public var raw: [UInt8]
    public var findings: [Finding]
    /// SHA-256 of `raw`: the identity of an input without a Message-ID.
    public var contentHash: Data
    /// The state of the ticket this input opens if it is new, encoded here (in parallel) so the
    /// single writer does not have to.
    var newTicketState: Data

    public init(request: PeeringRequest, raw: [UInt8], findings: [Finding]) {
        self.request = request
        self.raw = raw
        self.findings = findings
        newTicketState = TicketState(request: request, message: nil, findings: findings).encodedJSON()
        // A damaged record may have no bytes of its own: its place and reason identify it.
        contentHash =
            raw.isEmpty
            ? ContentHash.of(Array("\(request.source.description)\n\(request.unparseableReason ?? "")".utf8))
            : ContentHash.of(raw)
    }
}

/// What ingest did with one input.
public enum IngestOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    case new
    case followUp = "follow-up"
    case duplicate
    case ignored
    case quarantined
}

public struct IngestResult: Sendable {
    public var outcome: IngestOutcome
    /// The ticket the input made or joined (a duplicate: the ticket of the first copy).
    public var ticket: Int64?
    /// Why: the threading rule that matched, the auto-generated reason, the quarantine reason.
    public var reason: String?
    public var request: PeeringRequest
    /// The ticket's findings after the input (the input's own when it made no ticket).
    public var findings: [Finding]
    /// The ticket's automatic steps after the input.
    public var completedSteps: Set<RunbookStep>
    /// The ticket's status and next step after the input, support's steps included.
    public var ticketStatus: TicketStatus?
    public var nextStep: RunbookStep?
    /// The quarantine entry, for `quarantined`.
    public var quarantineID: Int64?
}

/// The facts ingest works from, read once per run.
public struct IngestSettings: Sendable {
    public var validator: Validator
    public var signer: MessageIDSigner
    /// When the inputs were stored.
    public var now: Date

    public init(validator: Validator, signer: MessageIDSigner, now: Date = Date()) {
        self.validator = validator
        self.signer = signer
        self.now = now
    }
}

extension TicketStore {
    /// Stores a batch in one transaction and gives every input exactly one outcome, in order.
    /// Inputs already stored (same Message-ID, or for inputs without one the same bytes) are
    /// duplicates, so ingesting the same files twice changes nothing.
    public func ingest(_ inputs: [IngestInput], settings: IngestSettings) throws(RunbookError) -> [IngestResult] {
        try write { db in
            var results: [IngestResult] = []
            results.reserveCapacity(inputs.count)
            for input in inputs { results.append(try Self.store(input, db, settings)) }
            return results
        }
    }

    /// Stores one input inside the caller's transaction, with the ticket's status after it.
    static func store(_ input: IngestInput, _ db: Database, _ settings: IngestSettings) throws -> IngestResult {
        var result = try Self.ingest(input, db, settings)
        if let ticket = result.ticket { try Self.addStatus(&result, ticket: ticket, db) }
        return result
    }

    private static func ingest(_ input: IngestInput, _ db: Database, _ settings: IngestSettings) throws -> IngestResult
    {
        let request = input.request
        var result = IngestResult(
            outcome: .duplicate,
            ticket: nil,
            reason: nil,
            request: request,
            findings: input.findings,
            completedSteps: []
        )
        if let reason = request.unparseableReason {
            if let existing = try QuarantineRecord.id(db, contentHash: input.contentHash) {
                result.reason = "already quarantined as Q-\(existing)"
                result.quarantineID = existing
                return result
            }
            var entry = QuarantineRecord(
                contentHash: input.contentHash,
                source: request.source,
                reason: reason,
                raw: Data(input.raw),
                at: settings.now
            )
            try entry.insert(db)
            result.outcome = .quarantined
            result.reason = reason
            result.quarantineID = entry.id
            return result
        }
        if let duplicate = try duplicateOf(input, db) {
            result.ticket = duplicate.ticket
            result.reason = duplicate.reason
            if let ticket = duplicate.ticket, let state = try loadState(db, ticket) {
                result.findings = state.findings
                result.completedSteps = state.automaticSteps
            }
            return result
        }
        let thread = try Threading.find(request, raw: input.raw, db: db, settings: settings)
        if let autoReason = request.autoGeneratedReason {
            let row = try insertMessage(db, input, ticket: thread?.ticket, outcome: .ignored, now: settings.now)
            result.outcome = .ignored
            result.ticket = thread?.ticket
            result.reason = autoReason
            if let thread {
                try record(
                    db,
                    ticket: thread.ticket,
                    at: settings.now,
                    actor: request.requesterEmail ?? "unknown sender",
                    kind: .ignoredMessage,
                    messageRow: row,
                    note: autoReason
                )
                if request.isDeliveryReport { try markBounced(db, input, thread: thread, row: row, settings) }
            }
            return result
        }
        if let thread {
            return try followUp(db, input, thread: thread, settings)
        }
        return try newTicket(db, input, settings)
    }

    /// The ticket's status after the input: its automatic steps and error findings, replayed
    /// with support's steps and a rejection (one indexed query; a new ticket has none).
    private static func addStatus(_ result: inout IngestResult, ticket: Int64, _ db: Database) throws {
        var automatic = result.completedSteps
        var hasErrors = result.findings.contains { $0.severity == .error }
        if result.outcome == .ignored, let state = try loadState(db, ticket) {
            automatic = state.automaticSteps
            hasErrors = state.hasErrors
        }
        let (manual, rejected, _) = result.outcome == .new ? ([], false, nil) : try supportSteps(db, ticket)
        let completed = RunbookStep.completed(automatic: automatic, manual: manual)
        result.ticketStatus = TicketStatus.derive(completed: completed, hasErrors: hasErrors, isRejected: rejected)
        result.nextStep = rejected ? nil : RunbookStep.next(completed: completed)
    }

    /// The steps support did on a ticket and has not undone, and whether it was rejected (one
    /// indexed query).
    static func supportSteps(
        _ db: Database,
        _ ticket: Int64
    ) throws -> (steps: Set<RunbookStep>, rejected: Bool, peeringID: String?) {
        let events = try EventRecord.supportEvents(db, ticket: ticket).map { record in try record.makeEvent() }
        let closing = events.last { $0.kind == .rejected || $0.kind == .reopened }
        let standing = Ticket.standingSteps(events)
        return (Set(standing.keys), closing?.kind == .rejected, standing[.peeringRequested]?.newValue)
    }

    private static func duplicateOf(_ input: IngestInput, _ db: Database) throws -> (ticket: Int64?, reason: String)? {
        if let messageID = input.request.source.messageID {
            let stored = try MessageRecord.stored(db, messageID: messageID)
            return stored.found ? (stored.ticket, "Message-ID \(messageID) was stored before") : nil
        }
        let stored = try MessageRecord.stored(db, contentHash: input.contentHash)
        return stored.found ? (stored.ticket, "the same content was stored before") : nil
    }

    private static func newTicket(
        _ db: Database,
        _ input: IngestInput,
        _ settings: IngestSettings
    ) throws
        -> IngestResult
    {
        let request = input.request
        var stored = TicketRecord(
            createdAt: settings.now,
            requesterEmail: request.requesterEmail,
            requesterName: request.requesterName,
            subject: request.subject,
            clusterID: request.first(.clusterID),
            vpcID: request.first(.vpcID),
            state: input.newTicketState
        )
        try stored.insertRow(db)
        let ticket = stored.id ?? db.lastInsertedRowID
        var findings = input.findings
        if let vpc = stored.vpcID, let duplicate = try duplicateRequest(db, ticket: ticket, vpc: vpc) {
            var state = try decodeState(input.newTicketState, ticket: ticket)
            state.findings.append(duplicate)
            findings = state.findings
            try saveState(db, ticket, state)
        }
        let row = try insertMessage(db, input, ticket: ticket, outcome: .new, now: settings.now)
        let automatic = RunbookStep.automatic(
            hasAllDetails: request.hasAllDetails,
            hasErrors: input.findings.contains { $0.severity == .error }
        )
        let actor = request.requesterEmail ?? "unknown sender"
        try record(
            db,
            ticket: ticket,
            at: settings.now,
            actor: actor,
            kind: .message,
            messageRow: row,
            note: "new ticket from \(request.source.description)"
        )
        try recordAutomaticSteps(db, ticket, before: [], after: automatic, settings.now)
        if let vpc = stored.vpcID, findings.contains(where: { $0.code == .duplicateRequest }) {
            try refreshDuplicates(
                db,
                of: ticket,
                vpc: vpc,
                flagged: false,
                validator: settings.validator,
                at: settings.now
            )
        }
        return IngestResult(
            outcome: .new,
            ticket: ticket,
            reason: nil,
            request: request,
            findings: findings,
            completedSteps: automatic
        )
    }

    private static func followUp(
        _ db: Database,
        _ input: IngestInput,
        thread: Threading.Match,
        _ settings: IngestSettings
    ) throws -> IngestResult {
        let request = input.request
        let ticket = thread.ticket
        guard let header = try TicketRecord.row(db, id: ticket) else { throw RunbookError.noSuchTicket(ticket) }
        var state = try decodeState(header.state, ticket: ticket)
        let row = try insertMessage(db, input, ticket: ticket, outcome: .followUp, now: settings.now)
        let actor = request.requesterEmail ?? "unknown sender"
        try record(
            db,
            ticket: ticket,
            at: settings.now,
            actor: actor,
            kind: .message,
            messageRow: row,
            note: "follow-up from \(request.source.description) (\(thread.rule))"
        )
        let support = try supportSteps(db, ticket)
        let manual = support.steps
        let before = RunbookStep.completed(automatic: state.automaticSteps, manual: manual)
        let oldFindings = state.findings
        let merge = state.merge(request, message: row, rules: .init(isLocked: manual.contains(.peeringRequested)))
        for change in merge.changes {
            try record(
                db,
                ticket: ticket,
                at: settings.now,
                actor: actor,
                kind: .fieldChanged,
                field: change.field,
                oldValue: change.old.isEmpty ? nil : change.old.joined(separator: ", "),
                newValue: change.new.joined(separator: ", "),
                messageRow: row
            )
        }
        for hold in merge.held {
            try record(
                db,
                ticket: ticket,
                at: settings.now,
                actor: actor,
                kind: .changeHeld,
                field: hold.field,
                oldValue: hold.current.joined(separator: ", "),
                newValue: hold.proposed.joined(separator: ", "),
                messageRow: row,
                note: hold.reason == .staffValue ? "staff set this field" : "after peering-requested"
            )
        }
        let merged = state.request(
            requesterEmail: header.requesterEmail,
            requesterName: header.requesterName,
            subject: header.subject,
            source: request.source,
            peeringID: support.peeringID
        )
        state.findings = try findings(
            db,
            ticket: ticket,
            state: state,
            validated: settings.validator.findings(for: merged),
            storedVPC: header.vpcID,
            validator: settings.validator,
            at: settings.now
        )
        let oldCodes = oldFindings.map(\.code.rawValue)
        let newCodes = state.findings.map(\.code.rawValue)
        if oldCodes != newCodes {
            try record(
                db,
                ticket: ticket,
                at: settings.now,
                actor: "peerdesk",
                kind: .findingsChanged,
                oldValue: oldCodes.isEmpty ? "none" : oldCodes.joined(separator: ", "),
                newValue: newCodes.isEmpty ? "none" : newCodes.joined(separator: ", "),
                messageRow: row
            )
        }
        try saveState(db, ticket, state)
        if let cluster = state.values[.clusterID]?.first?.canonical {
            try TicketRecord.updateCluster(db, id: ticket, cluster)
        }
        let after = RunbookStep.completed(automatic: state.automaticSteps, manual: manual)
        try recordAutomaticSteps(db, ticket, before: before, after: after, settings.now)
        return IngestResult(
            outcome: .followUp,
            ticket: ticket,
            reason: thread.rule,
            request: request,
            findings: state.findings,
            completedSteps: state.automaticSteps
        )
    }

    private static func markBounced(
        _ db: Database,
        _ input: IngestInput,
        thread: Threading.Match,
        row: Int64,
        _ settings: IngestSettings
    ) throws {
        let reason = input.request.autoGeneratedReason ?? "a delivery status report"
        for (messageID, ticket) in settings.signer.tickets(quotedIn: input.raw) where ticket == thread.ticket {
            let failure = "bounced (\(input.request.source.description))"
            guard try MessageRecord.markUndelivered(db, messageID: messageID, failure: failure) else { continue }
            try record(
                db,
                ticket: ticket,
                at: settings.now,
                actor: input.request.requesterEmail ?? "mailer-daemon",
                kind: .bounce,
                newValue: messageID,
                messageRow: row,
                note: "the reply \(messageID) was not delivered: \(reason)"
            )
        }
    }

    private static func insertMessage(
        _ db: Database,
        _ input: IngestInput,
        ticket: Int64?,
        outcome: IngestOutcome,
        now: Date
    ) throws -> Int64 {
        let request = input.request
        var record = MessageRecord(
            ticketID: ticket,
            direction: .incoming,
            outcome: outcome.rawValue,
            messageID: request.source.messageID,
            contentHash: input.contentHash,
            sourceKind: request.source.kind.rawValue,
            sourcePath: request.source.path,
            sourceIndex: request.source.index,
            sender: request.requesterEmail,
            subject: request.subject,
            receivedAt: request.receivedAt,
            storedAt: now,
            autoReason: request.autoGeneratedReason,
            externalID: request.source.externalID,
            raw: Data(input.raw)
        )
        try record.insertRow(db)
        return record.id ?? db.lastInsertedRowID
    }

    static func recordAutomaticSteps(
        _ db: Database,
        _ ticket: Int64,
        before: Set<RunbookStep>,
        after: Set<RunbookStep>,
        _ now: Date
    ) throws {
        for step in [RunbookStep.detailsReceived, .validated] where before.contains(step) != after.contains(step) {
            try record(
                db,
                ticket: ticket,
                at: now,
                actor: "peerdesk",
                kind: .automaticStep,
                step: step,
                note: after.contains(step) ? "done" : "undone"
            )
        }
    }

    static func loadState(_ db: Database, _ ticket: Int64) throws -> TicketState? {
        guard let data = try TicketRecord.state(db, id: ticket) else { return nil }
        return try decodeState(data, ticket: ticket)
    }

    static func decodeState(_ data: Data, ticket: Int64) throws -> TicketState {
        do {
            return try JSONDecoder().decode(TicketState.self, from: data)
        } catch {
            throw RunbookError.corruptRow(table: "ticket", id: ticket, reason: "its state is not readable JSON")
        }
    }

    static func saveState(_ db: Database, _ ticket: Int64, _ state: TicketState) throws {
        try TicketRecord.updateState(db, id: ticket, state.encodedJSON())
    }
}
