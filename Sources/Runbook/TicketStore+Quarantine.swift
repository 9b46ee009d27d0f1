public import Foundation
import GRDB
import PeeringModel

/// An input ingest could not read as a request, kept with its bytes and the reason.
public struct QuarantinedInput: Sendable, Hashable {
    public var id: Int64
    public var sourceKind: String
    public var source: String
    public var reason: String
    public var size: Int
    public var quarantinedAt: Date
    /// Set when a retry turned it into a ticket (or found it a duplicate).
    public var releasedAt: Date?
    public var ticket: Int64?

    /// "Q-3".
    public var reference: String { QuarantineReference.format(id) }
}

extension TicketStore {
    /// Quarantined inputs, oldest first; released ones only when asked.
    public func quarantined(includeReleased: Bool = false) throws(RunbookError) -> [QuarantinedInput] {
        try read { db in try QuarantineRecord.entries(db, includeReleased: includeReleased) }
    }

    /// One quarantined input and its bytes.
    public func quarantined(_ id: Int64) throws(RunbookError) -> (entry: QuarantinedInput, raw: [UInt8]) {
        let found = try read { db in try QuarantineRecord.entry(db, id: id) }
        guard let found else { throw RunbookError.noSuchQuarantine(id) }
        return found
    }

    /// Stores a quarantined input read again, in one transaction. When it still does not read,
    /// the entry stays quarantined with the new reason (outcome `quarantined`); otherwise it is
    /// stored as ingest would store it (new, follow-up, duplicate or ignored) and released, with
    /// the ticket it joined. An entry released meanwhile is refused.
    public func retry(
        quarantine id: Int64,
        with input: IngestInput,
        settings: IngestSettings
    ) throws(RunbookError) -> IngestResult {
        try write { db in
            let entry = try QuarantineRecord.releaseStatus(db, id: id)
            guard entry.exists else { throw RunbookError.noSuchQuarantine(id) }
            if entry.releasedAt != nil { throw RunbookError.quarantineReleased(id) }
            if let reason = input.request.unparseableReason {
                try QuarantineRecord.updateReason(db, id: id, reason)
                return IngestResult(
                    outcome: .quarantined,
                    ticket: nil,
                    reason: reason,
                    request: input.request,
                    findings: input.findings,
                    completedSteps: [],
                    quarantineID: id
                )
            }
            let result = try Self.store(input, db, settings)
            try QuarantineRecord.markReleased(db, id: id, at: settings.now, ticket: result.ticket)
            return result
        }
    }
}
