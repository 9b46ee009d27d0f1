import DeskTestSupport
import Foundation
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
}
