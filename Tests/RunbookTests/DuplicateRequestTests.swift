import DeskTestSupport
import Foundation
import GRDB
import Intake
import Registry
import Testing

@testable import Runbook

/// `duplicate-request` [warning]: another open ticket asks to peer the same VPC.
@Suite struct DuplicateRequestTests {
    func codes(_ desk: Desk, _ id: Int64) throws -> [String] {
        try desk.store.ticket(id).state.findings.map(\.code.rawValue)
    }

    func finding(_ desk: Desk, _ id: Int64) throws -> String? {
        try desk.store.ticket(id).state.findings.first { $0.code == .duplicateRequest }?.message
    }

    @Test func aSecondOpenTicketForTheSameVPCIsFlaggedOnBothAndNamesTheOther() throws {
        let desk = try Desk()
        _ = try desk.ingest(mail(messageID: "<d-1@northwind.example>", body: Details.northwind))
        #expect(try !codes(desk, 1).contains("duplicate-request"))
        let second = try desk.ingestOne(
            mail(subject: "Peering, again", messageID: "<d-2@northwind.example>", body: Details.northwind)
        )
        #expect(second.outcome == .new)
        #expect(second.findings.contains { $0.code == .duplicateRequest && $0.severity == .warning })
        #expect(try finding(desk, 2)?.contains("PD-1 also asks to peer vpc-0abc1234def567890") == true)
        // The first ticket learns of the second, and says so in its history.
        #expect(try finding(desk, 1)?.contains("PD-2 also asks") == true)
        #expect(try desk.store.ticket(1).events.contains { $0.kind == .findingsChanged })
        // A warning: both stay ready.
        #expect(try desk.store.ticket(2).status == .ready)
    }

    @Test func aRejectedTicketIsNoLongerADuplicate() throws {
        let desk = try Desk()
        _ = try desk.ingest(
            mail(messageID: "<r-1@northwind.example>", body: Details.northwind),
            mail(subject: "Peering, again", messageID: "<r-2@northwind.example>", body: Details.northwind)
        )
        #expect(try codes(desk, 1).contains("duplicate-request"))
        _ = try desk.store.reject(ticket: 2, reason: "duplicate of PD-1", actor: "ana", at: desk.settings.now)
        let changes = try desk.store.revalidate([1], validator: desk.settings.validator)
        #expect(changes.map(\.ticket) == [1])
        #expect(try !codes(desk, 1).contains("duplicate-request"))
    }

    @Test func aFollowUpThatNamesAnotherTicketsVPCFlagsBoth() throws {
        let desk = try Desk()
        let other = Details.northwind.replacingOccurrences(of: "vpc-0abc1234def567890", with: "vpc-0fed1234def567890")
            .replacingOccurrences(of: "10.50.0.0/16", with: "10.52.0.0/16")
        _ = try desk.ingest(
            mail(messageID: "<f-1@northwind.example>", body: Details.northwind),
            mail(subject: "Second VPC", messageID: "<f-2@northwind.example>", body: other)
        )
        #expect(try !codes(desk, 2).contains("duplicate-request"))
        _ = try desk.ingest(
            mail(
                subject: "Re: Second VPC",
                messageID: "<f-3@northwind.example>",
                inReplyTo: "<f-2@northwind.example>",
                body: "Sorry, wrong VPC. VPC ID: vpc-0abc1234def567890"
            )
        )
        #expect(try codes(desk, 2).contains("duplicate-request"))
        #expect(try codes(desk, 1).contains("duplicate-request"))
    }

    @Test func staffSettingAnotherVPCClearsIt() throws {
        let desk = try Desk()
        _ = try desk.ingest(
            mail(messageID: "<s-1@northwind.example>", body: Details.northwind),
            mail(subject: "Peering, again", messageID: "<s-2@northwind.example>", body: Details.northwind)
        )
        _ = try desk.store.set(
            .vpcID,
            to: ["vpc-0fed1234def567890"],
            ticket: 2,
            actor: "ana",
            validator: desk.settings.validator,
            at: desk.settings.now
        )
        #expect(try !codes(desk, 2).contains("duplicate-request"))
        // PD-1 is alone on its VPC again.
        #expect(try !codes(desk, 1).contains("duplicate-request"))
    }

    /// A database made before the column: the migration fills it from each ticket's state.
    @Test func theMigrationFillsTheVPCOfExistingTickets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let store = TicketStore(database: try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema]))
        let raw = Array(mail(messageID: "<m-1@northwind.example>", body: Details.northwind).utf8)
        _ = try IngestPipeline(store: store).ingest([
            .message(RawMessage(origin: Origin(kind: .email, path: "old.eml"), bytes: raw))
        ])
        try store.database.write { db in
            try db.execute(sql: "DROP INDEX ticket_on_vpc")
            try db.execute(sql: "ALTER TABLE ticket DROP COLUMN vpc_id")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-ticket-vpc'")
        }
        let reopened = TicketStore(database: try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema]))
        let vpc = try reopened.database.read { db in try TicketRecord.vpc(db, id: 1) }
        #expect(vpc == "vpc-0abc1234def567890")
    }
}
