import ArgumentParser
import Foundation
import Logging

/// The entry point: maps every failure to DESIGN.md's exit statuses.
///
/// 0 ok; 1 the command ran and found errors; 2 usage or input error, with a message on stderr
/// (ArgumentParser's own default for usage errors, 64, is not ours).
@main
enum PeerDeskMain {
    static func main() {
        bootstrapLogging()
        do {
            var command = try PeerDesk.parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Terminal.writeError("peerdesk: \(error.message)")
            Foundation.exit(error.status.rawValue)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            if PeerDesk.exitCode(for: error) == .success {
                PeerDesk.exit(withError: error)  // --help, --version: printed to stdout, status 0
            }
            Terminal.writeError(PeerDesk.fullMessage(for: error))
            Foundation.exit(ExitStatus.usageOrInput.rawValue)
        }
    }

    private static func bootstrapLogging() {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["PEERDESK_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// The exit statuses of DESIGN.md.
enum ExitStatus: Int32 {
    case ok = 0
    case findings = 1
    case usageOrInput = 2
}

/// A failure the user can act on: printed as `peerdesk: <message>` on stderr.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus = .usageOrInput

    var description: String { message }
}
