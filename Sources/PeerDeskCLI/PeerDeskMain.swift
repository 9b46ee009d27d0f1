import ArgumentParser
import Foundation
import Logging
import Provisioning
import Registry
import Replies
import Runbook

/// The entry point: maps every failure to DESIGN.md's exit statuses.
///
/// 0 ok; 1 the command ran and found errors; 2 usage or input error, with a message on stderr
/// (ArgumentParser's own default for usage errors, 64, is not ours).
@main
enum PeerDeskMain {
    static func main() async {
        bootstrapLogging()
        do {
            var command = try PeerDesk.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Terminal.writeError("peerdesk: \(error.message)")
            Foundation.exit(error.status.rawValue)
        } catch let error as RunbookError {
            Terminal.writeError("peerdesk: \(Terminal.sanitize(error.commandLineMessage))")
            Foundation.exit(ExitStatus.usageOrInput.rawValue)
        } catch let error as ReplyDraftError {
            let message = if case .runbook(let error) = error { error.commandLineMessage } else { error.description }
            Terminal.writeError("peerdesk: \(Terminal.sanitize(message))")
            Foundation.exit(ExitStatus.usageOrInput.rawValue)
        } catch let error as RegistryError {
            Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
            Foundation.exit(ExitStatus.usageOrInput.rawValue)
        } catch let error as ProvisioningError {
            Terminal.writeError("peerdesk: \(Terminal.sanitize(error.description))")
            Foundation.exit(error.isInputError ? ExitStatus.usageOrInput.rawValue : ExitStatus.findings.rawValue)
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
        let level = Environment.logLevel ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// The process environment, one variable at a time with `getenv`: `ProcessInfo.processInfo`
/// builds the whole environment and more on first use, 1.4 ms of a process that an MTA starts
/// for each message (BENCHMARKS.md, "Start-up").
enum Environment {
    static func value(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// `PEERDESK_LOG_LEVEL`, when it names a level.
    static var logLevel: Logger.Level? {
        value("PEERDESK_LOG_LEVEL").flatMap { Logger.Level(rawValue: $0.lowercased()) }
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

extension RunbookError {
    /// The library's words, with the command-line flags and commands that fix it.
    var commandLineMessage: String {
        switch self {
        case .invalidPeeringID(let error): return "--peering-id: \(error.message)"
        case .peeringIDRequired(let ticket):
            return "PD-\(ticket): refused: peering-requested records the VPC peering ID: give --peering-id pcx-…; "
                + "nothing was changed"
        case .peeringIDNotExpected(let ticket, let step):
            return "PD-\(ticket): refused: --peering-id belongs to peering-requested, not \(step.rawValue); "
                + "nothing was changed"
        case .noSuchTicket: return description + " (peerdesk queue lists them)"
        case .noSuchQuarantine: return description + " (peerdesk quarantine list shows them)"
        default: return description
        }
    }
}
