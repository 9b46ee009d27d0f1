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
    /// When set, a change to a ticket is refused (`changedSince`, nothing changed) unless the
    /// ticket is still at this version, checked in the change's own transaction.
    public private(set) var requiredVersion: Int64?
    /// The registry as last read, kept while the registry is unchanged (shared by copies).
    let registryCache = RegistryCache()

    public init(database: PeerDeskDatabase) {
        self.database = database
    }

    /// This store, refusing changes to a ticket that is no longer at `version` (two staff working
    /// the same ticket: the second one's form is stale, and nothing is lost or done twice).
    public func requiring(version: Int64?) -> TicketStore {
        var store = self
        store.requiredVersion = version
        return store
    }

    /// `ticket`, if it is still at the required version.
    func unchanged(_ ticket: Ticket) throws -> Ticket {
        guard let requiredVersion, ticket.version != requiredVersion else { return ticket }
        throw RunbookError.changedSince(
            ticket: ticket.id,
            latest: ticket.events.max { $0.id < $1.id }
        )
    }

    /// The signer for this database's Message-IDs (its secret is created with the schema).
    public func signer() throws(RunbookError) -> MessageIDSigner {
        let secret = try read { db in
            try SettingRecord.value(db, key: SettingRecord.messageIDSecret)
        }
        guard let secret, secret.count >= 16 else {
            throw RunbookError.corruptRow(table: "setting", id: 0, reason: "the Message-ID secret is missing")
        }
        return MessageIDSigner(secret: secret)
    }

    /// One ticket with its history; `noSuchTicket` when it does not exist.
    public func ticket(_ id: Int64) throws(RunbookError) -> Ticket {
        let ticket = try read { db in try Self.loadTickets(db, .one(id)).first }
        guard let ticket else { throw RunbookError.noSuchTicket(id) }
        return ticket
    }

    /// Every ticket, oldest first.
    public func tickets() throws(RunbookError) -> [Ticket] {
        try read { db in try Self.loadTickets(db, .all) }
    }

    /// Visits every ticket, oldest first, in one read transaction, holding only `chunk` tickets
    /// with their history in memory at a time (the queue of a large desk).
    public func forEachTicket(chunk: Int = 1_000, _ body: (Ticket) -> Void) throws(RunbookError) {
        do {
            try database.unsafeReentrantRead { db in
                // One snapshot for the whole walk, however many chunks it takes.
                try db.inTransaction(.deferred) {
                    guard let maximum = try TicketRecord.maximumID(db) else {
                        return .commit
                    }
                    var after: Int64 = 0
                    while after < maximum {
                        let upper = after + Int64(chunk)
                        try Self.loadTickets(db, .range(after: after, upTo: upper)).forEach(body)
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
            try MessageRecord.raw(db, id: row).map { [UInt8]($0) }
        }
    }

    // MARK: - Loading

    static func loadTickets(_ db: Database, _ selection: TicketSelection) throws -> [Ticket] {
        let records = try TicketRecord.fetchAll(db, selection)
        guard !records.isEmpty else { return [] }
        var events: [Int64: [TicketEvent]] = [:]
        for record in try EventRecord.fetchAll(db, selection) {
            events[record.ticketID, default: []].append(try record.makeEvent())
        }
        var messages: [Int64: [TicketMessage]] = [:]
        for record in try MessageRecord.summaries(db, selection) {
            guard let ticket = record.ticketID else { continue }
            messages[ticket, default: []].append(try record.makeMessage())
        }
        return try records.map { record in
            let id = record.id ?? 0
            return Ticket(
                id: id,
                createdAt: record.createdAt,
                requesterEmail: record.requesterEmail,
                requesterName: record.requesterName,
                subject: record.subject,
                clusterID: record.clusterID.flatMap(ClusterID.init(rawValue:)),
                state: try decodeState(record.state, ticket: id),
                events: events[id] ?? [],
                messages: messages[id] ?? []
            )
        }
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
        var record = EventRecord(ticket: ticket, event)
        try record.insertRow(db)
        return record.id ?? db.lastInsertedRowID
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
