import Dispatch
import Foundation

/// Runs `work` on each submitted batch, in order, on a background thread, while the caller
/// goes on reading the next batch. At most `depth` batches wait, so memory stays bounded; the
/// first failure stops the rest and is thrown by the next `submit` or by `finish`.
final class BackgroundBatches<Batch: Sendable>: @unchecked Sendable {
    // `work` runs only on `queue` (one batch at a time); `failure` is read and written under `lock`.
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private let work: (Batch) throws(CLIError) -> Void
    private let lock = NSLock()
    private var failure: CLIError?

    init(label: String, depth: Int = 2, work: @escaping (Batch) throws(CLIError) -> Void) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: depth)
        self.work = work
    }

    func submit(_ batch: Batch) throws(CLIError) {
        if let failure = currentFailure() { throw failure }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard currentFailure() == nil else { return }
            do throws(CLIError) {
                try work(batch)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every submitted batch is done.
    func finish() throws(CLIError) {
        queue.sync {}
        if let failure = currentFailure() { throw failure }
    }

    private func currentFailure() -> CLIError? {
        lock.withLock { failure }
    }
}
