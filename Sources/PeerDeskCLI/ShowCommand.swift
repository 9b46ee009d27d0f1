import ArgumentParser
import Foundation
import PeeringModel
import Registry
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
        let id = try TicketCommands.reference(ticket)
        let database = try global.openDatabase()
        let ticket = try TicketCommands.load(id, from: TicketStore(database: database))
        let snapshot = try TicketCommands.snapshot(database)
        let report = TicketReport(ticket: ticket, snapshot: snapshot)
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(report))
        case .table: Terminal.write(report.rendered())
        }
    }
}

/// What `show` prints.
struct TicketReport: Encodable {
    var ticket: Ticket
    var organization: Organization?

    init(ticket: Ticket, snapshot: RegistrySnapshot) {
        self.ticket = ticket
        organization = TicketFacts.organization(of: ticket, in: snapshot)
    }

    struct ChecklistItem: Encodable {
        var step: RunbookStep
        var done: Bool
        var by: String?
        var at: Date?
        var note: String?
        var peeringID: String?

        private enum CodingKeys: String, CodingKey {
            case step, done, automatic, optional, by, at, note
            case peeringID = "peering_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step.rawValue, forKey: .step)
            try container.encode(done, forKey: .done)
            try container.encode(step.isAutomatic, forKey: .automatic)
            try container.encode(step.isOptional, forKey: .optional)
            try container.encode(by, forKey: .by)
            try container.encode(at.map(QueueRow.timestamp), forKey: .at)
            try container.encode(note, forKey: .note)
            try container.encode(peeringID, forKey: .peeringID)
        }
    }

    var checklist: [ChecklistItem] {
        let manual = ticket.manualSteps
        let automatic = ticket.automaticStepEvents
        let completed = ticket.completedSteps
        return RunbookStep.allCases.map { step in
            let event = manual[step] ?? automatic[step]
            return ChecklistItem(
                step: step,
                done: completed.contains(step),
                by: event?.actor,
                at: event?.at,
                note: step.isAutomatic ? nil : event?.note,
                peeringID: step == .peeringRequested ? event?.newValue : nil
            )
        }
    }

    private enum Keys: String, CodingKey {
        case ticket, status, requester, subject, organization, cluster, fields, provenance, findings, checklist
        case history, messages, rejection
        case nextStep = "next_step"
        case createdAt = "created_at"
        case waitingSince = "waiting_since"
        case peeringID = "peering_id"
    }

    private enum RequesterKeys: String, CodingKey { case email, name }

    private struct Provenance: Encodable {
        var value: String
        var raw: String
        var source: String
        var messageID: String?

        private enum CodingKeys: String, CodingKey {
            case value, raw, source
            case messageID = "message_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .value)
            try container.encode(raw, forKey: .raw)
            try container.encode(source, forKey: .source)
            try container.encode(messageID, forKey: .messageID)
        }
    }

    private struct HistoryEntry: Encodable {
        var event: TicketEvent
        /// The message the event came from: where it was read, and its Message-ID.
        var message: TicketMessage?

        private enum CodingKeys: String, CodingKey {
            case at, actor, kind, step, field, note, message
            case oldValue = "old_value"
            case newValue = "new_value"
        }

        private enum MessageKeys: String, CodingKey {
            case source
            case messageID = "message_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(QueueRow.timestamp(event.at), forKey: .at)
            try container.encode(event.actor, forKey: .actor)
            try container.encode(event.kind.rawValue, forKey: .kind)
            try container.encode(event.step?.rawValue, forKey: .step)
            try container.encode(event.field?.rawValue, forKey: .field)
            try container.encode(event.oldValue, forKey: .oldValue)
            try container.encode(event.newValue, forKey: .newValue)
            try container.encode(event.note, forKey: .note)
            if let message {
                var nested = container.nestedContainer(keyedBy: MessageKeys.self, forKey: .message)
                try nested.encode(message.source, forKey: .source)
                try nested.encode(message.messageID, forKey: .messageID)
            } else {
                try container.encodeNil(forKey: .message)
            }
        }
    }

