import Foundation
import GRDB
import PeeringModel
public import Registry

/// The tickets in the PeerDesk database: reading them, and every change (ingest, steps, undo,
/// rejection, replies), each one transaction that either happens whole or not at all.
///
/// Writes use `BEGIN IMMEDIATE`: a second `peerdesk` process waits for the first (up to the
/// database's busy timeout) instead of reading a state the first is about to change, so guards
/// are checked on the state the event is appended to, and no event is ever lost.
public struct TicketStore: Sendable {
    public let database: PeerDeskDatabase

    public init(database: PeerDeskDatabase) {
        self.database = database
    }

    /// The signer for this database's Message-IDs (its secret is created with the schema).
    public func signer() throws(RunbookError) -> MessageIDSigner {
        let secret = try read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'message-id-secret'")
        }
        guard let secret, secret.count >= 16 else {
            throw RunbookError.corruptRow(table: "setting", id: 0, reason: "the Message-ID secret is missing")
        }
        return MessageIDSigner(secret: secret)
    }

    /// One ticket with its history; `noSuchTicket` when it does not exist.
    public func ticket(_ id: Int64) throws(RunbookError) -> Ticket {
        let ticket = try read { db in try Self.loadTickets(db, where: "id = ?", arguments: [id]).first }
        guard let ticket else { throw RunbookError.noSuchTicket(id) }
        return ticket
    }

    /// Every ticket, oldest first.
    public func tickets() throws(RunbookError) -> [Ticket] {
        try read { db in try Self.loadTickets(db, where: nil, arguments: []) }
    }

    /// Visits every ticket, oldest first, in one read transaction, holding only `chunk` tickets
    /// with their history in memory at a time (the queue of a large desk).
    public func forEachTicket(chunk: Int = 1_000, _ body: (Ticket) -> Void) throws(RunbookError) {
        do {
            try database.unsafeReentrantRead { db in
                // One snapshot for the whole walk, however many chunks it takes.
                try db.inTransaction(.deferred) {
                    guard let maximum = try Int64.fetchOne(db, sql: "SELECT max(id) FROM ticket") else {
                        return .commit
                    }
                    var after: Int64 = 0
                    while after < maximum {
                        let upper = after + Int64(chunk)
                        try Self.loadTickets(db, where: "id > ? AND id <= ?", arguments: [after, upper]).forEach(body)
                        after = upper
                    }
                    return .commit
                }
            }
        } catch {
            throw Self.runbookError(error)
        }
    }

    /// The stored bytes of a message.
    public func rawMessage(row: Int64) throws(RunbookError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT raw FROM message WHERE id = ?", arguments: [row]).map { [UInt8]($0) }
        }
    }

    // MARK: - Loading

    static func loadTickets(_ db: Database, where condition: String?, arguments: StatementArguments) throws -> [Ticket]
    {
        let filter = condition.map { " WHERE \($0)" } ?? ""
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT id, created_at, requester_email, requester_name, subject, cluster_id, state FROM ticket"
                + filter + " ORDER BY id",
            arguments: arguments
        )
        guard !rows.isEmpty else { return [] }
        let ticketFilter = condition == nil ? "" : " WHERE ticket_id IN (SELECT id FROM ticket\(filter))"
        var events: [Int64: [TicketEvent]] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT id, ticket_id, at, actor, kind, step, field, old_value, new_value, message_row, note FROM event"
                + ticketFilter + " ORDER BY id",
            arguments: arguments
        ) {
            let ticketID: Int64 = row["ticket_id"]
            events[ticketID, default: []].append(try event(row))
        }
        var messages: [Int64: [TicketMessage]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT id, ticket_id, direction, outcome, message_id, sender, subject, received_at, stored_at,
                       source_path, source_index, auto_reason, delivery_failure
                FROM message
                """ + (condition == nil ? " WHERE ticket_id IS NOT NULL" : ticketFilter) + " ORDER BY id",
            arguments: arguments
        ) {
            let ticketID: Int64 = row["ticket_id"]
            messages[ticketID, default: []].append(try message(row))
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let id: Int64 = row["id"]
            let stateData: Data = row["state"]
            let state: TicketState
            do {
                state = try decoder.decode(TicketState.self, from: stateData)
            } catch {
                throw RunbookError.corruptRow(table: "ticket", id: id, reason: "its state is not readable JSON")
            }
            return Ticket(
                id: id,
                createdAt: row["created_at"],
                requesterEmail: row["requester_email"],
                requesterName: row["requester_name"],
                subject: row["subject"],
                clusterID: row["cluster_id"],
                state: state,
                events: events[id] ?? [],
                messages: messages[id] ?? []
            )
        }
    }

    static func event(_ row: Row) throws -> TicketEvent {
        let id: Int64 = row["id"]
        let kindText: String = row["kind"]
        guard let kind = TicketEvent.Kind(rawValue: kindText) else {
            throw RunbookError.corruptRow(table: "event", id: id, reason: "unknown kind \(kindText)")
        }
        let stepText: String? = row["step"]
        let fieldText: String? = row["field"]
        return TicketEvent(
            id: id,
            at: row["at"],
            actor: row["actor"],
            kind: kind,
            step: stepText.flatMap(RunbookStep.init(rawValue:)),
            field: fieldText.flatMap(RequestField.init(rawValue:)),
            oldValue: row["old_value"],
            newValue: row["new_value"],
            messageRow: row["message_row"],
            note: row["note"]
        )
    }

    private static func message(_ row: Row) throws -> TicketMessage {
        let path: String = row["source_path"]
        let index: Int? = row["source_index"]
        let direction: String = row["direction"]
        return TicketMessage(
            row: row["id"],
            direction: direction == "out" ? .outgoing : .incoming,
            outcome: row["outcome"],
            messageID: row["message_id"],
            sender: row["sender"],
            subject: row["subject"],
            receivedAt: row["received_at"],
            storedAt: row["stored_at"],
            // Not through source_kind: a reply we drafted is stored with "reply", no request's kind.
            source: PeeringRequest.Source.location(path: path, index: index),
            autoReason: row["auto_reason"],
            deliveryFailure: row["delivery_failure"]
        )
    }

    // MARK: - Writing

    /// Appends one event.
    static func record(
        _ db: Database,
        ticket: Int64,
        at: Date,
        actor: String,
        kind: TicketEvent.Kind,
        step: RunbookStep? = nil,
        field: RequestField? = nil,
        oldValue: String? = nil,
        newValue: String? = nil,
        messageRow: Int64? = nil,
        note: String? = nil
    ) throws {
        try append(
            db,
            ticket: ticket,
            event: TicketEvent(
                id: 0,
                at: at,
                actor: actor,
                kind: kind,
                step: step,
                field: field,
                oldValue: oldValue,
                newValue: newValue,
                messageRow: messageRow,
                note: note
            )
        )
    }

    /// Appends one event.
    @discardableResult
    static func append(_ db: Database, ticket: Int64, event: TicketEvent) throws -> Int64 {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO event (ticket_id, at, actor, kind, step, field, old_value, new_value, message_row, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        try statement.execute(arguments: [
            ticket, event.at, event.actor, event.kind.rawValue, event.step?.rawValue, event.field?.rawValue,
            event.oldValue, event.newValue, event.messageRow, event.note,
        ])
        return db.lastInsertedRowID
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(RunbookError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw Self.runbookError(error)
        }
    }

    /// One `BEGIN IMMEDIATE` transaction: the body sees the state its writes apply to.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(RunbookError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw RunbookError.database("the transaction returned nothing") }
                return result
            }
        } catch {
            throw Self.runbookError(error)
        }
    }

    static func runbookError(_ error: any Error) -> RunbookError {
        if let error = error as? RunbookError { return error }
        if let error = error as? DatabaseError { return .database(error.message ?? error.description) }
        return .database(String(describing: error))
    }
}
