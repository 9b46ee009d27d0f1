import Foundation
import GRDB

/// The full-text index of the customers' messages, new tickets and follow-ups (SQLite FTS5):
/// `queue --search` and the web's free-text filter. One row per message, keyed by the message's
/// row; contentless (`content = ''`: only the index is stored, not the text a second time, and
/// messages are never deleted, so it never needs their text back). The text is what the customer
/// wrote: the first readable body part (`MessageText`), or an export record's columns.
///
/// The index is brought up to date by the search itself (`catchUp`), not by ingest: indexing in
/// ingest's single writer cost 30% of its throughput (0.9 s of CPU for 10,000 messages, mostly
/// rendering HTML bodies to text and writing the index), while a search catches up only on the
/// messages stored since the last one.
enum MessageSearchRecord {
    /// `v3-message-search`: the empty index; the first search fills it.
    static func createTable(_ db: Database) throws {
        // unicode61 folds case and, with remove_diacritics, accents ("Zürich" finds "zurich").
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE message_search USING fts5(
                    subject, text, content = '', tokenize = 'unicode61 remove_diacritics 2'
                )
                """
        )
        try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [indexedThrough])
    }

    /// The setting that holds the last message row the index has seen.
    static let indexedThrough = "message-search-indexed-through"

    /// Whether a message was stored since the index last caught up (a read; `catchUp` writes).
    static func needsCatchUp(_ db: Database) throws -> Bool {
        let through =
            try SettingRecord.value(db, key: indexedThrough).flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        return try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM message WHERE id > ?)"),
            arguments: [through]
        ) ?? false
    }

    /// Indexes the messages stored since the last call; how many it indexed.
    @discardableResult
    static func catchUp(_ db: Database) throws -> Int {
        let through =
            try SettingRecord.value(db, key: indexedThrough).flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT id, direction, outcome, ticket_id, subject, raw FROM message WHERE id > ? ORDER BY id
                    """
            ),
            arguments: [through]
        )
        var last = through
        var indexed = 0
        while let row = try rows.next() {
            last = row["id"]
            let outcome: String = row["outcome"]
            guard row["direction"] as String == "in", row["ticket_id"] as Int64? != nil,
                outcome == IngestOutcome.new.rawValue || outcome == IngestOutcome.followUp.rawValue
            else { continue }
            let raw: Data = row["raw"] ?? Data()
            try db.cachedStatement(sql: "INSERT INTO message_search (rowid, subject, text) VALUES (?, ?, ?)")
                .execute(arguments: [last, row["subject"] as String? ?? "", MessageText.of([UInt8](raw))])
            indexed += 1
        }
        if last != through {
            try SettingRecord(key: indexedThrough, value: Data(String(last).utf8)).save(db)
        }
        return indexed
    }

    /// The tickets with a message that has every word of `query` (each word also as the start
    /// of a longer one: "peer" finds "peering"). Words are taken literally, never as FTS5 syntax.
    /// nil when `query` has no words: no search, every ticket.
    static func tickets(_ db: Database, matching query: String) throws -> Set<Int64>? {
        guard let match = matchExpression(query) else { return nil }
        return try Set(
            Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT message.ticket_id FROM message_search JOIN message ON message.id = message_search.rowid
                    WHERE message_search MATCH ?
                    """,
                arguments: [match]
            )
        )
    }

    /// `"word1"* "word2"*`: each word a quoted string (a `"` doubled), so `AND`, `-`, `:` or
    /// `(` in what staff typed are text, not operators. nil when there are no words.
    static func matchExpression(_ query: String) -> String? {
        let words = query.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
    }
}
