import Glibc
import Intake
import PeeringModel

/// Intake alone, in this process, on one thread: `RequestBuilder.request(from:)` (parse, decode,
/// extract) on items already read into memory, each timed with the monotonic clock.
enum IntakeBench {
    struct Item {
        var item: InputItem
        var size: Int
        var name: String
    }

    struct Result {
        var count: Int
        var bytes: Int
        /// Seconds per run, one entry a run.
        var runSeconds: [Double]
        /// Per item, the fastest of the runs (a preempted run does not make a message "slow").
        var itemNanoseconds: [UInt64]
        /// Requests with all six details found.
        var complete: Int

        var medianSeconds: Double { Stats.median(runSeconds) }
        var messagesPerSecond: Double { Double(count) / medianSeconds }
        var megabytesPerSecond: Double { Double(bytes) / 1e6 / medianSeconds }
    }

    /// Reads every item of `paths` (files, folders, mbox, exports) into memory.
    static func load(_ paths: [String], root: String = "") -> (items: [Item], unreadable: [String]) {
        var items: [Item] = []
        var unreadable: [String] = []
        for result in InputSource(paths: paths) {
            switch result {
            case .success(let item):
                var name = item.origin.description
                if !root.isEmpty, name.hasPrefix(root) { name = String(name.dropFirst(root.count)) }
                items.append(Item(item: item, size: size(of: item), name: name))
            case .failure(let error):
                unreadable.append(error.description)
            }
        }
        return (items, unreadable)
    }

    static func size(of item: InputItem) -> Int {
        switch item {
        case .message(let raw): return raw.bytes.count
        case .record(let record): return record.fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 }
        case .damaged: return 0
        }
    }

    static func run(_ items: [Item], runs: Int) -> Result {
        var runSeconds: [Double] = []
        var best = [UInt64](repeating: .max, count: items.count)
        var complete = 0
        for run in 0..<runs {
            var found = 0
            let start = Clock.nanoseconds()
            var previous = start
            for index in items.indices {
                let request = RequestBuilder.request(from: items[index].item)
                let now = Clock.nanoseconds()
                best[index] = min(best[index], now - previous)
                previous = now
                if RequestField.allCases.allSatisfy({ request.values[$0] != nil }) { found += 1 }
            }
            runSeconds.append(Double(previous - start) / 1e9)
            if run == 0 { complete = found }
        }
        return Result(
            count: items.count,
            bytes: items.reduce(0) { $0 + $1.size },
            runSeconds: runSeconds,
            itemNanoseconds: best,
            complete: complete
        )
    }
}

enum Clock {
    static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

enum Stats {
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
