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

    /// `v9-message-search-ticket`: each indexed message's ticket in a table of two integers, so
    /// a search finds its tickets without a lookup into `message`, whose rows carry the raw mail
    /// (7,500 hits took 30 ms joined to `message`). Filled for the messages indexed so far; a
    /// message moved to another ticket moves here too.
    static func addTicketTable(_ db: Database) throws {
        let through =
            try SettingRecord.value(db, key: indexedThrough).flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        try db.execute(
            sql: """
                CREATE TABLE message_search_ticket (message_id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL);
                INSERT INTO message_search_ticket (message_id, ticket_id)
                    SELECT id, ticket_id FROM message
                    WHERE id <= ? AND direction = 'in' AND ticket_id IS NOT NULL
                        AND outcome IN ('\(IngestOutcome.new.rawValue)', '\(IngestOutcome.followUp.rawValue)');
                CREATE TRIGGER message_search_ticket_on_message_update AFTER UPDATE OF ticket_id ON message
                    WHEN NEW.ticket_id IS NOT NULL
                    BEGIN UPDATE message_search_ticket SET ticket_id = NEW.ticket_id WHERE message_id = NEW.id; END;
                CREATE TRIGGER message_search_ticket_on_message_delete AFTER DELETE ON message
                    BEGIN DELETE FROM message_search_ticket WHERE message_id = OLD.id; END;
                """,
            arguments: [through]
        )
    }

    /// The tickets of the messages that match an FTS5 expression, as SQL (`IN (…)`).
    static let ticketsMatching = """
        SELECT message_search_ticket.ticket_id FROM message_search
        JOIN message_search_ticket ON message_search_ticket.message_id = message_search.rowid
        WHERE message_search MATCH ?
        """

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
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO message_search_ticket (message_id, ticket_id) VALUES (?, ?)"
            ).execute(arguments: [last, row["ticket_id"] as Int64?])
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
                sql: "SELECT DISTINCT ticket_id FROM (\(ticketsMatching))",
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
