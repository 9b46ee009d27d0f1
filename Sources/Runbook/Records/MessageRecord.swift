import Foundation
import GRDB
import PeeringModel

/// A row of `message`: every message in and out, with its raw bytes.
struct MessageRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "message"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let direction = Column(CodingKeys.direction)
        static let messageID = Column(CodingKeys.messageID)
        static let contentHash = Column(CodingKeys.contentHash)
        static let deliveryFailure = Column(CodingKeys.deliveryFailure)
        static let raw = Column(CodingKeys.raw)
        /// Every column but `raw`: what a ticket's history shows.
        static let summary: [Column] = CodingKeys.allCases.filter { $0 != .raw }.map { Column($0) }
    }

    var id: Int64?
    var ticketID: Int64?
    /// `in` or `out` (`TicketMessage.Direction`).
    var direction: String
    /// An `IngestOutcome` for a message in; the reply kind for a message out.
    var outcome: String
    var messageID: String?
    var contentHash: Data
    /// A `PeeringRequest.Source.Kind`, or `reply` for a reply we drafted.
    var sourceKind: String
    var sourcePath: String
    var sourceIndex: Int?
    var sender: String?
    var subject: String?
    var receivedAt: Date?
    var storedAt: Date
    var autoReason: String?
    var deliveryFailure: String?
    /// `source.external_id` of an export record (`v5-message-external-id`).
    var externalID: String?
    var raw: Data

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, direction, outcome, sender, subject, raw
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case contentHash = "content_hash"
        case sourceKind = "source_kind"
        case sourcePath = "source_path"
        case sourceIndex = "source_index"
        case receivedAt = "received_at"
        case storedAt = "stored_at"
        case autoReason = "auto_reason"
        case deliveryFailure = "delivery_failure"
        case externalID = "external_id"
    }

    /// A row read without its bytes (`Columns.summary`).
    init(row: Row) throws {
        id = row[Columns.id]
        ticketID = row[Columns.ticketID]
        direction = row[Columns.direction]
        outcome = row[CodingKeys.outcome.rawValue]
        messageID = row[Columns.messageID]
        contentHash = row[Columns.contentHash]
        sourceKind = row[CodingKeys.sourceKind.rawValue]
        sourcePath = row[CodingKeys.sourcePath.rawValue]
        sourceIndex = row[CodingKeys.sourceIndex.rawValue]
        sender = row[CodingKeys.sender.rawValue]
        subject = row[CodingKeys.subject.rawValue]
        receivedAt = row[CodingKeys.receivedAt.rawValue]
        storedAt = row[CodingKeys.storedAt.rawValue]
        autoReason = row[CodingKeys.autoReason.rawValue]
        deliveryFailure = row[Columns.deliveryFailure]
        externalID = row[CodingKeys.externalID.rawValue]
        raw = row[Columns.raw] ?? Data()
    }

    init(
        ticketID: Int64?,
        direction: TicketMessage.Direction,
        outcome: String,
        messageID: String?,
        contentHash: Data,
        sourceKind: String,
        sourcePath: String,
        sourceIndex: Int? = nil,
        sender: String?,
        subject: String?,
        receivedAt: Date? = nil,
        storedAt: Date,
        autoReason: String? = nil,
        externalID: String? = nil,
        raw: Data
    ) {
        self.ticketID = ticketID
        self.direction = direction.rawValue
        self.outcome = outcome
        self.messageID = messageID
        self.contentHash = contentHash
        self.sourceKind = sourceKind
        self.sourcePath = sourcePath
        self.sourceIndex = sourceIndex
        self.sender = sender
        self.subject = subject
        self.receivedAt = receivedAt
        self.storedAt = storedAt
        self.autoReason = autoReason
        self.externalID = externalID
        self.raw = raw
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    private static let insertSQL = """
        INSERT INTO message (ticket_id, direction, outcome, message_id, content_hash, source_kind, source_path,
                             source_index, sender, subject, received_at, stored_at, auto_reason, delivery_failure,
                             external_id, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts the row through one cached statement: ingest writes a message per input, and
    /// GRDB's generic `insert` (Codable encoding plus a statement built per row) cost the writer
    /// a third of its time (BENCHMARKS.md, "Ingest (the writer)").
    mutating func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: [
            ticketID, direction, outcome, messageID, contentHash, sourceKind, sourcePath, sourceIndex, sender,
            subject, StoredDate.databaseValue(receivedAt), StoredDate.databaseValue(storedAt), autoReason,
            deliveryFailure, externalID, raw,
        ])
        id = db.lastInsertedRowID
    }

    /// The messages of the selected tickets, oldest first, without their bytes.
    static func summaries(_ db: Database, _ selection: TicketSelection) throws -> [MessageRecord] {
        let filter = selection.filter(Columns.ticketID) ?? (Columns.ticketID != nil)
        return try all().select(Columns.summary).filter(filter).order(Columns.id).asRequest(of: Row.self)
            .fetchAll(db).map(MessageRecord.init(row:))
    }

    static func raw(_ db: Database, id: Int64) throws -> Data? {
        try filter(key: id).select(Columns.raw, as: Data.self).fetchOne(db)
    }

    /// The stored message with this Message-ID: whether there is one, and its ticket.
    static func stored(_ db: Database, messageID: String) throws -> (found: Bool, ticket: Int64?) {
        let statement = try db.cachedStatement(sql: "SELECT ticket_id FROM message WHERE message_id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [messageID]) else { return (false, nil) }
        return (true, row[0])
    }

    /// The ticket of a stored message with this Message-ID that belongs to one.
    static func ticket(_ db: Database, messageID: String) throws -> Int64? {
        let statement = try db.cachedStatement(
            sql: "SELECT ticket_id FROM message WHERE message_id = ? AND ticket_id IS NOT NULL"
        )
        return try Int64.fetchOne(statement, arguments: [messageID])
    }

    /// `v5-message-external-id`: the export record's own ID, kept for `show`.
    static func addExternalIDColumn(_ db: Database) throws {
        try db.alter(table: databaseTableName) { table in table.add(column: CodingKeys.externalID.rawValue, .text) }
    }

    /// Inputs without a Message-ID are found by their bytes through the partial index made for
    /// them; without `INDEXED BY`, SQLite picks the Message-ID index and scans every ID-less row.
    package static let contentDuplicateSQL = """
        SELECT ticket_id FROM message INDEXED BY message_on_content_hash
        WHERE content_hash = ? AND message_id IS NULL
        """

    /// A stored input without a Message-ID with these bytes: whether there is one, and its ticket.
    static func stored(_ db: Database, contentHash: Data) throws -> (found: Bool, ticket: Int64?) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: contentDuplicateSQL), arguments: [contentHash])
        else { return (false, nil) }
        return (true, row[Columns.ticketID])
    }

    /// Marks our reply `messageID` as not delivered; whether there was such a reply.
    static func markUndelivered(_ db: Database, messageID: String, failure: String) throws -> Bool {
        try filter(Columns.messageID == messageID && Columns.direction == TicketMessage.Direction.outgoing.rawValue)
            .updateAll(db, Columns.deliveryFailure.set(to: failure)) > 0
    }

    func makeMessage() throws(RunbookError) -> TicketMessage {
        let direction: TicketMessage.Direction =
            direction == TicketMessage.Direction.outgoing.rawValue ? .outgoing : .incoming
        guard let outcome = TicketMessage.Outcome(direction: direction, stored: outcome) else {
            throw RunbookError.corruptRow(
                table: Self.databaseTableName,
                id: id ?? 0,
                reason: "unknown outcome \(outcome)"
            )
        }
        return TicketMessage(
            row: id ?? 0,
            direction: direction,
            outcome: outcome,
            messageID: messageID,
            sender: sender,
            subject: subject,
            receivedAt: receivedAt,
            storedAt: storedAt,
            // Not through source_kind: a reply we drafted is stored with "reply", no request's kind.
            source: PeeringRequest.Source.location(path: sourcePath, index: sourceIndex),
            autoReason: autoReason,
            deliveryFailure: deliveryFailure,
            externalID: externalID
        )
    }
}
