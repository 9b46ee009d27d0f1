import ArgumentParser
import Foundation
import PeeringModel
import Runbook

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One ticket: fields with provenance, findings, the runbook checklist, the history.",
        discussion: """
            TICKET is PD-12 (or 12). The checklist says who did each step and when \
            (details-received and validated are done by PeerDesk and follow the findings); the \
            history lists every message, field change, step, undo, rejection and reply, oldest first.

            Example: peerdesk show PD-12 --format json | jq '.checklist[] | select(.done)'
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    func run() throws {
        let report = try global.openStore().report(try TicketReference.parse(ticket))
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(report))
        case .table: Terminal.write(report.rendered())
        }
    }
}

extension TicketReport {
    /// Lines of each message's text in the table view.
    static let linesPerMessage = 40

    /// The table view of `show`.
    func rendered() -> String {
        var lines: [String] = []
        let requester = [ticket.requesterName, ticket.requesterEmail.map { "<\($0)>" }].compactMap { $0 }
            .joined(separator: " ")
        lines.append("\(ticket.reference)  \(ticket.status.rawValue)  next: \(ticket.nextStep?.rawValue ?? "-")")
        lines.append("subject:   \(ticket.subject ?? "-")")
        lines.append("requester: \(requester.isEmpty ? "-" : requester)")
        lines.append("organization: \(organization.map { "\($0.name) (\($0.id))" } ?? "-")")
        lines.append("owner:     \(ticket.owner ?? "-")")
        if let waiting = ticket.waitingSince { lines.append("waiting since: \(Timestamp.iso8601(waiting))") }
        if let rejection = ticket.rejection {
            lines.append("rejected by \(rejection.actor): \(rejection.note ?? "")")
        }
        lines.append("")
        lines.append("fields")
        for field in RequestField.allCases {
            let values = ticket.state.values[field] ?? []
            if values.isEmpty {
                lines.append("  \(field.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) -")
            }
            for value in values {
                let written = value.raw == value.canonical ? "" : " (written \"\(value.raw)\")"
                lines.append(
                    "  \(field.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(value.canonical)"
                        + "\(written)  from \(value.source)"
                )
            }
        }
        lines.append("")
        lines.append("findings")
        if ticket.state.findings.isEmpty { lines.append("  none") }
        for finding in ticket.state.findings {
            let severity = finding.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(severity) \(finding.code.rawValue): \(finding.message)")
        }
        lines.append("")
        lines.append("checklist")
        for item in checklist {
            let mark = item.done ? "[x]" : "[ ]"
            var line = "  \(mark) \(item.step.rawValue)"
            if item.step.isOptional { line += " (optional)" }
            if item.done, let by = item.by, let at = item.at { line += "  by \(by) at \(Timestamp.iso8601(at))" }
            if let peering = item.peeringID { line += "  \(peering)" }
            if let note = item.note { line += "  — \(note)" }
            lines.append(line)
        }
        lines.append("")
        lines.append("history")
        let messages = messagesByRow
        for event in ticket.events {
            var line = "  \(Timestamp.iso8601(event.at))  \(event.actor)  \(event.kind.rawValue)"
            if let step = event.step { line += " \(step.rawValue)" }
            if let field = event.field {
                line += " \(field.rawValue): \(event.oldValue ?? "(none)") → \(event.newValue ?? "(none)")"
            } else if event.kind == .findingsChanged {
                line += ": \(event.oldValue ?? "none") → \(event.newValue ?? "none")"
            } else if let value = event.newValue {
                line += " \(value)"
            }
            if let note = event.note { line += "  — \(note)" }
            if event.kind == .fieldChanged, let message = event.messageRow.flatMap({ messages[$0] }) {
                line += "  (from \(message.source))"
            }
            lines.append(line)
        }
        lines.append("")
        lines.append("messages")
        for message in ticket.messages {
            let direction = message.direction == .outgoing ? "to customer" : "from \(message.sender ?? "unknown")"
            lines.append(
                "  \(Timestamp.iso8601(message.sentAt))  \(direction)  \(message.source)  (\(message.outcome))"
                    + (message.externalID.map { "  [external ID \($0)]" } ?? "")
            )
            let text = messageTexts[message.row] ?? ""
            let shown = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(Self.linesPerMessage)
            for line in shown { lines.append("    | " + line) }
            let total = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if total > Self.linesPerMessage {
                lines.append("    | … \(total - Self.linesPerMessage) more lines (show --format json has them all)")
            }
        }
        return lines.map(Terminal.sanitize).joined(separator: "\n")
    }
}

/// `--by`: who did a staff action, for the history.
struct ActorOption: ParsableArguments {
    @Option(help: ArgumentHelp("Who did it, for the history (default: the login name).", valueName: "name"))
    var by: String?

    /// `--by` (control characters replaced), else the login name.
    var actor: String { by.map(Terminal.sanitize) ?? TicketCommands.loginName }
}

/// What the ticket commands share.
enum TicketCommands {
    /// The login name, for --by.
    static var loginName: String {
        for name in ["USER", "LOGNAME"] {
            if let user = Environment.value(name), !user.isEmpty { return user }
        }
        if let login = getlogin() { return String(cString: login) }
        return "unknown"
    }
}
