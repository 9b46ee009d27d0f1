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

    /// Marks a quarantined input as released after a retry stored it.
    public func release(quarantine id: Int64, ticket: Int64?, at now: Date = Date()) throws(RunbookError) {
        try write { db in
            try db.execute(
                sql: "UPDATE quarantine SET released_at = ?, ticket_id = ? WHERE id = ?",
                arguments: [now, ticket, id]
            )
        }
    }

    /// Records why a retry failed again.
    public func requarantine(_ id: Int64, reason: String) throws(RunbookError) {
        try write { db in
            try db.execute(sql: "UPDATE quarantine SET reason = ? WHERE id = ?", arguments: [reason, id])
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
