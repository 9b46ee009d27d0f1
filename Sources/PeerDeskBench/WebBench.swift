import Foundation
import Glibc

/// The web app on the large desk `ingest` made (`peerdesk serve` on that database): each page
/// and API route timed by curl over one kept-alive connection, the API under `wrk` with 16
/// connections, and the server's peak memory. curl and wrk are programs of the machine; a
/// missing one is said in the table, and the run goes on.
struct WebBench {
    var peerdesk: String
    var database: String
    var work: String

    /// One route: what was asked, and the times of its requests.
    struct Timing {
        var label: String
        var target: String
        var statuses: Set<Int>
        var milliseconds: [Double]

        var median: Double { Self.percentile(milliseconds, 0.5) }
        var p95: Double { Self.percentile(milliseconds, 0.95) }

        static func percentile(_ values: [Double], _ fraction: Double) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
        }
    }

    struct Load {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var errors: String?
    }

    struct Result {
        var tickets: Int
        var firstQueueSeconds: Double
        var timings: [Timing]
        var load: Load?
        var loadNote: String?
        var peakRSS: Int?
        var notes: [String]
    }

    /// Requests per route (after one that warms the caches).
    static let repeats = 30

    func run() throws -> Result {
        var notes: [String] = []
        let password = work + "/web-password.txt"
        try "bench password, not a secret\n".write(toFile: password, atomically: true, encoding: .utf8)
        _ = try ChildProcess.run([peerdesk, "--db", database, "user", "remove", "bench"])
        let added = try ChildProcess.run(
            [peerdesk, "--db", database, "user", "add", "bench", "--password-stdin", "--admin"],
            stdin: password,
            stderr: work + "/web-user.log"
        )
        guard added.status == 0 else { throw UsageError("web: user add failed; see \(work)/web-user.log") }
        let tokenFile = work + "/web-token.txt"
        _ = try ChildProcess.run([peerdesk, "--db", database, "token", "revoke", "bench-wrk"])
        let created = try ChildProcess.run(
            [peerdesk, "--db", database, "token", "create", "bench-wrk", "--user", "bench"],
            stdout: tokenFile
        )
        let token = ((try? String(contentsOfFile: tokenFile, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        unlink(tokenFile)
        guard created.status == 0, !token.isEmpty else { throw UsageError("web: token create failed") }

        // The first queue after ingest fills ticket_queue for every new ticket (once).
        let countFile = work + "/web-queue.json"
        let first = try ChildProcess.run(
            [peerdesk, "--db", database, "queue", "--format", "json"],
            stdout: countFile
        )
        let tickets = Self.lineCount(countFile)
        unlink(countFile)

        guard let curl = Self.which("curl") else {
            notes.append("web: curl is not installed; the web rows were not measured")
            return Result(
                tickets: tickets,
                firstQueueSeconds: first.seconds,
                timings: [],
                load: nil,
                loadNote: nil,
                peakRSS: nil,
                notes: notes
            )
        }
        let port = try Self.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try ChildProcess.start(
            [peerdesk, "--db", database, "serve", "--listen", "127.0.0.1:\(port)"],
            stderr: work + "/web-serve.log"
        )
        defer { ChildProcess.stop(server) }
        guard try waitUntilServing(curl, base) else {
            throw UsageError("web: peerdesk serve did not answer on \(base); see \(work)/web-serve.log")
        }
        let jar = work + "/web-cookies.txt"
        let signIn = try ChildProcess.run(
            [
                curl, "-s", "-o", "/dev/null", "-c", jar, "--data-urlencode", "username=bench",
                "--data-urlencode", "password=bench password, not a secret", base + "/login",
            ]
        )
        guard signIn.status == 0 else { throw UsageError("web: signing in failed") }

        let middle = max(1, tickets / 2)
        let pages: [(String, String)] = [
            ("queue page, no filter", "/"),
            ("queue page, status=ready", "/?status=ready"),
            ("queue page, org=org-northwind", "/?org=org-northwind"),
            ("queue page, cluster=northwind-prod", "/?cluster=northwind-prod"),
            ("queue page, owner=nobody", "/?owner=nobody"),
            ("queue page, q=staging", "/?q=staging"),
            ("queue page 100", "/?page=100"),
            ("ticket page PD-\(middle)", "/tickets/PD-\(middle)"),
        ]
        let api: [(String, String)] = [
            ("GET /api/tickets?status=ready", "/api/tickets?status=ready"),
            ("GET /api/tickets", "/api/tickets"),
            ("GET /api/tickets?org=org-northwind", "/api/tickets?org=org-northwind"),
            ("GET /api/tickets?q=staging", "/api/tickets?q=staging"),
            ("GET /api/tickets/PD-\(middle)", "/api/tickets/PD-\(middle)"),
        ]
        var timings: [Timing] = []
        for (label, path) in pages {
            timings.append(try time(curl, label, base + path, ["-b", jar]))
        }
        for (label, path) in api {
            timings.append(try time(curl, label, base + path, ["-H", "Authorization: Bearer \(token)"]))
        }

        var load: Load?
        var loadNote: String?
        if let wrk = Self.which("wrk") {
            let output = work + "/web-wrk.txt"
            let target = base + "/api/tickets?status=ready"
            _ = try ChildProcess.run(
                [wrk, "-t2", "-c16", "-d10s", "--latency", "-H", "Authorization: Bearer \(token)", target],
                stdout: output
            )
            load = Self.parseWrk((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
            if load == nil { loadNote = "wrk ran but its output did not read; see \(output)" }
        } else {
            loadNote = "wrk is not installed (apt-get install wrk): the load row was not measured"
        }
        let peak = Self.peakRSS(server)
        return Result(
            tickets: tickets,
            firstQueueSeconds: first.seconds,
            timings: timings,
            load: load,
            loadNote: loadNote,
            peakRSS: peak,
            notes: notes
        )
    }

    /// `repeats` + 1 requests to `url` in one curl process (one kept-alive connection); the
    /// first warms the caches and is not counted.
    private func time(_ curl: String, _ label: String, _ url: String, _ extra: [String]) throws -> Timing {
        var arguments = [curl, "-s"] + extra + ["-w", "%{http_code} %{time_total}\\n"]
        for _ in 0...Self.repeats { arguments += ["-o", "/dev/null", url] }
        let output = work + "/web-curl.txt"
        _ = try ChildProcess.run(arguments, stdout: output)
        let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        var statuses = Set<Int>()
        var times: [Double] = []
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let status = Int(parts[0]), let seconds = Double(parts[1]) else { continue }
            statuses.insert(status)
            times.append(seconds * 1_000)
        }
        return Timing(label: label, target: url, statuses: statuses, milliseconds: times)
    }

    private func waitUntilServing(_ curl: String, _ base: String) throws -> Bool {
        for _ in 0..<100 {
            let outcome = try ChildProcess.run([curl, "-s", "-f", "-o", "/dev/null", base + "/login"])
            if outcome.status == 0 { return true }
            usleep(100_000)
        }
        return false
    }

    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A port the kernel says is free now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw UsageError("web: no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw UsageError("web: cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func lineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// VmHWM of a running process, in bytes.
    static func peakRSS(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let number = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return number.map { $0 * 1024 }
        }
        return nil
    }

    /// "Requests/sec: 273.12" and the latency distribution's 50% and 99% lines.
    static func parseWrk(_ text: String) -> Load? {
        var rate: Double?
        var p50: Double?
        var p99: Double?
        var errors: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), parts.count >= 2 { rate = Double(parts[1]) }
            if line.hasPrefix("50%"), parts.count >= 2 { p50 = milliseconds(String(parts[1])) }
            if line.hasPrefix("99%"), parts.count >= 2 { p99 = milliseconds(String(parts[1])) }
            if line.hasPrefix("Non-2xx") || line.hasPrefix("Socket errors") { errors = line }
        }
        guard let rate, let p50, let p99 else { return nil }
        return Load(requestsPerSecond: rate, p50: p50, p99: p99, errors: errors)
    }

    /// wrk's "58.21ms", "812.00us", "1.02s".
    static func milliseconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1_000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }

    /// The section of the report.
    static func report(_ result: Result, peerdesk: String, database: String) -> String {
        var lines: [String] = []
        lines.append("### The web app at \(Format.rate(Double(result.tickets))) tickets (issue 14)")
        lines.append("")
        lines.append(
            "`peerdesk serve` on the database `ingest` made above (\(Format.rate(Double(result.tickets))) tickets, demo "
                + "registry); each route asked \(repeats) times by curl over one kept-alive connection after "
                + "one warm-up request (wall time at the client, loopback); the load by `wrk -t2 -c16 -d10s` "
                + "with an API token. The first queue after the ingest filled `ticket_queue` in "
                + "\(Format.decimal(result.firstQueueSeconds, 1)) s (once)."
        )
        lines.append("")
        lines.append("| route | median ms | p95 ms | status | target |")
        lines.append("|---|---:|---:|---|---|")
        for timing in result.timings {
            let target =
                timing.label.hasPrefix("ticket page") || timing.label.hasPrefix("GET /api/tickets/PD")
                ? (timing.label.hasPrefix("ticket") ? "≤ 20 ms" : "")
                : (timing.label.hasPrefix("queue") ? "≤ 50 ms" : "")
            lines.append(
                "| \(timing.label) | \(Format.decimal(timing.median, 1)) | \(Format.decimal(timing.p95, 1)) | "
                    + "\(timing.statuses.sorted().map(String.init).joined(separator: ",")) | \(target) |"
            )
        }
        lines.append("")
        if let load = result.load {
            lines.append(
                "Load, `GET /api/tickets?status=ready`, 16 connections: **\(Format.decimal(load.requestsPerSecond, 0)) "
                    + "requests/s**, p50 \(Format.decimal(load.p50, 1)) ms, p99 \(Format.decimal(load.p99, 1)) ms "
                    + "(target ≥ 2,000 requests/s, p99 ≤ 50 ms)"
                    + (load.errors.map { "; wrk: \($0)" } ?? "") + "."
            )
        }
        if let note = result.loadNote { lines.append(note + ".") }
        if let peak = result.peakRSS {
            lines.append("")
            lines.append(
                "Server peak memory (VmHWM) after all of it: \(Format.decimal(Double(peak) / 1_048_576, 1)) MB "
                    + "(target ≤ 150 MB)."
            )
        }
        for note in result.notes { lines.append(note) }
        return lines.joined(separator: "\n")
    }
}
