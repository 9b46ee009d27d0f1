import Foundation
import Glibc

/// Runs a program as a child process and reports its exit status, wall time and peak resident
/// memory (`ru_maxrss` from `wait4`, so no `/usr/bin/time` is needed).
struct ChildProcess {
    struct Outcome {
        var status: Int32
        var seconds: Double
        /// Peak resident set size in bytes.
        var peakRSS: Int
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `arguments` through this program's `measure` mode, with `stdout`/`stderr` written to
    /// those files (`/dev/null` drops the output).
    ///
    /// Not spawned directly: Linux carries the spawning process's memory high-water mark into a
    /// child's `ru_maxrss` at `exec`, so a child of this (large) process would report at least
    /// this process's peak. The `measure` process is small and measures its own child.
    static func run(
        _ arguments: [String],
        stdin: String = "/dev/null",
        stdout: String = "/dev/null",
        stderr: String = "/dev/null"
    ) throws
        -> Outcome
    {
        let report = "/tmp/peerdesk-bench-\(getpid())-measure.txt"
        defer { unlink(report) }
        let launcher = try spawn(
            [selfPath(), "measure", report] + arguments,
            stdin: stdin,
            stdout: stdout,
            stderr: stderr
        )
        guard launcher.status == 0,
            let text = try? String(contentsOfFile: report, encoding: .utf8),
            case let fields = text.split(separator: " "), fields.count == 3,
            let status = Int32(fields[0]), let seconds = Double(fields[1]),
            let rss = Int(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw SpawnError(description: "cannot run \(arguments.first ?? "?") (launcher status \(launcher.status))")
        }
        return Outcome(status: status, seconds: seconds, peakRSS: rss)
    }

    /// The `measure` mode: runs `arguments` with this process's standard streams and writes
    /// "status seconds peak-rss-bytes" to `report`. Returns the exit status for this process.
    static func measure(report: String, arguments: [String]) -> Int32 {
        guard let outcome = try? spawn(arguments, stdin: nil, stdout: nil, stderr: nil) else { return 127 }
        let line = "\(outcome.status) \(outcome.seconds) \(outcome.peakRSS)\n"
        let descriptor = open(report, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return 126 }
        defer { close(descriptor) }
        let written = line.utf8CString.withUnsafeBufferPointer { buffer in
            write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
        return written == line.utf8.count ? 0 : 126
    }

    static func selfPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts `arguments` in the background (a server) and returns its process ID; `stop` ends it.
    static func start(_ arguments: [String], stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t
    {
        try launch(arguments, stdin: "/dev/null", stdout: stdout, stderr: stderr)
    }

    /// SIGTERM, then waits for the process; its exit status.
    @discardableResult
    static func stop(_ pid: pid_t) -> Int32 {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// posix_spawn + wait4; `nil` streams are inherited.
    private static func spawn(_ arguments: [String], stdin: String?, stdout: String?, stderr: String?) throws -> Outcome
    {
        let start = Clock.nanoseconds()
        let pid = try launch(arguments, stdin: stdin, stdout: stdout, stderr: stderr)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else { throw SpawnError(description: "wait4 failed for \(arguments[0])") }
        }
        let seconds = Double(Clock.nanoseconds() - start) / 1e9
        // WIFEXITED / WEXITSTATUS; a signal is reported as 128 + its number, as shells do.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(status: exitStatus, seconds: seconds, peakRSS: Int(usage.ru_maxrss) * 1024)
    }

    /// posix_spawnp with the given streams (`nil`: inherited).
    private static func launch(_ arguments: [String], stdin: String?, stdout: String?, stderr: String?) throws -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdout { posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        if let stderr { posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) }

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = argv.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress, let program = buffer[0] else { return EINVAL }
            return posix_spawnp(&pid, program, &actions, nil, UnsafeMutablePointer(mutating: base), environ)
        }
        guard result == 0 else {
            throw SpawnError(description: "cannot run \(arguments.first ?? "?"): \(String(cString: strerror(result)))")
        }
        return pid
    }
}