    /// Messages by row, for naming where an event came from.
    private var messagesByRow: [Int64: TicketMessage] {
        Dictionary(ticket.messages.map { ($0.row, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private struct MessageEntry: Encodable {
        var message: TicketMessage

        private enum CodingKeys: String, CodingKey {
            case direction, outcome, sender, subject, source
            case messageID = "message_id"
            case sentAt = "sent_at"
            case autoReason = "auto_reason"
            case deliveryFailure = "delivery_failure"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message.direction.rawValue, forKey: .direction)
            try container.encode(message.outcome, forKey: .outcome)
            try container.encode(message.messageID, forKey: .messageID)
            try container.encode(message.sender, forKey: .sender)
            try container.encode(message.subject, forKey: .subject)
            try container.encode(QueueRow.timestamp(message.sentAt), forKey: .sentAt)
            try container.encode(message.source, forKey: .source)
            try container.encode(message.autoReason, forKey: .autoReason)
            try container.encode(message.deliveryFailure, forKey: .deliveryFailure)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ticket.reference, forKey: .ticket)
        try container.encode(ticket.status.rawValue, forKey: .status)
        try container.encode(ticket.nextStep?.rawValue, forKey: .nextStep)
        var requester = container.nestedContainer(keyedBy: RequesterKeys.self, forKey: .requester)
        try requester.encode(ticket.requesterEmail, forKey: .email)
        try requester.encode(ticket.requesterName, forKey: .name)
        try container.encode(ticket.subject, forKey: .subject)
        try container.encode(QueueRow.timestamp(ticket.createdAt), forKey: .createdAt)
        try container.encode(ticket.waitingSince.map(QueueRow.timestamp), forKey: .waitingSince)
        try container.encode(organization?.id, forKey: .organization)
        try container.encode(ticket.clusterID, forKey: .cluster)
        try container.encode(ticket.peeringID, forKey: .peeringID)
        var fields: [String: RequestRecord.FieldValue] = [:]
        var provenance: [String: [Provenance]] = [:]
        let messageIDs = Dictionary(
            ticket.messages.map { ($0.row, $0.messageID) },
            uniquingKeysWith: { first, _ in first }
        )
        for field in RequestField.allCases {
            let values = ticket.state.values[field] ?? []
            let canonical = values.map(\.canonical)
            fields[field.rawValue] = field == .vpcCIDRs ? .list(canonical) : .single(canonical.first)
            provenance[field.rawValue] = values.map { value in
                Provenance(
                    value: value.canonical,
                    raw: value.raw,
                    source: value.source,
                    messageID: (value.message ?? ticket.messages.first?.row).flatMap { messageIDs[$0] ?? nil }
                )
            }
        }
        try container.encode(fields, forKey: .fields)
        try container.encode(provenance, forKey: .provenance)
        try container.encode(ticket.state.findings, forKey: .findings)
        try container.encode(checklist, forKey: .checklist)
        try container.encode(ticket.rejection?.note, forKey: .rejection)
        let messages = messagesByRow
        try container.encode(
            ticket.events.map { HistoryEntry(event: $0, message: $0.messageRow.flatMap { messages[$0] }) },
            forKey: .history
        )
        try container.encode(ticket.messages.map(MessageEntry.init), forKey: .messages)
    }

    func rendered() -> String {
        var lines: [String] = []
        let requester = [ticket.requesterName, ticket.requesterEmail.map { "<\($0)>" }].compactMap { $0 }
            .joined(separator: " ")
        lines.append("\(ticket.reference)  \(ticket.status.rawValue)  next: \(ticket.nextStep?.rawValue ?? "-")")
        lines.append("subject:   \(ticket.subject ?? "-")")
        lines.append("requester: \(requester.isEmpty ? "-" : requester)")
        lines.append("organization: \(organization.map { "\($0.name) (\($0.id))" } ?? "-")")
        if let waiting = ticket.waitingSince { lines.append("waiting since: \(QueueRow.timestamp(waiting))") }
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
            if item.done, let by = item.by, let at = item.at { line += "  by \(by) at \(QueueRow.timestamp(at))" }
            if let peering = item.peeringID { line += "  \(peering)" }
            if let note = item.note { line += "  — \(note)" }
            lines.append(line)
        }
        lines.append("")
        lines.append("history")
        let messages = messagesByRow
        for event in ticket.events {
            var line = "  \(QueueRow.timestamp(event.at))  \(event.actor)  \(event.kind.rawValue)"
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
        return lines.map(Terminal.sanitize).joined(separator: "\n")
    }
}

/// What the ticket commands share.
enum TicketCommands {
    static func reference(_ text: String) throws(CLIError) -> Int64 {
        do {
            return try TicketReference.parse(text)
        } catch {
            throw CLIError(message: error.description)
        }
    }

    static func load(_ id: Int64, from store: TicketStore) throws(CLIError) -> Ticket {
        do {
            return try store.ticket(id)
        } catch {
            throw CLIError(message: error.description)
        }
    }

    static func snapshot(_ database: PeerDeskDatabase) throws(CLIError) -> RegistrySnapshot {
        do {
            return try database.snapshot()
        } catch {
            throw CLIError(message: error.description)
        }
    }

    /// The login name, for --by.
    static var loginName: String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["USER", "LOGNAME"] {
            if let user = environment[name], !user.isEmpty { return user }
        }
        if let login = getlogin() { return String(cString: login) }
        return "unknown"
    }
}
