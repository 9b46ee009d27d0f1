import Foundation
import Glibc

/// The whole benchmark: corpora, intake in process, the Python reference, `check` and `ingest`
/// as processes, the table, BENCHMARKS.md.
struct BenchRun {
    let options: Options
    /// Rows of the table, in order.
    private var rows: [Row] = []
    private var commands: [String] = []
    private var notes: [String] = []
    /// Time to read the generated corpus into memory (files, mbox splitting, export readers).
    private var readSeconds = 0.0
    /// `peerdesk ingest -` of one message and `peerdesk --version`, when ingest exists.
    private var startup: Startup?
    /// Each torture message and its fastest time, for the detail table.
    private var tortureTimes: [(name: String, size: Int, nanoseconds: UInt64)] = []

    init(options: Options) {
        self.options = options
    }

    struct Row {
        var measure: String
        var peerdesk: String
        var reference: String
        var ratio: String
        var target: String
        var verdict: String
    }

    mutating func run() throws {
        let started = Date()
        let work = options.work
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let speedFolder = work + "/speed-\(options.count)"
        let memoryFolder = work + "/batch-\(options.memoryCount)"
        let tortureFolder = work + "/torture"

        // 1. Corpora.
        let corpusFiles = Self.corpusFiles(options.corpora)
        if corpusFiles.isEmpty {
            let message = "\(options.corpora) is absent: the long tail of public corpora is NOT mixed in"
            print("bench: \(message)")
            notes.append(message)
        } else {
            print("bench: long tail: \(corpusFiles.count) message files from \(options.corpora) (read in place)")
        }
        print("bench: generating corpora (seed \(options.seed)) in \(work)")
        let generation = Clock.nanoseconds()
        let speed = try CorpusWriter.write(count: options.count, seed: options.seed, to: speedFolder)
        let batch = try CorpusWriter.write(count: options.memoryCount, seed: options.seed + 1, to: memoryFolder)
        let torture = try TortureCorpus.write(to: tortureFolder)
        print(
            "bench:   \(speed.items) requests (\(Format.megabytes(speed.bytes))), \(batch.items) requests "
                + "(\(Format.megabytes(batch.bytes))), \(torture.count) torture messages"
                + (speed.reused && batch.reused ? " (reused)" : "")
                + " in \(Format.decimal(Double(Clock.nanoseconds() - generation) / 1e9, 1)) s"
        )
        commands.append(
            "peerdesk-bench generate --seed \(options.seed) --count \(options.count) \(speedFolder)   "
                + "# and --seed \(options.seed + 1) --count \(options.memoryCount) \(memoryFolder)"
        )

        // 2. Intake alone, one core, in this process.
        let speedPaths = [speedFolder] + corpusFiles
        print("bench: intake alone (one core, \(options.runs) runs)")
        let reading = Clock.nanoseconds()
        let generated = IntakeBench.load([speedFolder], root: work + "/")
        readSeconds = Double(Clock.nanoseconds() - reading) / 1e9
        let tail = IntakeBench.load(corpusFiles, root: options.corpora + "/")
        let hostile = IntakeBench.load([tortureFolder], root: work + "/")
        let all = generated.items + tail.items
        let intakeGenerated = IntakeBench.run(generated.items, runs: options.runs)

        // 2b. Real-world mail alone (issue 16): the corpora replicated to a fixed count.
        let realWorldFolder = work + "/real-world-\(options.realWorldCount)"
        let realWorld = try RealWorldCorpus.write(
            from: tail.items,
            count: options.realWorldCount,
            seed: options.seed + 2,
            to: realWorldFolder
        )
        let realWorldItems = realWorld.files > 0 ? IntakeBench.load([realWorldFolder]).items : []
        print(
            "bench: real-world mail: \(realWorld.files) files (\(Format.megabytes(realWorld.bytes))) drawn from "
                + "\(realWorld.sources) corpus messages (seed \(options.seed + 2))"
        )
        let intakeRealWorld = IntakeBench.run(realWorldItems, runs: options.runs)
        commands.append(
            "peerdesk-bench intake --runs \(options.runs) \(realWorldFolder)   "
                + "# the corpora's \(realWorld.sources) messages replicated to \(realWorld.files) files, seed \(options.seed + 2)"
        )
        let intakeAll = IntakeBench.run(all, runs: options.runs)
        let intakeTorture = IntakeBench.run(hostile.items, runs: options.runs)
        tortureTimes = hostile.items.indices.map {
            (hostile.items[$0].name, hostile.items[$0].size, intakeTorture.itemNanoseconds[$0])
        }
        commands.append(
            "peerdesk-bench intake --runs \(options.runs) \(speedFolder) \(options.corpora)/…   "
                + "# RequestBuilder.request(from:) on items read into memory"
        )

        // 3. The Python reference, on the same files, and fast-mail-parser on the real-world files.
        print("bench: Python reference (3 runs)")
        let reference = try runReference(speedPaths)
        print("bench: fast_mail_parser.parse_email on the real-world files (\(options.runs) runs)")
        let parser = realWorld.files > 0 ? runFastMailParser(realWorldFolder) : nil

        // 4. check and ingest as processes.
        let registry = Self.registryFiles()
        print("bench: peerdesk check (all cores, 3 runs)")
        let checkDB = work + "/check.sqlite"
        try freshDatabase(checkDB, registry: registry)
        var checkRuns: [ChildProcess.Outcome] = []
        let checkArguments = [options.peerdesk, "--db", checkDB, "check", "--format", "json"]
        for _ in 0..<3 {
            checkRuns.append(try runPeerDesk(checkArguments + speedPaths, what: "check"))
        }
        commands.append(
            "peerdesk --db \(checkDB) registry import \(registry.joined(separator: " "))".replacingOccurrences(
                of: FileManager.default.currentDirectoryPath + "/",
                with: ""
            )
        )
        commands.append("peerdesk --db \(checkDB) check --format json \(speedFolder) \(options.corpora)/… > /dev/null")
        print("bench: peerdesk check on one core (taskset -c 0), the real-world files (3 runs)")
        var pinnedRuns: [ChildProcess.Outcome] = []
        if realWorld.files > 0 {
            for _ in 0..<3 {
                pinnedRuns.append(
                    try runPeerDesk(
                        ["taskset", "-c", "0"] + checkArguments + [realWorldFolder],
                        what: "check-one-core"
                    )
                )
            }
            commands.append("taskset -c 0 peerdesk --db \(checkDB) check --format json \(realWorldFolder) > /dev/null")
        }
        print("bench: peerdesk check, \(options.memoryCount) batch (memory)")
        let checkBig = try runPeerDesk(checkArguments + [memoryFolder] + corpusFiles, what: "check")
        commands.append("peerdesk --db \(checkDB) check --format json \(memoryFolder) \(options.corpora)/… > /dev/null")

        // `peerdesk ingest --help` exits 0 with the top-level help when there is no such
        // subcommand, so the probe also looks for the subcommand's own usage line.
        let probe = work + "/ingest-help.txt"
        let hasIngest =
            (try? ChildProcess.run([options.peerdesk, "ingest", "--help"], stdout: probe).status == 0) == true
            && ((try? String(contentsOfFile: probe, encoding: .utf8))?.contains("peerdesk ingest") ?? false)
        var ingestRuns: [ChildProcess.Outcome] = []
        var ingestBig: ChildProcess.Outcome?
        if hasIngest {
            print("bench: peerdesk ingest into a fresh database (3 runs)")
            for run in 0..<3 {
                let database = work + "/ingest-\(run).sqlite"
                try freshDatabase(database, registry: registry)
                ingestRuns.append(
                    try runPeerDesk([options.peerdesk, "--db", database, "ingest"] + speedPaths, what: "ingest")
                )
            }
            print("bench: peerdesk ingest, \(options.memoryCount) batch (memory)")
            let database = work + "/ingest-big.sqlite"
            try freshDatabase(database, registry: registry)
            ingestBig = try runPeerDesk(
                [options.peerdesk, "--db", database, "ingest", memoryFolder] + corpusFiles,
                what: "ingest"
            )
            commands.append(
                "peerdesk --db FRESH.sqlite ingest \(speedFolder) \(options.corpora)/…   # after registry import"
            )
            print("bench: one message piped to peerdesk ingest - (\(Self.startupRuns) runs), peerdesk --version")
            startup = try measureStartup(database: work + "/ingest-0.sqlite", generated: speedFolder)
        } else {
            print("ingest: not available in this build")
            notes.append("ingest: not available in this build (`peerdesk ingest --help` failed)")
        }

        // 5. The web app on the large desk ingest made (issue 14).
        var webSection: String?
        if hasIngest, ingestBig?.status == 0 {
            print("bench: the web app on the \(options.memoryCount) batch's desk (peerdesk serve, curl, wrk)")
            let database = work + "/ingest-big.sqlite"
            do {
                let result = try WebBench(peerdesk: options.peerdesk, database: database, work: work).run()
                webSection = WebBench.report(result, peerdesk: options.peerdesk, database: database)
                commands.append(
                    "peerdesk --db \(database) serve --listen 127.0.0.1:PORT   # then curl each route; "
                        + "wrk -t2 -c16 -d10s --latency -H 'Authorization: Bearer TOKEN' URL"
                )
            } catch {
                notes.append("web: not measured: \(error)")
            }
        }

        // 6. The table.
        let itemsChecked = all.count
        buildStartRows(
            realWorld: realWorld,
            intakeRealWorld: intakeRealWorld,
            intakeGenerated: intakeGenerated,
            parser: parser,
            pinnedRuns: pinnedRuns
        )
        buildRows(
            intakeAll: intakeAll,
            intakeGenerated: intakeGenerated,
            intakeTorture: intakeTorture,
            all: all,
            torture: hostile.items,
            reference: reference,
            itemsChecked: itemsChecked,
            checkRuns: checkRuns,
            checkBig: checkBig,
            bigItems: options.memoryCount + tail.items.count,
            ingestRuns: ingestRuns,
            ingestBig: ingestBig
        )
        let elapsed = Date().timeIntervalSince(started)
        var document = report(
            speedItems: generated.items.count,
            tailItems: tail.items.count,
            speedBytes: intakeGenerated.bytes,
            elapsed: elapsed,
            completeGenerated: intakeGenerated.complete,
            reference: reference
        )
        if let webSection { document += "\n\n" + webSection }
        print("")
        print(document)
        try writeReport(document)
        print("bench: wrote \(options.output) (\(Format.decimal(elapsed, 0)) s)")
    }

