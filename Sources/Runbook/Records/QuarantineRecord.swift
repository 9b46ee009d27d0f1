import Foundation
import GRDB
import PeeringModel

/// A row of `quarantine`: an input that could not be read, kept with its bytes until released.
struct QuarantineRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "quarantine"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let contentHash = Column(CodingKeys.contentHash)
        static let reason = Column(CodingKeys.reason)
        static let raw = Column(CodingKeys.raw)
        static let releasedAt = Column(CodingKeys.releasedAt)
        static let ticketID = Column(CodingKeys.ticketID)
    }

    var id: Int64?
    var contentHash: Data
    var sourceKind: String
    var sourcePath: String
    var sourceIndex: Int?
    var reason: String
    var raw: Data
    var quarantinedAt: Date
    var releasedAt: Date?
    var ticketID: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, reason, raw
        case contentHash = "content_hash"
        case sourceKind = "source_kind"
        case sourcePath = "source_path"
        case sourceIndex = "source_index"
        case quarantinedAt = "quarantined_at"
        case releasedAt = "released_at"
        case ticketID = "ticket_id"
    }

    init(contentHash: Data, source: PeeringRequest.Source, reason: String, raw: Data, at: Date) {
        self.contentHash = contentHash
        sourceKind = source.kind.rawValue
        sourcePath = source.path
        sourceIndex = source.index
        self.reason = reason
        self.raw = raw
        quarantinedAt = at
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The entry already holding these bytes.
    static func id(_ db: Database, contentHash: Data) throws -> Int64? {
        try filter(Columns.contentHash == contentHash).select(Columns.id, as: Int64.self).fetchOne(db)
    }

    /// Entries oldest first, with their size and without their bytes; released ones when asked.
    static func entries(_ db: Database, includeReleased: Bool) throws -> [QuarantinedInput] {
        var request = all()
        if !includeReleased { request = request.filter(Columns.releasedAt == nil) }
        return try request.select(summaryColumns).order(Columns.id).asRequest(of: Row.self).fetchAll(db)
            .map(makeEntry)
    }

    /// One entry and its bytes.
    static func entry(_ db: Database, id: Int64) throws -> (entry: QuarantinedInput, raw: [UInt8])? {
        guard let row = try filter(key: id).select(summaryColumns + [Columns.raw]).asRequest(of: Row.self).fetchOne(db)
        else { return nil }
        let raw: Data = row[Columns.raw]
        return (try makeEntry(row), [UInt8](raw))
    }

    /// Whether the entry exists and when it was released.
    static func releaseStatus(_ db: Database, id: Int64) throws -> (exists: Bool, releasedAt: Date?) {
        guard let row = try filter(key: id).select(Columns.releasedAt).asRequest(of: Row.self).fetchOne(db)
        else { return (false, nil) }
        return (true, row[Columns.releasedAt])
    }

    static func updateReason(_ db: Database, id: Int64, _ reason: String) throws {
        try filter(key: id).updateAll(db, Columns.reason.set(to: reason))
    }

    static func markReleased(_ db: Database, id: Int64, at: Date, ticket: Int64?) throws {
        try filter(key: id).updateAll(db, Columns.releasedAt.set(to: at), Columns.ticketID.set(to: ticket))
    }

    private static let sizeColumn = "size"
    private static var summaryColumns: [any SQLSelectable] {
        CodingKeys.allCases.filter { $0 != .raw }.map { Column($0) } + [length(Columns.raw).forKey(sizeColumn)]
    }

    private static func makeEntry(_ row: Row) throws -> QuarantinedInput {
        let id: Int64 = row[Columns.id]
        let kindText: String = row[CodingKeys.sourceKind.rawValue]
        guard let kind = PeeringRequest.Source.Kind(rawValue: kindText) else {
            throw RunbookError.corruptRow(table: databaseTableName, id: id, reason: "unknown source kind \(kindText)")
        }
        let path: String = row[CodingKeys.sourcePath.rawValue]
        let index: Int? = row[CodingKeys.sourceIndex.rawValue]
        return QuarantinedInput(
            id: id,
            sourceKind: kind.rawValue,
            source: PeeringRequest.Source(kind: kind, path: path, index: index).description,
            reason: row[Columns.reason],
            size: row[sizeColumn],
            quarantinedAt: row[CodingKeys.quarantinedAt.rawValue],
            releasedAt: row[Columns.releasedAt],
            ticket: row[Columns.ticketID]
        )
    }
}
