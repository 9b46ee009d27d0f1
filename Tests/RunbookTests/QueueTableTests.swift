import DeskTestSupport
import Foundation
import GRDB
import Registry
import Testing

@testable import Runbook

/// The queue is read from `ticket_queue`, kept in step by triggers: whatever changes a ticket
/// after a queue was read shows in the next one, and a page is a slice of the whole queue.
@Suite struct QueueTableTests {
    func desk() throws -> Desk {
        let desk = try Desk()
        _ = try desk.ingest(
            mail(messageID: "<q-1@northwind.example>", body: Details.northwind),
            mail(
                from: "Bo <bo@hooli.example>",
                subject: "Peering please",
                messageID: "<q-2@hooli.example>",
                body: "Please peer vpc-0fed1234def567890 with us."
            ),
            mail(from: "Cy <cy@acme.example>", messageID: "<q-3@acme.example>", body: "Hello, we need a peering.")
        )
        return desk
    }

    func row(_ desk: Desk, _ ticket: String) throws -> QueueRow? {
        try desk.store.queue().first { $0.ticket == ticket }
    }

    @Test func aChangeAfterTheQueueWasReadShowsInTheNextOne() throws {
        let desk = try desk()
        let before = try #require(try row(desk, "PD-1"))
        #expect(before.owner == nil)
        #expect(before.status == .ready)
        try desk.store.assign(ticket: 1, to: "ana", actor: "ana")
        #expect(try row(desk, "PD-1")?.owner == "ana")
        #expect(try desk.store.queue(QueueFilter(owner: "ANA")).map(\.ticket) == ["PD-1"])
        _ = try desk.store.reject(ticket: 2, reason: "not a customer", actor: "ana")
        #expect(try row(desk, "PD-2")?.status == .rejected)
        #expect(try desk.store.queue(QueueFilter(statuses: [.rejected])).map(\.ticket) == ["PD-2"])
        // The stale marks are gone once the queue has read them.
        #expect(try desk.store.read { db in try QueueRecord.needsCatchUp(db) } == false)
    }

    @Test func aRegistryChangeRecomputesTheOrganizations() throws {
        let desk = try desk()
        #expect(try row(desk, "PD-2")?.organization == nil)
        let csv = "id,name,email_domains\norg-hooli,Hooli,hooli.example\n"
        _ = try desk.database.importRegistry([try RegistryFile.parse(csv: Array(csv.utf8), name: "organizations.csv")])
        #expect(try row(desk, "PD-2")?.organization == "Hooli")
        #expect(try desk.store.queue(QueueFilter(organization: "org-hooli")).map(\.ticket) == ["PD-2"])
        #expect(try desk.store.queue(QueueFilter(organization: "HOOLI")).map(\.ticket) == ["PD-2"])
        #expect(try desk.store.queue(QueueFilter(organization: "nobody")).isEmpty)
    }

    @Test func aPageIsASliceOfTheWholeQueueWithItsCounts() throws {
        let desk = try desk()
        let all = try desk.store.queue().map(\.ticket)
        #expect(all.count == 3)
        let page = try desk.store.queuePage(QueueFilter(), offset: 1, limit: 1)
        #expect(page.rows.map(\.ticket) == [all[1]])
        #expect(page.total == 3)
        #expect(page.statusCounts.values.reduce(0, +) == 3)
        let ready = try desk.store.queuePage(QueueFilter(statuses: [.ready]), offset: 0, limit: 10)
        #expect(ready.total == ready.rows.count)
        #expect(ready.total == page.statusCounts[.ready])
        // The counts ignore the statuses asked for: they are the tabs.
        #expect(ready.statusCounts == page.statusCounts)
        // Without the tabs (the API, the CLI), the total is counted for the filter alone.
        let bare = try desk.store.queuePage(QueueFilter(statuses: [.ready]), offset: 0, limit: 1, tabs: false)
        #expect(bare.total == ready.total)
        #expect(bare.statusCounts.isEmpty)
        #expect(bare.rows.count == min(1, ready.total))
    }

    @Test func theMigrationMarksExistingTicketsStale() throws {
        let desk = try desk()
        #expect(try desk.store.queue().count == 3)
        try desk.store.write { db in
            try db.execute(sql: "DELETE FROM ticket_queue; INSERT INTO ticket_queue_stale SELECT id FROM ticket")
        }
        #expect(try desk.store.queue().count == 3)
    }

