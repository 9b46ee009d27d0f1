import Dispatch
import Intake
import Synchronization

/// One stage of a batch pipeline: runs `work` on each submitted batch, in order, on its own
/// thread, while the caller goes on producing the next batch. At most `depth` batches wait, so
/// memory stays bounded whatever the input size; the first failure stops the rest and is thrown
/// by the next `submit` or by `finish`.
public final class BatchStage<Batch: Sendable, Failure: Error>: Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private let work: @Sendable (Batch) throws(Failure) -> Void
    private let failure = Mutex<Failure?>(nil)

    public init(label: String, depth: Int = 2, work: @escaping @Sendable (Batch) throws(Failure) -> Void) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: depth)
        self.work = work
    }

    public func submit(_ batch: Batch) throws(Failure) {
        if let failure = currentFailure() { throw failure }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard currentFailure() == nil else { return }
            do throws(Failure) {
                try work(batch)
            } catch {
                failure.withLock { $0 = error }
            }
        }
    }

    /// Waits until every submitted batch is done.
    public func finish() throws(Failure) {
        queue.sync {}
        if let failure = currentFailure() { throw failure }
    }

    private func currentFailure() -> Failure? {
        failure.withLock { $0 }
    }
}

extension BatchStage where Batch == [InputItem] {
    /// Feeds what `source` yields to the stage in batches of `size`; `unreadable` gets each
    /// path that could not be read. Returns how many items were fed.
    @discardableResult
    func feed(
        _ source: some Sequence<Result<InputItem, InputError>>,
        size: Int,
        unreadable: (InputError) -> Void
    ) throws(Failure) -> Int {
        var batch: [InputItem] = []
        var count = 0
        for item in source {
            switch item {
            case .success(let item):
                batch.append(item)
                count += 1
                if batch.count >= size {
                    try submit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            case .failure(let error):
                unreadable(error)
            }
        }
        if !batch.isEmpty { try submit(batch) }
        try finish()
        return count
    }
}

/// Maps a batch on all cores, keeping the order.
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input],
        _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > 1 else { return inputs.map(transform) }
        let results = Results<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.set(index, transform(inputs[index]))
        }
        return results.values()
    }

    /// `@unchecked Sendable`: each index is written by exactly one iteration of
    /// `concurrentPerform` and read only after all of them have returned, and the buffer is
    /// allocated once, so no two threads ever touch the same memory. A `Mutex` per write would
    /// serialize the cores this exists to use.
    private final class Results<Value: Sendable>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            if let base = buffer.baseAddress { base.deinitialize(count: buffer.count) }
            buffer.deallocate()
        }

        func set(_ index: Int, _ value: Value) { buffer[index] = value }

        func values() -> [Value] { buffer.compactMap { $0 } }
    }
}
