import Foundation
import GRDB
import PeeringModel

/// A row of `event`: the append-only history of a ticket.
struct EventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let kind = Column(CodingKeys.kind)
        static let step = Column(CodingKeys.step)
        static let newValue = Column(CodingKeys.newValue)
    }

    var id: Int64?
    var ticketID: Int64
    var at: Date
    var actor: String
    var kind: String
    var step: String?
    var field: String?
    var oldValue: String?
    var newValue: String?
    var messageRow: Int64?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, at, actor, kind, step, field, note
        case ticketID = "ticket_id"
        case oldValue = "old_value"
        case newValue = "new_value"
        case messageRow = "message_row"
    }

    init(ticket: Int64, _ event: TicketEvent) {
        ticketID = ticket
        at = event.at
        actor = event.actor
        kind = event.kind.rawValue
        step = event.step?.rawValue
        field = event.field?.rawValue
        oldValue = event.oldValue
        newValue = event.newValue
        messageRow = event.messageRow
        note = event.note
    }

    init(row: Row) {
        id = row[CodingKeys.id.rawValue]
        ticketID = row[CodingKeys.ticketID.rawValue]
        at = row[CodingKeys.at.rawValue]
        actor = row[CodingKeys.actor.rawValue]
        kind = row[CodingKeys.kind.rawValue]
        step = row[CodingKeys.step.rawValue]
        field = row[CodingKeys.field.rawValue]
        oldValue = row[CodingKeys.oldValue.rawValue]
        newValue = row[CodingKeys.newValue.rawValue]
        messageRow = row[CodingKeys.messageRow.rawValue]
        note = row[CodingKeys.note.rawValue]
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    private static let insertSQL = """
        INSERT INTO event (ticket_id, at, actor, kind, step, field, old_value, new_value, message_row, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts the row through one cached statement: ingest appends two to five events per
    /// input, and GRDB's generic `insert` encodes and builds a statement per row.
    mutating func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: [
            ticketID, StoredDate.databaseValue(at), actor, kind, step, field, oldValue, newValue, messageRow, note,
        ])
        id = db.lastInsertedRowID
    }

    /// The events of the selected tickets, oldest first.
    static func fetchAll(_ db: Database, _ selection: TicketSelection) throws -> [EventRecord] {
        var request = all()
        if let filter = selection.filter(Columns.ticketID) { request = request.filter(filter) }
        return try request.order(Columns.id).fetchAll(db)
    }

    /// The kinds that decide which steps support did and whether the ticket is closed.
    static let supportKinds: [TicketEvent.Kind] = [.step, .undo, .rejected, .reopened]

    private static let supportEventsSQL =
        "SELECT * FROM event WHERE ticket_id = ? AND kind IN ("
        + supportKinds.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ") ORDER BY id"

    /// A ticket's step, undo, rejection and reopening events, oldest first (one indexed query).
    static func supportEvents(_ db: Database, ticket: Int64) throws -> [EventRecord] {
        try fetchAll(db.cachedStatement(sql: supportEventsSQL), arguments: [ticket])
    }

    /// Tickets other than `besides` that once recorded `peering-requested` with this peering ID.
    static func ticketsThatRequested(_ db: Database, peering: String, besides: Int64) throws -> [Int64] {
        try filter(
            Columns.kind == TicketEvent.Kind.step.rawValue && Columns.step == RunbookStep.peeringRequested.rawValue
                && Columns.newValue == peering && Columns.ticketID != besides
        )
        .select(Columns.ticketID, as: Int64.self).distinct().fetchAll(db)
    }

    func makeEvent() throws(RunbookError) -> TicketEvent {
        guard let kind = TicketEvent.Kind(rawValue: kind) else {
            throw RunbookError.corruptRow(table: Self.databaseTableName, id: id ?? 0, reason: "unknown kind \(kind)")
        }
        return TicketEvent(
            id: id ?? 0,
            at: at,
            actor: actor,
            kind: kind,
            step: step.flatMap(RunbookStep.init(rawValue:)),
            field: field.flatMap(RequestField.init(rawValue:)),
            oldValue: oldValue,
            newValue: newValue,
            messageRow: messageRow,
            note: note
        )
    }
}