    /// The counts the triggers keep, and the counts of the rows themselves.
    static func counts(_ desk: Desk) throws -> (kept: [TicketStatus: Int], actual: [TicketStatus: Int]) {
        try desk.store.read { db in
            var kept: [TicketStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, tickets FROM ticket_queue_count WHERE tickets > 0") {
                kept[try #require(TicketStatus(rawValue: row[0]))] = row[1]
            }
            var actual: [TicketStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM ticket_queue GROUP BY status") {
                actual[try #require(TicketStatus(rawValue: row[0]))] = row[1]
            }
            return (kept, actual)
        }
    }

    @Test func theCountsByStatusFollowEveryChange() throws {
        let desk = try desk()
        _ = try desk.store.queue()
        var counts = try Self.counts(desk)
        #expect(counts.kept == counts.actual)
        #expect(counts.kept.values.reduce(0, +) == 3)
        _ = try desk.store.reject(ticket: 2, reason: "not a customer", actor: "ana")
        _ = try desk.store.step(.peeringRequested, ticket: 1, peeringID: "pcx-0a1b2c3d4e5f67890", actor: "ana")
        _ = try desk.store.queue()
        counts = try Self.counts(desk)
        #expect(counts.kept == counts.actual)
        #expect(counts.kept[.rejected] == 1)
        // A row rewritten with the same status, and one removed.
        try desk.store.write { db in
            try db.execute(sql: "INSERT INTO ticket_queue_stale SELECT id FROM ticket")
            try QueueRecord.delete(db, ticket: 3)
        }
        #expect(try Self.counts(desk).kept.values.reduce(0, +) == 2)
        _ = try desk.store.queue()
        counts = try Self.counts(desk)
        #expect(counts.kept == counts.actual)
        #expect(counts.kept.values.reduce(0, +) == 3)
        // The totals the API and the tabs read come from those counts.
        let page = try desk.store.queuePage(QueueFilter(statuses: [.rejected]), offset: 0, limit: 10, tabs: false)
        #expect(page.total == 1)
        let tabs = try desk.store.queuePage(QueueFilter(), offset: 0, limit: 10)
        #expect(tabs.statusCounts == counts.actual)
    }

    @Test func theCountsMigrationKeepsTheRowsFindingsAndCountsThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        // A desk as v6 left it: the finding as JSON in the row.
        let v6 = DatabaseSchema(
            TicketStore.schema.migrations.filter { !["v7-", "v8-", "v9-"].contains(where: $0.name.hasPrefix) }
        )
        let old = try PeerDeskDatabase.open(path: path, schemas: [v6])
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ticket (id, created_at, state) VALUES (1, '2026-11-24 09:12:00', '{}');
                    DELETE FROM ticket_queue_stale;
                    INSERT INTO ticket_queue (ticket_id, status, created_at, wait_order, finding)
                    VALUES (1, 'needs-info', 0, 1e300,
                        '{"code":"invalid-region","field":"aws_region","message":"\\"Frankfürt\\" is not a region",\
                    "severity":"error","customer_message":"Which region?"}');
                    """
            )
        }
        let new = try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema])
        let store = TicketStore(database: new)
        let rows = try store.read { db in
            try QueueRecord.fetch(db, QueueRecord.Condition(), statuses: [], offset: 0, limit: nil)
        }
        let finding = try #require(rows.first?.finding)
        #expect(finding.code == .invalidRegion)
        #expect(finding.field == .awsRegion)
        #expect(finding.message == "\"Frankfürt\" is not a region")
        #expect(finding.customerMessage == "Which region?")
        let count = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT tickets FROM ticket_queue_count WHERE status = 'needs-info'")
        }
        #expect(count == 1)
    }

    @Test func aRegistryChangeByAnotherProcessIsSeenThroughTheCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let server = TicketStore(database: try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema]))
        #expect(try server.registrySnapshot().organizations.isEmpty)
        // Another connection (a `peerdesk registry import` while `serve` runs) changes the registry.
        let other = try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema])
        let csv = "id,name,email_domains\norg-hooli,Hooli,hooli.example\n"
        _ = try other.importRegistry([try RegistryFile.parse(csv: Array(csv.utf8), name: "organizations.csv")])
        #expect(try server.registrySnapshot().organizations["org-hooli"]?.name == "Hooli")
        let renamed = "id,name,email_domains\norg-hooli,Hooli XYZ,hooli.example\n"
        _ = try other.importRegistry([try RegistryFile.parse(csv: Array(renamed.utf8), name: "organizations.csv")])
        #expect(try server.registrySnapshot().organizations["org-hooli"]?.name == "Hooli XYZ")
    }
}
