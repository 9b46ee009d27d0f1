public import Intake
public import Registry
public import Validation

/// `peerdesk check`: reads and validates requests without storing anything, in batches on all
/// cores, while the caller reads the next batch.
public struct RequestChecker: Sendable {
    public let validator: Validator
    public let fieldMap: FieldMap
    public let limits: MailLimits

    /// Checks against `snapshot`, or only the format rules when there is no registry.
    public init(snapshot: RegistrySnapshot?, fieldMap: FieldMap = .empty, limits: MailLimits = .standard) {
        validator = Validator(snapshot: snapshot)
        self.fieldMap = fieldMap
        self.limits = limits
    }

    /// The record of each item, each turned into `Output` by `present` on the same core.
    public func check<Output: Sendable>(
        _ items: [InputItem],
        present: @escaping @Sendable (RequestRecord) -> Output
    ) -> [Output] {
        let validator = validator
        let fieldMap = fieldMap
        let limits = limits
        return ParallelMap.map(items) { item in
            let request = RequestBuilder.request(from: item, fieldMap: fieldMap, limits: limits)
            return present(RequestRecord(request: request, findings: validator.findings(for: request)))
        }
    }

    /// Checks everything `source` yields: `checked` gets each batch's outputs in order, on a
    /// second thread; `unreadable` each path that could not be read, on the calling thread.
    /// Returns how many requests were checked.
    @discardableResult
    public func run<Output: Sendable, Failure: Error>(
        _ source: some Sequence<Result<InputItem, InputError>>,
        present: @escaping @Sendable (RequestRecord) -> Output,
        unreadable: (InputError) -> Void = { _ in },
        checked: @escaping @Sendable ([Output]) throws(Failure) -> Void
    ) throws(Failure) -> Int {
        let stage = BatchStage<[InputItem], Failure>(label: "peerdesk.check") { batch throws(Failure) in
            try checked(check(batch, present: present))
        }
        return try stage.feed(source, size: IngestPipeline.batchSize, unreadable: unreadable)
    }
}
