import DeskTestSupport
import Foundation
import GRDB
import Intake
import Registry
import Testing

@testable import Runbook

/// `queue --search`: words in the subject or text of a ticket's messages (SQLite FTS5).
@Suite struct QueueSearchTests {
    func desk() throws -> Desk {
        let desk = try Desk()
        _ = try desk.ingest(
            mail(messageID: "<s-1@northwind.example>", body: "Our staging VPC in Zürich.\n" + Details.northwind),
            mail(
                from: "Bo <bo@globex.example>",
                subject: "Peering for the analytics account",
                messageID: "<s-2@globex.example>",
                body: "Please peer vpc-0fed1234def567890 with us."
            ),
            mail(
                from: "Cy <cy@initech.example>",
                subject: "Question about \"AND\" (billing) - urgent",
                messageID: "<s-3@initech.example>",
                body: "Nothing about networks here."
            )
        )
        return desk
    }

    func tickets(_ desk: Desk, _ search: String?) throws -> [String] {
        try desk.store.queue(QueueFilter(search: search)).map(\.ticket).sorted()
    }

    @Test func findsTicketsByTheWordsOfTheirMessages() throws {
        let desk = try desk()
        #expect(try tickets(desk, "staging") == ["PD-1"])
        // Subject words, case folded, every word required.
        #expect(try tickets(desk, "ANALYTICS peering") == ["PD-2"])
        #expect(try tickets(desk, "analytics staging").isEmpty)
        // A word finds the words it begins; accents do not matter.
        #expect(try tickets(desk, "analyt") == ["PD-2"])
        #expect(try tickets(desk, "zurich") == ["PD-1"])
        // A VPC ID as written.
        #expect(try tickets(desk, "vpc-0fed1234def567890") == ["PD-2"])
        // No words: no search.
        #expect(try tickets(desk, "  ") == ["PD-1", "PD-2", "PD-3"])
        #expect(try tickets(desk, nil) == ["PD-1", "PD-2", "PD-3"])
    }

    @Test func whatStaffTypeIsTextNeverQuerySyntax() throws {
        let desk = try desk()
        for query in ["AND", "\"AND\"", "(billing)", "- urgent", "NOT", "subject:billing", "bill*", "\"", "NEAR("] {
            // Each is searched for as words; none is an FTS5 syntax error.
            _ = try tickets(desk, query)
        }
        #expect(try tickets(desk, "(billing)") == ["PD-3"])
        #expect(try tickets(desk, "\"AND\"") == ["PD-3"])
        #expect(MessageSearchRecord.matchExpression("a\"b c") == "\"a\"\"b\"* \"c\"*")
    }

    @Test func aFollowUpsWordsFindItsTicket() throws {
        let desk = try desk()
        #expect(try tickets(desk, "routes added").isEmpty)
        // Stored after a search: the next search catches up with it.
        _ = try desk.ingest(
            mail(
                subject: "Re: VPC peering request",
                messageID: "<s-4@northwind.example>",
                inReplyTo: "<s-1@northwind.example>",
                body: "The routes are added on our side now."
            )
        )
        #expect(try tickets(desk, "routes added") == ["PD-1"])
        // Indexed once: a third search indexes nothing again.
        #expect(try desk.store.database.write { db in try MessageSearchRecord.catchUp(db) } == 0)
    }

    /// A database made before the index: the migration fills it from the stored messages.
    @Test func messagesStoredBeforeTheIndexAreFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let store = TicketStore(database: try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema]))
        let pipeline = try IngestPipeline(store: store)
        let raw = Array(mail(messageID: "<old-1@northwind.example>", body: "An old staging request").utf8)
        _ = try pipeline.ingest([.message(RawMessage(origin: Origin(kind: .email, path: "old.eml"), bytes: raw))])
        // As the database was before v3-message-search.
        try store.database.write { db in
            try db.execute(sql: "DROP TABLE message_search")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-message-search'")
        }
        let reopened = TicketStore(database: try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema]))
        #expect(try reopened.queue(QueueFilter(search: "staging")).map(\.ticket) == ["PD-1"])
    }

    @Test func theSearchFindsTicketsThroughItsOwnTicketTableAndItsMigration() throws {
        let desk = try desk()
        #expect(try tickets(desk, "staging") == ["PD-1"])
        // The migration fills the table from what was indexed before it.
        try desk.store.write { db in
            try db.execute(
                sql: """
                    DROP TRIGGER message_search_ticket_on_message_update;
                    DROP TRIGGER message_search_ticket_on_message_delete;
                    DROP TABLE message_search_ticket;
                    """
            )
            try MessageSearchRecord.addTicketTable(db)
        }
        #expect(try tickets(desk, "staging") == ["PD-1"])
        #expect(try tickets(desk, "analytics") == ["PD-2"])
        // A message moved to another ticket is found there.
        try desk.store.write { db in
            try db.execute(sql: "UPDATE message SET ticket_id = 3 WHERE ticket_id = 2")
        }
        #expect(try tickets(desk, "analytics") == ["PD-3"])
        // The search reads the table, not the messages: a wrong row there is what it finds.
        try desk.store.write { db in
            try db.execute(sql: "UPDATE message_search_ticket SET ticket_id = 1 WHERE ticket_id = 3")
        }
        #expect(try tickets(desk, "analytics").contains("PD-1"))
    }

    @Test func aSearchPagesCountsAndTabsAsTheQueueDoes() throws {
        let desk = try Desk()
        for index in 1...7 {
            _ = try desk.ingestOne(
                mail(
                    from: "Customer \(index) <c\(index)@northwind.example>",
                    messageID: "<page-\(index)@northwind.example>",
                    body: index % 2 == 0 ? "Our staging VPC, please.\n" + Details.northwind : "Our staging VPC, please."
                )
            )
        }
        _ = try desk.ingestOne(mail(messageID: "<other@northwind.example>", body: "Production only."))
        let everything = try desk.store.queue(QueueFilter(search: "staging"))
        #expect(everything.count == 7)
        let tabs = try desk.store.queuePage(QueueFilter(search: "staging"), offset: 0, limit: 100)
        #expect(tabs.statusCounts == Dictionary(grouping: everything, by: \.status).mapValues(\.count))
        for status in Set(everything.map(\.status)) {
            let kept = everything.filter { $0.status == status }
            for (offset, limit) in [(0, 2), (1, 2), (2, 10), (10, 2)] {
                let page = try desk.store.queuePage(
                    QueueFilter(statuses: [status], search: "staging"),
                    offset: offset,
                    limit: limit,
                    tabs: false
                )
                #expect(page.total == kept.count)
                #expect(page.rows.map(\.ticket) == Array(kept.dropFirst(offset).prefix(limit)).map(\.ticket))
            }
        }
    }
}
