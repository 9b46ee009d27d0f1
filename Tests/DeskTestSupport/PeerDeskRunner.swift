package import Foundation
import Testing

/// Runs the built `peerdesk` binary, as a script or a user would.
package struct PeerDeskRunner {
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String

        /// stdout as NDJSON objects.
        package func jsonLines() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any], "not a JSON object: \(line)")
            }
        }
    }

    package static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The CLI tests' fixture files.
    package static let fixtures = packageRoot.appendingPathComponent("Tests/PeerDeskCLITests/Fixtures")

    /// `$PEERDESK_BIN`, else the binary next to the test bundle, else `.build/debug/peerdesk`.
    package static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PEERDESK_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let besideTests = Bundle.main.bundleURL.appendingPathComponent("peerdesk")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/peerdesk")
    }

    /// A scratch folder for one test, removed by `cleanUp()`.
    package let folder: URL

    package init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    package func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }

    package var databasePath: String { folder.appendingPathComponent("desk.sqlite").path }

    @discardableResult
    package func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["PEERDESK_DB"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        // Both streams go to files: no pipe can fill up and block the child.
        let outURL = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        defer {
            try? output.close()
            try? errors.close()
        }
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    package func write(_ name: String, _ contents: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
