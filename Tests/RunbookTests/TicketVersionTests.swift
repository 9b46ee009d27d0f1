import DeskTestSupport
import Foundation
import Runbook
import Testing

/// Two staff on one ticket: a change asked for at an older version is refused in its own
/// transaction, so nothing is overwritten or done twice.
@Suite struct TicketVersionTests {
    @Test func aChangeAtAnOlderVersionIsRefusedAndChangesNothing() throws {
        let desk = try Desk()
        let id = try #require(
            try desk.ingestOne(mail(messageID: "<v@northwind.example>", body: Details.northwind)).ticket
        )
        let seen = try desk.store.ticket(id).version
        try desk.store.requiring(version: seen).note(ticket: id, text: "first", actor: "ana")
        let after = try desk.store.ticket(id)
        #expect(after.version > seen)
        let stale = desk.store.requiring(version: seen)
        #expect(throws: RunbookError.self) { try stale.note(ticket: id, text: "second", actor: "ben") }
        #expect(throws: RunbookError.self) {
            try stale.step(.peeringRequested, ticket: id, peeringID: "pcx-0a1b2c3d4e5f67890", actor: "ben")
        }
        #expect(throws: RunbookError.self) { try stale.set(.awsRegion, to: ["eu-west-1"], ticket: id, actor: "ben") }
        #expect(throws: RunbookError.self) { try stale.reject(ticket: id, reason: "no", actor: "ben") }
        #expect(throws: RunbookError.self) { try stale.assign(ticket: id, to: "ben", actor: "ben") }
        #expect(try desk.store.ticket(id).version == after.version)
        do {
            try stale.note(ticket: id, text: "second", actor: "ben")
        } catch {
            #expect(error.description.hasPrefix("PD-\(id) changed since you opened it (latest: note by ana at "))
        }
        // Without a version, as the CLI does, the change is made.
        try desk.store.note(ticket: id, text: "second", actor: "ben")
    }
}
