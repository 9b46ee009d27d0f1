import DeskTestSupport
import Foundation
import Intake
import Runbook
import Testing

/// The ingest pipeline and quarantine retry through the library, as the CLI and the web call them.
@Suite struct IngestPipelineTests {
    func item(_ text: String, path: String = "in/big.eml") -> InputItem {
        .message(RawMessage(origin: Origin(kind: .email, path: path), bytes: Array(text.utf8)))
    }

    var big: String { mail(messageID: "<big@northwind.example>", body: Details.northwind) }

    @Test func commitReturnsItsCountsAndTheRunTotals() throws {
        let desk = try Desk()
        let pipeline = try IngestPipeline(store: desk.store)
        let batch = try pipeline.ingest([item(big), item(big, path: "in/again.eml")])
        #expect(batch.counts.read == 2)
        #expect(batch.counts[.new] == 1)
        #expect(batch.counts[.duplicate] == 1)
        #expect(pipeline.counts == batch.counts)
        #expect(batch.counts.summary == "2 read, 1 new, 0 follow-up, 1 duplicate, 0 ignored, 0 quarantined")
    }

    /// The bug of issue 11: a retry that failed again released the entry.
    @Test func aRetryThatFailsAgainKeepsTheEntryWithItsNewReason() throws {
        let desk = try Desk()
        var small = MailLimits.standard
        small.messageSize = 100
        let strict = try IngestPipeline(store: desk.store, limits: small)
        let stored = try strict.ingest([item(big)])
        #expect(stored.results.first?.outcome == .quarantined)
        let id = try #require(stored.results.first?.quarantineID)

        let again = try IngestPipeline(store: desk.store, limits: small).retryQuarantined([id])
        #expect(again.map(\.outcome) == [.kept])
        let kept = try desk.store.quarantined(id).entry
        #expect(kept.releasedAt == nil)
        #expect(kept.reason.contains("100-byte limit"))
        #expect(try desk.store.tickets().isEmpty)

        let lifted = try IngestPipeline(store: desk.store).retryQuarantined()
        #expect(lifted.map(\.outcome) == [.released])
        #expect(lifted.first?.result?.outcome == .new)
        let released = try desk.store.quarantined(id).entry
        #expect(released.releasedAt != nil)
        #expect(released.ticket == 1)
        #expect(try IngestPipeline(store: desk.store).retryQuarantined([id]).map(\.outcome) == [.alreadyReleased])
    }
}
