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
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, source_kind, source_path, source_index, reason, length(raw) AS size, quarantined_at,
                           released_at, ticket_id
                    FROM quarantine
                    """ + (includeReleased ? "" : " WHERE released_at IS NULL") + " ORDER BY id"
            ).map(Self.quarantinedInput)
        }
    }

    /// One quarantined input and its bytes.
    public func quarantined(_ id: Int64) throws(RunbookError) -> (entry: QuarantinedInput, raw: [UInt8]) {
        let found = try read { db -> (QuarantinedInput, [UInt8])? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, source_kind, source_path, source_index, reason, length(raw) AS size, quarantined_at,
                               released_at, ticket_id, raw
                        FROM quarantine WHERE id = ?
                        """,
                    arguments: [id]
                )
            else { return nil }
            let raw: Data = row["raw"]
            return (try Self.quarantinedInput(row), [UInt8](raw))
        }
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
            guard
                let releasedAt = try Row.fetchOne(
                    db,
                    sql: "SELECT released_at FROM quarantine WHERE id = ?",
                    arguments: [id]
                )
            else { throw RunbookError.noSuchQuarantine(id) }
            if (releasedAt["released_at"] as Date?) != nil { throw RunbookError.quarantineReleased(id) }
            if let reason = input.request.unparseableReason {
                try db.execute(sql: "UPDATE quarantine SET reason = ? WHERE id = ?", arguments: [reason, id])
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
            try db.execute(
                sql: "UPDATE quarantine SET released_at = ?, ticket_id = ? WHERE id = ?",
                arguments: [settings.now, result.ticket, id]
            )
            return result
        }
    }

    private static func quarantinedInput(_ row: Row) throws -> QuarantinedInput {
        let id: Int64 = row["id"]
        let kindText: String = row["source_kind"]
        guard let kind = PeeringRequest.Source.Kind(rawValue: kindText) else {
            throw RunbookError.corruptRow(table: "quarantine", id: id, reason: "unknown source kind \(kindText)")
        }
        let path: String = row["source_path"]
        let index: Int? = row["source_index"]
        return QuarantinedInput(
            id: id,
            sourceKind: kind.rawValue,
            source: PeeringRequest.Source(kind: kind, path: path, index: index).description,
            reason: row["reason"],
            size: row["size"],
            quarantinedAt: row["quarantined_at"],
            releasedAt: row["released_at"],
            ticket: row["ticket_id"]
        )
    }
}
