import Foundation
import PeeringModel
import Runbook

/// The request record of DESIGN.md: what `check` and `ingest` print for each request.
struct RequestRecord: Encodable {
    var ticket: String?
    var outcome: String?
    var request: PeeringRequest
    var findings: [Finding]
    /// For `ingest`: the ticket's status and next step, which also follow support's steps.
    var ticketStatus: (status: TicketStatus, nextStep: RunbookStep?)?

    var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The automatic steps follow the request (`RunbookStep.automatic`).
    var completedSteps: Set<RunbookStep> {
        let hasAllDetails = request.hasAllDetails
        return RunbookStep.automatic(hasAllDetails: hasAllDetails, hasErrors: hasErrors)
    }

    var status: TicketStatus {
        ticketStatus?.status ?? TicketStatus.derive(completed: completedSteps, hasErrors: hasErrors, isRejected: false)
    }

    var nextStep: RunbookStep? { ticketStatus.map(\.nextStep) ?? RunbookStep.next(completed: completedSteps) }

    private enum Keys: String, CodingKey {
        case ticket, outcome, source, requester, subject, fields, findings, status
        case receivedAt = "received_at"
        case nextStep = "next_step"
    }

    private enum SourceKeys: String, CodingKey {
        case kind, path, index
        case messageID = "message_id"
    }

    private enum RequesterKeys: String, CodingKey { case email, name }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(outcome, forKey: .outcome)
        var source = container.nestedContainer(keyedBy: SourceKeys.self, forKey: .source)
        try source.encode(request.source.kind, forKey: .kind)
        try source.encode(request.source.path, forKey: .path)
        try source.encode(request.source.index, forKey: .index)
        try source.encode(request.source.messageID, forKey: .messageID)
        var requester = container.nestedContainer(keyedBy: RequesterKeys.self, forKey: .requester)
        try requester.encode(request.requesterEmail, forKey: .email)
        try requester.encode(request.requesterName, forKey: .name)
        try container.encode(request.subject, forKey: .subject)
        try container.encode(request.receivedAt?.formatted(.iso8601), forKey: .receivedAt)
        var fields: [String: FieldValue] = [:]
        for field in RequestField.allCases {
            let values = (request.values[field] ?? []).map(\.canonical)
            fields[field.rawValue] = field == .vpcCIDRs ? .list(values) : .single(values.first)
        }
        try container.encode(fields, forKey: .fields)
        try container.encode(findings, forKey: .findings)
        try container.encode(status.rawValue, forKey: .status)
        try container.encode(nextStep?.rawValue, forKey: .nextStep)
    }

    /// A field is a string (or null), except vpc_cidrs, a list.
    enum FieldValue: Encodable {
        case single(String?)
        case list([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .single(let value): try container.encode(value)
            case .list(let values): try container.encode(values)
            }
        }
    }

    /// The table view: one line for the request, its findings indented below.
    func rendered() -> String {
        var lines = ["\(Terminal.sanitize(request.source.description))  \(status.rawValue)"]
        let shown: [(String, RequestField)] = [
            ("account", .awsAccountID), ("region", .awsRegion), ("vpc", .vpcID), ("cidrs", .vpcCIDRs),
            ("role", .peerRoleARN), ("cluster", .clusterID),
        ]
        let values = shown.map { name, field in
            "\(name)=\((request.values[field] ?? []).map(\.canonical).joined(separator: ",").nonEmpty ?? "-")"
        }
        lines.append("  " + Terminal.sanitize(values.joined(separator: " ")))
        for finding in findings {
            let severity = finding.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(severity) \(finding.code.rawValue): \(Terminal.sanitize(finding.message))")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
