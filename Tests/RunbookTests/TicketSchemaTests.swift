import Foundation
import Registry
import Runbook
import Testing

/// The desk's tables come from Runbook's own schema, registered through Registry's hook.
@Suite struct TicketSchemaTests {
    @Test func theDeskSchemaMigratesAfterTheRegistryAndOnlyOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path

        let registryOnly = try PeerDeskDatabase.open(path: path)
        #expect(try registryOnly.appliedMigrations() == ["v1-registry", "v3-registry-cluster-aws-profile"])
        let desk = try PeerDeskDatabase.open(path: path, schemas: [TicketStore.schema])
        #expect(
            try desk.appliedMigrations() == [
                "v1-registry", "v3-registry-cluster-aws-profile", "v2-tickets", "v3-message-search", "v4-ticket-vpc",
                "v5-message-external-id", "v6-ticket-queue",
                "v7-ticket-queue-counts", "v8-ticket-queue-filter-indexes",
                "v9-message-search-ticket",
            ]
        )
        // The desk's tables are there: a signer reads its secret from them.
        _ = try TicketStore(database: desk).signer()
        // Reopening with fewer schemas neither fails nor undoes anything.
        let again = try PeerDeskDatabase.open(path: path)
        #expect(
            try again.appliedMigrations() == [
                "v1-registry", "v3-registry-cluster-aws-profile", "v2-tickets", "v3-message-search", "v4-ticket-vpc",
                "v5-message-external-id", "v6-ticket-queue",
                "v7-ticket-queue-counts", "v8-ticket-queue-filter-indexes",
                "v9-message-search-ticket",
            ]
        )
    }

    @Test func anInMemoryDeskHasItsTables() throws {
        let store = try TicketStore.makeInMemory()
        #expect(try store.tickets().isEmpty)
    }

    @Test func aStoredOutcomeReadsBackAsTheEnumOfItsDirection() {
        #expect(TicketMessage.Outcome(direction: .incoming, stored: "follow-up") == .received(.followUp))
        #expect(TicketMessage.Outcome(direction: .outgoing, stored: "peering-ready") == .sent(.peeringReady))
        #expect(TicketMessage.Outcome(direction: .outgoing, stored: "new") == nil)
        #expect(TicketMessage.Outcome(direction: .incoming, stored: "bogus") == nil)
        #expect(TicketMessage.Outcome.sent(.notAuthorized).description == "not-authorized")
    }
}
