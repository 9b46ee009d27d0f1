public import Foundation
public import Intake
import PeeringModel
import Registry
import Synchronization
import Validation

/// How many inputs of each outcome a run (or one batch) stored.
public struct IngestCounts: Sendable, Hashable {
    public var read = 0
    public var outcomes: [IngestOutcome: Int] = [:]

    public init() {}

    public subscript(outcome: IngestOutcome) -> Int { outcomes[outcome, default: 0] }

    mutating func add(_ result: IngestResult) {
        read += 1
        outcomes[result.outcome, default: 0] += 1
    }

    mutating func add(_ other: IngestCounts) {
        read += other.read
        outcomes.merge(other.outcomes, uniquingKeysWith: +)
    }

    /// "3 read, 1 new, 1 follow-up, 1 duplicate, 0 ignored, 0 quarantined".
    public var summary: String {
        let parts = IngestOutcome.allCases.map { "\(self[$0]) \($0.rawValue)" }
        return (["\(read) read"] + parts).joined(separator: ", ")
    }
}

/// What one committed batch did: each input's result, in order, and their counts.
public struct IngestBatch: Sendable {
    public var results: [IngestResult]
    public var counts: IngestCounts
}

/// What a quarantine retry did with one entry.
public struct QuarantineRetry: Sendable {
    public enum Outcome: String, Sendable, Hashable {
        /// It read this time: stored as ingest would, and released from the quarantine.
        case released
        /// It still does not read: kept, with the new reason.
        case kept
        /// A retry before had already released it; nothing was done.
        case alreadyReleased = "already-released"
        /// The export reader could not isolate the record's bytes, so there is nothing to read again.
        case noBytes = "no-bytes"
    }

    public var entry: QuarantinedInput
    public var outcome: Outcome
    /// The ingest result, for `released` and `kept`.
    public var result: IngestResult?
}

/// The ingest pipeline of `peerdesk ingest`, `quarantine retry` and the web's inbound mail:
/// inputs are read and validated in parallel (`prepare`), then stored by one writer in one
/// transaction per batch (`commit`), raw bytes kept. `run` overlaps the three stages (reading,
/// preparing, storing) with at most two batches waiting at each, so memory stays flat.
public final class IngestPipeline: Sendable {
    /// Inputs per transaction: a killed run keeps every batch it finished.
    public static let batchSize = 256

    public let store: TicketStore
    public let fieldMap: FieldMap
    public let limits: MailLimits
    private let validator: Validator
    private let signer: MessageIDSigner
    private let now: @Sendable () -> Date
    private let totals = Mutex(IngestCounts())

    /// Reads the registry and the Message-ID secret once, for the whole run.
    public init(
        store: TicketStore,
        fieldMap: FieldMap = .empty,
        limits: MailLimits = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(RunbookError) {
        self.store = store
        self.fieldMap = fieldMap
        self.limits = limits
        self.now = now
        do {
            validator = Validator(snapshot: try store.database.snapshot())
        } catch {
            throw RunbookError.database(error.description)
        }
        signer = try store.signer()
    }

    /// Everything stored so far by this pipeline.
    public var counts: IngestCounts { totals.withLock { $0 } }

    /// Reads and validates a batch on all cores (no database access).
    public func prepare(_ items: [InputItem]) -> [IngestInput] {
        guard !items.isEmpty else { return [] }
        let validator = validator
        let fieldMap = fieldMap
        let limits = limits
        return ParallelMap.map(items) { item -> IngestInput in
            let request = RequestBuilder.request(from: item, fieldMap: fieldMap, limits: limits)
            return IngestInput(request: request, raw: Self.rawBytes(item), findings: validator.findings(for: request))
        }
    }

    /// Stores prepared inputs in one transaction.
    public func commit(_ inputs: [IngestInput]) throws(RunbookError) -> IngestBatch {
        guard !inputs.isEmpty else { return IngestBatch(results: [], counts: IngestCounts()) }
        let results = try store.ingest(inputs, settings: settings())
        var counts = IngestCounts()
        for result in results { counts.add(result) }
        totals.withLock { $0.add(counts) }
        return IngestBatch(results: results, counts: counts)
    }

    /// `prepare` then `commit`, on the calling thread.
    public func ingest(_ items: [InputItem]) throws(RunbookError) -> IngestBatch {
        try commit(prepare(items))
    }

    /// Ingests everything `source` yields in batches, reading, preparing and storing at once.
    /// `stored` is called for each batch on the storing thread, in order (a failure it throws
    /// stops the run); `unreadable` for each path that could not be read, on the calling thread
    /// (the rest is still stored).
    @discardableResult
    public func run(
        _ source: some Sequence<Result<InputItem, InputError>>,
        unreadable: (InputError) -> Void = { _ in },
        stored: @escaping @Sendable (IngestBatch) throws(RunbookError) -> Void = { _ in }
    ) throws(RunbookError) -> IngestCounts {
        let writer = BatchStage<[IngestInput], RunbookError>(label: "peerdesk.ingest.store") {
            [self] inputs throws(RunbookError) in
            try stored(try commit(inputs))
        }
        let reader = BatchStage<[InputItem], RunbookError>(label: "peerdesk.ingest.read") {
            [self] items throws(RunbookError) in
            try writer.submit(prepare(items))
        }
        try reader.feed(source, size: Self.batchSize, unreadable: unreadable)
        try writer.finish()
        return counts
    }

    /// Reads quarantined inputs again (every unreleased one when `ids` is empty). Each entry is
    /// one transaction: one that reads now is stored as ingest would store it and released; one
    /// that still does not read stays in the quarantine with the new reason.
    public func retryQuarantined(_ ids: [Int64] = []) throws(RunbookError) -> [QuarantineRetry] {
        let wanted = ids.isEmpty ? try store.quarantined().map(\.id) : ids
        var retries: [QuarantineRetry] = []
        for id in wanted {
            let (entry, raw) = try store.quarantined(id)
            guard entry.releasedAt == nil else {
                retries.append(QuarantineRetry(entry: entry, outcome: .alreadyReleased))
                continue
            }
            guard !raw.isEmpty else {
                retries.append(QuarantineRetry(entry: entry, outcome: .noBytes))
                continue
            }
            let origin = Origin(kind: .email, path: "quarantine/\(entry.reference)")
            let inputs = prepare([.message(RawMessage(origin: origin, bytes: raw))])
            guard let input = inputs.first else { continue }
            let result = try store.retry(quarantine: id, with: input, settings: settings())
            var counts = IngestCounts()
            counts.add(result)
            totals.withLock { $0.add(counts) }
            let outcome: QuarantineRetry.Outcome = result.outcome == .quarantined ? .kept : .released
            retries.append(QuarantineRetry(entry: entry, outcome: outcome, result: result))
        }
        return retries
    }

    private func settings() -> IngestSettings {
        IngestSettings(validator: validator, signer: signer, now: now())
    }

    /// The bytes kept for an input: a message as received; an export record as a JSON object of
    /// its columns in file order; nothing for a record the reader could not isolate.
    static func rawBytes(_ item: InputItem) -> [UInt8] {
        switch item {
        case .message(let raw): return raw.bytes
        case .record(let record):
            var json = JSONWriter()
            json.open("{")
            for field in record.fields {
                json.key(field.key)
                json.string(field.value)
            }
            json.close("}")
            return json.bytes
        case .damaged: return []
        }
    }
}
