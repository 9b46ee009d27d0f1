import Foundation
import Glibc

/// `peerdesk-bench`: the benchmark behind `make bench`.
///
///     peerdesk-bench run [--peerdesk PATH] [--work DIR] [--corpora DIR] [--runs N] [--count N]
///                        [--memory-count N] [--python PYTHON] [--output FILE] [--seed N]
///     peerdesk-bench generate [--count N] [--seed N] DIR
///     peerdesk-bench intake [--runs N] PATH...
///     peerdesk-bench web [--peerdesk PATH] DATABASE
///
/// `run` generates the corpora (fixed seed), times intake in this process on one core, runs the
/// Python reference, `peerdesk check` and `peerdesk ingest` as processes, prints the table and
/// writes it into BENCHMARKS.md. `intake` times intake alone on the given paths (for profiling
/// under callgrind). Nothing here asserts a time: the figures are printed and recorded.
@main
enum PeerDeskBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let mode = arguments.isEmpty ? "run" : arguments.removeFirst()
        if mode == "measure", arguments.count >= 2 {
            // peerdesk-bench measure REPORT PROGRAM ARGS...: kept first and small (see ChildProcess).
            exit(ChildProcess.measure(report: arguments[0], arguments: Array(arguments.dropFirst())))
        }
        do {
            var options = try Options(arguments)
            switch mode {
            case "run":
                var bench = BenchRun(options: options)
                try bench.run()
            case "generate":
                guard let folder = options.paths.first else { throw UsageError("generate: name a folder") }
                let summary = try CorpusWriter.write(count: options.count, seed: options.seed, to: folder)
                print("\(summary.items) requests, \(summary.files) files, \(summary.bytes) bytes in \(folder)")
            case "intake":
                if options.paths.isEmpty { options.paths = [options.work + "/speed-\(options.count)"] }
                intake(options)
            case "web":
                guard let database = options.paths.first else { throw UsageError("web: name a database") }
                let result = try WebBench(peerdesk: options.peerdesk, database: database, work: options.work).run()
                print(WebBench.report(result, peerdesk: options.peerdesk, database: database))
            case "dump":
                Dump.run(options.paths)
            case "-h", "--help", "help":
                print(usage)
            default:
                throw UsageError("unknown mode \(mode)")
            }
        } catch {
            FileHandle.standardError.write(Data("peerdesk-bench: \(error)\n\(usage)\n".utf8))
            exit(2)
        }
    }

    static let usage = """
        usage: peerdesk-bench run [--peerdesk PATH] [--work DIR] [--corpora DIR] [--runs N] [--count N]
                                  [--memory-count N] [--python PYTHON] [--output FILE] [--seed N]
                                  [--real-world-count N] [--parser-python PYTHON]
               peerdesk-bench generate [--count N] [--seed N] DIR
               peerdesk-bench intake [--runs N] PATH...
               peerdesk-bench web [--peerdesk PATH] DATABASE   (the web rows alone, on a desk ingest made)
               peerdesk-bench dump PATH...     (every result, for diffing two builds)
        """

    /// Intake alone on `paths`, printed: what callgrind profiles.
    static func intake(_ options: Options) {
        let reading = Clock.nanoseconds()
        let (items, unreadable) = IntakeBench.load(options.paths)
        let readSeconds = Double(Clock.nanoseconds() - reading) / 1e9
        for problem in unreadable { print("unreadable: \(problem)") }
        print(
            "read \(items.count) items in \(Format.decimal(readSeconds, 2)) s (files, mbox splitting, export readers)"
        )
        let result = IntakeBench.run(items, runs: options.runs)
        let slowest = result.itemNanoseconds.indices.max { result.itemNanoseconds[$0] < result.itemNanoseconds[$1] }
        print(
            "\(result.count) items, \(result.bytes) bytes: \(Format.rate(result.messagesPerSecond)) messages/s, "
                + "\(Format.decimal(result.megabytesPerSecond, 1)) MB/s (median of \(options.runs)); "
                + "\(result.complete) with all six details"
        )
        if let slowest {
            print("slowest: \(items[slowest].name) \(Format.milliseconds(result.itemNanoseconds[slowest]))")
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Options {
    var peerdesk = ".build/release/peerdesk"
    var work = ".build/bench"
    var corpora = "../shared/corpora"
    var runs = 5
    var count = 10_000
    var memoryCount = 100_000
    var python = "python3"
    /// The venv's Python with fast-mail-parser (`make bench` makes it).
    var parserPython = ".build/bench-venv/bin/python"
    /// Real-world files: the corpora's messages replicated to this many.
    var realWorldCount = 10_000
    var output = "BENCHMARKS.md"
    var seed: UInt64 = 20_261_124
    var paths: [String] = []

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                paths.append(argument)
                continue
            }
            guard let value = rest.popFirst() else { throw UsageError("\(argument) needs a value") }
            switch argument {
            case "--peerdesk": peerdesk = value
            case "--work": work = value
            case "--corpora": corpora = value
            case "--python": python = value
            case "--parser-python": parserPython = value
            case "--real-world-count": realWorldCount = try Self.number(argument, value)
            case "--output": output = value
            case "--runs": runs = try Self.number(argument, value)
            case "--count": count = try Self.number(argument, value)
            case "--memory-count": memoryCount = try Self.number(argument, value)
            case "--seed": seed = UInt64(try Self.number(argument, value))
            default: throw UsageError("unknown option \(argument)")
            }
        }
    }

    private static func number(_ name: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw UsageError("\(name) takes a positive number") }
        return number
    }
}

enum Format {
    static func decimal(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }

    /// 12,345 (thousands separated, no fraction).
    static func rate(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var output = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output += "," }
            output.append(character)
        }
        return output
    }

    static func milliseconds(_ nanoseconds: UInt64) -> String { decimal(Double(nanoseconds) / 1e6, 2) + " ms" }

    static func megabytes(_ bytes: Int) -> String { decimal(Double(bytes) / 1_048_576, 1) + " MB" }

    static func ratio(_ value: Double) -> String { value >= 10 ? "\(Int(value.rounded()))×" : decimal(value, 1) + "×" }
}