    // MARK: Steps

    /// Message files of the public corpora: everything but the expected results and licences.
    static func corpusFiles(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            let path = root + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let last = (name as NSString).lastPathComponent
            if last.hasSuffix(".json") || last.hasSuffix(".md") || last.hasPrefix("LICENSE") || last == "COPYING"
                || last == "SOURCE_COMMIT" || name.contains("LICENSES/") || last.hasPrefix(".")
            {
                continue
            }
            files.append(path)
        }
        return files.sorted()
    }

    static func registryFiles() -> [String] {
        let folder = "Data/demo/registry"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder + "/" + $0 }
    }

    private func freshDatabase(_ path: String, registry: [String]) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let outcome = try ChildProcess.run(
            [options.peerdesk, "--db", path, "registry", "import"] + registry,
            stderr: options.work + "/registry-import.log"
        )
        guard outcome.status == 0 else {
            throw UsageError("registry import failed (\(outcome.status)); see \(options.work)/registry-import.log")
        }
    }

    /// Runs peerdesk; `check` exits 1 when a request has error findings, which is expected here.
    private func runPeerDesk(_ arguments: [String], what: String) throws -> ChildProcess.Outcome {
        let log = options.work + "/\(what).log"
        let outcome = try ChildProcess.run(arguments, stdout: options.work + "/\(what).out", stderr: log)
        guard outcome.status <= 1 else {
            throw UsageError("peerdesk \(what) exited \(outcome.status); see \(log)")
        }
        return outcome
    }

    struct Reference {
        var messagesPerSecond: Double
        var megabytesPerSecond: Double
        var items: Int
        var complete: Int
        var peakRSS: Int
        var version: String
    }

    private mutating func runReference(_ paths: [String]) throws -> Reference? {
        let output = options.work + "/reference.json"
        try? FileManager.default.removeItem(atPath: output)
        commands.append("python3 bench/reference.py --runs 3 \(paths.first ?? "") \(options.corpora)/…")
        guard
            let (object, outcome) = Self.runScript(
                [options.python, "bench/reference.py", "--runs", "3", "--json", output] + paths,
                output: output,
                log: options.work + "/reference.log"
            )
        else {
            print("bench: the Python reference did not run (see \(options.work)/reference.log)")
            notes.append("the Python reference did not run: no ratios")
            return nil
        }
        return Reference(
            messagesPerSecond: object["messages_per_second"] as? Double ?? 0,
            megabytesPerSecond: object["megabytes_per_second"] as? Double ?? 0,
            items: object["items"] as? Int ?? 0,
            complete: object["complete"] as? Int ?? 0,
            peakRSS: outcome.peakRSS,
            version: object["python"] as? String ?? "?"
        )
    }

    /// Runs a Python script that writes one JSON object to `output`; nil when it fails.
    private static func runScript(
        _ arguments: [String],
        output: String,
        log: String
    ) -> (object: [String: Any], outcome: ChildProcess.Outcome)? {
        guard let outcome = try? ChildProcess.run(arguments, stderr: log), outcome.status == 0,
            let data = FileManager.default.contents(atPath: output),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return (object, outcome)
    }

    struct Parser {
        var messagesPerSecond: Double
        var megabytesPerSecond: Double
        var items: Int
        var errors: Int
        var version: String
    }

    /// `fast_mail_parser.parse_email` on `folder` (bench/fast_mail_parser_bench.py, in the venv
    /// `make bench` prepares); nil, with a note in the table, when it cannot run.
    private mutating func runFastMailParser(_ folder: String) -> Parser? {
        let output = options.work + "/fast-mail-parser.json"
        let log = options.work + "/fast-mail-parser.log"
        try? FileManager.default.removeItem(atPath: output)
        let script = "bench/fast_mail_parser_bench.py"
        commands.append(
            "\(options.parserPython) \(script) --runs \(options.runs) \(folder)   "
                + "# fast-mail-parser==0.10.0 in \(options.parserPython.replacingOccurrences(of: "/bin/python", with: ""))"
        )
        guard FileManager.default.isExecutableFile(atPath: options.parserPython) else {
            let message =
                "fast-mail-parser is not installed (no \(options.parserPython); `make bench` installs "
                + "fast-mail-parser==0.10.0 there when PyPI is reachable): no parse-only reference"
            print("bench: \(message)")
            notes.append(message)
            return nil
        }
        guard
            let (object, _) = Self.runScript(
                [options.parserPython, script, "--runs", String(options.runs), "--json", output, folder],
                output: output,
                log: log
            )
        else {
            let message = "fast-mail-parser did not run (see \(log)): no parse-only reference"
            print("bench: \(message)")
            notes.append(message)
            return nil
        }
        return Parser(
            messagesPerSecond: object["messages_per_second"] as? Double ?? 0,
            megabytesPerSecond: object["megabytes_per_second"] as? Double ?? 0,
            items: object["items"] as? Int ?? 0,
            errors: object["errors"] as? Int ?? 0,
            version: object["version"] as? String ?? "?"
        )
    }

    struct Startup {
        /// Wall seconds of each `ingest -` run, after one warm-up.
        var ingest: [Double]
        var version: [Double]
    }

    static let startupRuns = 21

    /// One generated message at a time (its Message-ID new each run) piped to `peerdesk --db
    /// DATABASE ingest -`, the desk `ingest` filled above; then `peerdesk --version` alone.
    private mutating func measureStartup(database: String, generated: String) throws -> Startup {
        let mail = generated + "/mail/000"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: mail)) ?? []).filter { $0.hasSuffix(".eml") }
        guard let name = names.sorted().first, let template = FileManager.default.contents(atPath: mail + "/" + name)
        else { throw UsageError("no generated message in \(mail) to pipe to ingest -") }
        let message = options.work + "/startup.eml"
        var ingest: [Double] = []
        for run in 0...Self.startupRuns {
            try Data(StartupMessage.make(from: Array(template), run: run)).write(to: URL(fileURLWithPath: message))
            let outcome = try ChildProcess.run(
                [options.peerdesk, "--db", database, "ingest", "-"],
                stdin: message,
                stdout: options.work + "/startup.out",
                stderr: options.work + "/startup.log"
            )
            guard outcome.status <= 1 else {
                throw UsageError("peerdesk ingest - exited \(outcome.status); see \(options.work)/startup.log")
            }
            if run > 0 { ingest.append(outcome.seconds) }
        }
        var version: [Double] = []
        for run in 0...Self.startupRuns {
            let outcome = try ChildProcess.run([options.peerdesk, "--version"])
            if run > 0 { version.append(outcome.seconds) }
        }
        commands.append(
            "peerdesk --db \(database) ingest - < ONE.eml   # \(Self.startupRuns) runs after a warm-up, "
                + "a new Message-ID each; and peerdesk --version"
        )
        return Startup(ingest: ingest, version: version)
    }

    // MARK: Table

    /// The rows issue 16 names, first in the table.
    private mutating func buildStartRows(
        realWorld: RealWorldCorpus.Summary,
        intakeRealWorld: IntakeBench.Result,
        intakeGenerated: IntakeBench.Result,
        parser: Parser?,
        pinnedRuns: [ChildProcess.Outcome]
    ) {
        func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
        if realWorld.files > 0 {
            let rate = intakeRealWorld.messagesPerSecond
            let base = parser?.messagesPerSecond
            rows.append(
                Row(
                    measure:
                        "intake, one core: real-world mail (\(Format.rate(Double(realWorld.files))) files drawn from "
                        + "the corpora's \(realWorld.sources) messages)",
                    peerdesk:
                        "\(Format.rate(rate)) msgs/s, \(Format.decimal(intakeRealWorld.megabytesPerSecond, 1)) MB/s",
                    reference: parser.map {
                        "fast-mail-parser \($0.version): \(Format.rate($0.messagesPerSecond)) msgs/s, "
                            + "\(Format.decimal($0.megabytesPerSecond, 1)) MB/s"
                            + ($0.errors > 0 ? " (\($0.errors) refused)" : "")
                    } ?? "fast-mail-parser not run",
                    ratio: base.map { Format.decimal(rate / $0, 2) + "×" } ?? "–",
                    target: "≥ 25,000 msgs/s; ≥ 1.1× fast-mail-parser",
                    verdict: verdict(rate >= 25_000 && base.map { rate >= 1.1 * $0 } ?? false)
                )
            )
        }
        rows.append(
            Row(
                measure: "intake, one core: generated (\(Format.rate(Double(intakeGenerated.count))) msgs)",
                peerdesk:
                    "\(Format.rate(intakeGenerated.messagesPerSecond)) msgs/s, "
                    + "\(Format.decimal(intakeGenerated.megabytesPerSecond, 1)) MB/s",
                reference: "",
                ratio: "",
                target: "≥ 40,000 msgs/s",
                verdict: verdict(intakeGenerated.messagesPerSecond >= 40_000)
            )
        )
        if !pinnedRuns.isEmpty, intakeRealWorld.medianSeconds > 0 {
            let seconds = Stats.median(pinnedRuns.map(\.seconds))
            let factor = seconds / intakeRealWorld.medianSeconds
            rows.append(
                Row(
                    measure:
                        "check, one core (`taskset -c 0`), the \(Format.rate(Double(realWorld.files))) real-world "
                        + "files, whole process (median of 3)",
                    peerdesk:
                        "\(Format.decimal(seconds, 2)) s wall = \(Format.rate(Double(realWorld.files) / seconds)) msgs/s; "
                        + "intake alone \(Format.decimal(intakeRealWorld.medianSeconds, 2)) s",
                    reference: "",
                    ratio: Format.decimal(factor, 2) + "× intake",
                    target: "≤ 1.5× intake alone",
                    verdict: verdict(factor <= 1.5)
                )
            )
        }
    }

    /// `ingest -` and `--version` rows.
    private mutating func buildStartupRows() {
        guard let startup else { return }
        func milliseconds(_ values: [Double], _ quantile: Double) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "–" }
            let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * quantile).rounded()))
            return Format.decimal(sorted[index] * 1000, 1)
        }
        let median = Stats.median(startup.ingest)
        rows.append(
            Row(
                measure:
                    "one message piped to `ingest -`, into the desk ingest made above (\(startup.ingest.count) runs)",
                peerdesk: "median \(milliseconds(startup.ingest, 0.5)) ms, p90 \(milliseconds(startup.ingest, 0.9)) ms",
                reference: "",
                ratio: "",
                target: "≤ 15 ms",
                verdict: median <= 0.015 ? "met" : "NOT met"
            )
        )
        rows.append(
            Row(
                measure: "`peerdesk --version` (\(startup.version.count) runs)",
                peerdesk:
                    "median \(milliseconds(startup.version, 0.5)) ms, p90 \(milliseconds(startup.version, 0.9)) ms",
                reference: "",
                ratio: "",
                target: "",
                verdict: ""
            )
        )
    }

    private mutating func buildRows(
        intakeAll: IntakeBench.Result,
        intakeGenerated: IntakeBench.Result,
        intakeTorture: IntakeBench.Result,
        all: [IntakeBench.Item],
        torture: [IntakeBench.Item],
        reference: Reference?,
        itemsChecked: Int,
        checkRuns: [ChildProcess.Outcome],
        checkBig: ChildProcess.Outcome,
        bigItems: Int,
        ingestRuns: [ChildProcess.Outcome],
        ingestBig: ChildProcess.Outcome?
    ) {
        func ratio(_ value: Double, _ base: Double?) -> String {
            guard let base, base > 0 else { return "–" }
            return Format.ratio(value / base)
        }
        func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
        let refRate = reference?.messagesPerSecond
        rows.append(
            Row(
                measure: "intake, one core: generated + corpora (\(Format.rate(Double(intakeAll.count))) msgs)",
                peerdesk: "\(Format.rate(intakeAll.messagesPerSecond)) msgs/s",
                reference: refRate.map { "\(Format.rate($0)) msgs/s" } ?? "–",
                ratio: ratio(intakeAll.messagesPerSecond, refRate),
                target: "≥ 30,000 msgs/s; ≥ 80× Python",
                verdict: verdict(
                    intakeAll.messagesPerSecond >= 30_000 && intakeAll.messagesPerSecond >= 80 * (refRate ?? 0)
                )
            )
        )
        rows.append(
            Row(
                measure: "intake, one core: MB/s",
                peerdesk: "\(Format.decimal(intakeAll.megabytesPerSecond, 1)) MB/s",
                reference: reference.map { "\(Format.decimal($0.megabytesPerSecond, 1)) MB/s" } ?? "–",
                ratio: ratio(intakeAll.megabytesPerSecond, reference?.megabytesPerSecond),
                target: "",
                verdict: ""
            )
        )
        rows.append(
            Row(
                measure: "intake, one core: generated only (\(Format.rate(Double(intakeGenerated.count))) msgs)",
                peerdesk:
                    "\(Format.rate(intakeGenerated.messagesPerSecond)) msgs/s, "
                    + "\(Format.decimal(intakeGenerated.megabytesPerSecond, 1)) MB/s",
                reference: "",
                ratio: "",
                target: "",
                verdict: ""
            )
        )
        let slowestIndex = intakeAll.itemNanoseconds.indices.max {
            intakeAll.itemNanoseconds[$0] < intakeAll.itemNanoseconds[$1]
        }
        if let slowestIndex {
            let time = intakeAll.itemNanoseconds[slowestIndex]
            rows.append(
                Row(
                    measure: "slowest message, generated + corpora",
                    peerdesk: "\(Format.milliseconds(time)) (\(all[slowestIndex].name), \(all[slowestIndex].size) B)",
                    reference: "",
                    ratio: "",
                    target: "≤ 10 ms",
                    verdict: verdict(time <= 10_000_000)
                )
            )
        }
        let tortureIndex = intakeTorture.itemNanoseconds.indices.max {
            intakeTorture.itemNanoseconds[$0] < intakeTorture.itemNanoseconds[$1]
        }
        if let tortureIndex {
            let time = intakeTorture.itemNanoseconds[tortureIndex]
            rows.append(
                Row(
                    measure: "slowest message, torture set (\(torture.count) hostile msgs, 135 KB–2 MB)",
                    peerdesk:
                        "\(Format.milliseconds(time)) (\(torture[tortureIndex].name), \(torture[tortureIndex].size) B)",
                    reference: "",
                    ratio: "",
                    target: "≤ 10 ms",
                    verdict: verdict(time <= 10_000_000)
                )
            )
        }
        let checkSeconds = Stats.median(checkRuns.map(\.seconds))
        let checkRate = Double(itemsChecked) / checkSeconds
        rows.append(
            Row(
                measure: "check, all cores, \(Format.rate(Double(itemsChecked))) msgs (median of 3)",
                peerdesk: "\(Format.decimal(checkSeconds, 2)) s wall = \(Format.rate(checkRate)) msgs/s",
                reference: refRate.map { "\(Format.decimal(Double(itemsChecked) / $0, 1)) s" } ?? "–",
                ratio: ratio(checkRate, refRate),
                target: "",
                verdict: ""
            )
        )
        if ingestRuns.isEmpty {
            rows.append(
                Row(
                    measure: "ingest into a fresh database",
                    peerdesk: "not available in this build",
                    reference: "",
                    ratio: "",
                    target: "≥ 10,000 tickets/s",
                    verdict: "–"
                )
            )
        } else {
            let seconds = Stats.median(ingestRuns.map(\.seconds))
            let rate = Double(itemsChecked) / seconds
            rows.append(
                Row(
                    measure: "ingest into a fresh database, \(Format.rate(Double(itemsChecked))) msgs (median of 3)",
                    peerdesk: "\(Format.decimal(seconds, 2)) s wall = \(Format.rate(rate)) tickets/s",
                    reference: "",
                    ratio: ratio(rate, refRate),
                    target: "≥ 10,000 tickets/s",
                    verdict: verdict(rate >= 10_000)
                )
            )
        }
        buildStartupRows()
        let checkSmallRSS = checkRuns.map(\.peakRSS).max() ?? 0
        rows.append(
            Row(
                measure: "peak RSS, check, \(Format.rate(Double(itemsChecked))) msgs",
                peerdesk: Format.megabytes(checkSmallRSS),
                reference: reference.map { Format.megabytes($0.peakRSS) } ?? "–",
                ratio: reference.map { ratio(Double(checkSmallRSS), Double($0.peakRSS)) } ?? "–",
                target: "< 150 MB",
                verdict: verdict(checkSmallRSS < 150 << 20)
            )
        )
        rows.append(
            Row(
                measure: "peak RSS, check, \(Format.rate(Double(bigItems))) msgs",
                peerdesk: "\(Format.megabytes(checkBig.peakRSS)) (\(Format.decimal(checkBig.seconds, 1)) s wall)",
                reference: "",
                ratio: "",
                target: "< 150 MB; ≤ 10k + a few MB",
                verdict: verdict(checkBig.peakRSS < 150 << 20 && checkBig.peakRSS <= checkSmallRSS + (8 << 20))
            )
        )
        if let ingestBig {
            let small = ingestRuns.map(\.peakRSS).max() ?? 0
            rows.append(
                Row(
                    measure: "peak RSS, ingest, \(Format.rate(Double(itemsChecked))) msgs",
                    peerdesk: Format.megabytes(small),
                    reference: "",
                    ratio: "",
                    target: "< 150 MB",
                    verdict: verdict(small < 150 << 20)
                )
            )
            rows.append(
                Row(
                    measure: "peak RSS, ingest, \(Format.rate(Double(bigItems))) msgs",
                    peerdesk: "\(Format.megabytes(ingestBig.peakRSS)) (\(Format.decimal(ingestBig.seconds, 1)) s wall)",
                    reference: "",
                    ratio: "",
                    target: "< 150 MB; ≤ 10k + a few MB",
                    verdict: verdict(ingestBig.peakRSS < 150 << 20 && ingestBig.peakRSS <= small + (8 << 20))
                )
            )
        }
    }

    private func report(
        speedItems: Int,
        tailItems: Int,
        speedBytes: Int,
        elapsed: Double,
        completeGenerated: Int,
        reference: Reference?
    ) -> String {
        var lines: [String] = []
        let formatter = ISO8601DateFormatter()
        lines.append("Run \(formatter.string(from: Date())) on \(Machine.describe()).")
        lines.append("")
        lines.append(
            "Corpus: \(Format.rate(Double(speedItems))) generated requests (seed \(options.seed), "
                + "\(Format.megabytes(speedBytes)); plain, Gmail multipart/alternative quoted-printable, Outlook HTML, "
                + "base64 from phones, follow-ups with quoted history, forwarded message/rfc822, prose, CSV attachments, "
                + "auto-replies, incomplete, pasted Unicode, format=flowed; 3% as CSV/JSON/NDJSON/XML export records, "
                + "5% in mbox files) + \(tailItems) messages of `\(options.corpora)` as the long tail."
        )
        lines.append(
            "All six details found in \(Format.rate(Double(completeGenerated))) of \(Format.rate(Double(speedItems))) "
                + "generated requests by PeerDesk"
                + (reference.map {
                    "; the Python reference found all six in \(Format.rate(Double($0.complete))) of "
                        + "\(Format.rate(Double($0.items))) items (generated + corpora, Python \($0.version))"
                } ?? "") + "."
        )
        for note in notes {
            lines.append("")
            lines.append("**Note:** \(note).")
        }
        lines.append("")
        lines.append("| measure | PeerDesk | Python reference | ratio | target | |")
        lines.append("|---|---|---|---|---|---|")
        for row in rows {
            lines.append(
                "| \(row.measure) | \(row.peerdesk) | \(row.reference) | \(row.ratio) | \(row.target) | \(row.verdict) |"
            )
        }
        lines.append("")
        lines.append("The torture set, message by message (fastest of \(options.runs) runs, one core):")
        lines.append("")
        lines.append("| message | size | intake time | ≤ 10 ms |")
        lines.append("|---|---|---|---|")
        for entry in tortureTimes {
            lines.append(
                "| \(entry.name) | \(Format.rate(Double(entry.size))) B | \(Format.milliseconds(entry.nanoseconds)) | "
                    + (entry.nanoseconds <= 10_000_000 ? "yes" : "**no**") + " |"
            )
        }
        lines.append("")
        lines.append(
            "Reading the generated corpus into memory (files, mbox splitting, CSV/JSON/XML readers) took "
                + "\(Format.decimal(readSeconds, 2)) s, outside the intake figures. Peak RSS is measured through a "
                + "small launcher (`peerdesk-bench measure`), because Linux carries the spawning process's peak into "
                + "a child's `ru_maxrss`; the launcher's own floor is about 18 MB, below any `peerdesk` run."
        )
        lines.append("")
        lines.append(
            "Intake figures are medians of \(options.runs) runs, one thread, items read into memory first; "
                + "the slowest-message figure takes each message's fastest run (so a preempted run does not count). "
                + "Process figures are wall times of the `peerdesk` binary (median of 3); peak RSS is the child's "
                + "`ru_maxrss` from `wait4`. The whole run took \(Format.decimal(elapsed, 0)) s."
        )
        lines.append("")
        lines.append("Commands (from the repository root; `…` is every message file of the corpora):")
        lines.append("")
        lines.append("```sh")
        lines.append("make bench")
        lines.append(
            "swift build -c release && .build/release/peerdesk-bench run --peerdesk .build/release/peerdesk "
                + "--runs \(options.runs) --count \(options.count) --memory-count \(options.memoryCount)"
        )
        for command in commands { lines.append(command) }
        lines.append("```")
        return lines.joined(separator: "\n")
    }

    static let beginMarker = "<!-- make bench: generated section begins; do not edit by hand -->"
    static let endMarker = "<!-- make bench: generated section ends -->"

    private func writeReport(_ document: String) throws {
        let path = options.output
        var text =
            (try? String(contentsOfFile: path, encoding: .utf8))
            ?? "# Benchmarks\n\n## Latest run\n\n\(Self.beginMarker)\n\(Self.endMarker)\n"
        if let begin = text.range(of: Self.beginMarker), let end = text.range(of: Self.endMarker),
            begin.upperBound <= end.lowerBound
        {
            text.replaceSubrange(begin.upperBound..<end.lowerBound, with: "\n" + document + "\n")
        } else {
            text += "\n## Latest run\n\n\(Self.beginMarker)\n\(document)\n\(Self.endMarker)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// nproc, CPU model and memory, from the kernel.
enum Machine {
    static func describe() -> String {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kilobytes =
            meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }
            .flatMap { Int($0) } ?? 0
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(cores) cores (nproc), \(model), \(Format.decimal(Double(kilobytes) / 1_048_576, 1)) GiB memory, "
            + "Linux \(release)"
    }
}
