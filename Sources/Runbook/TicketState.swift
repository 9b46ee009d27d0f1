import Foundation
public import PeeringModel

/// The request a ticket holds now: each value with where it came from, and the findings the
/// last evaluation gave. Follow-ups change it; every change is also an event.
public struct TicketState: Sendable, Hashable, Codable {
    /// A value with its provenance.
    public struct Value: Sendable, Hashable, Codable {
        public var canonical: String
        /// As the customer wrote it.
        public var raw: String
        /// The stored message (row ID) it came from; `nil` for the message that opened the ticket.
        public var message: Int64?
        /// The input it came from: `path` or `path#index`.
        public var source: String

        public init(canonical: String, raw: String, message: Int64?, source: String) {
            self.canonical = canonical
            self.raw = raw
            self.message = message
            self.source = source
        }
    }

    public var values: [RequestField: [Value]]
    public var conflicts: Set<RequestField>
    public var invalid: [RequestField: [String]]
    public var invalidProvenance: [String: String]
    public var isDMARCFailure: Bool
    public var findings: [Finding]

    public init(
        values: [RequestField: [Value]] = [:],
        conflicts: Set<RequestField> = [],
        invalid: [RequestField: [String]] = [:],
        invalidProvenance: [String: String] = [:],
        isDMARCFailure: Bool = false,
        findings: [Finding] = []
    ) {
        self.values = values
        self.conflicts = conflicts
        self.invalid = invalid
        self.invalidProvenance = invalidProvenance
        self.isDMARCFailure = isDMARCFailure
        self.findings = findings
    }

    /// The state of a new ticket: the request's values, attributed to its message.
    public init(request: PeeringRequest, message: Int64?, findings: [Finding]) {
        let source = request.source.description
        self.init(
            values: request.values.mapValues { values in
                values.map { Value(canonical: $0.canonical, raw: $0.raw, message: message, source: source) }
            },
            conflicts: request.conflicts,
            invalid: request.invalid,
            invalidProvenance: request.invalidProvenance,
            isDMARCFailure: request.isDMARCFailure,
            findings: findings
        )
    }

    /// A change of one field's values made by a follow-up.
    public struct Change: Sendable, Hashable {
        public var field: RequestField
        public var old: [String]
        public var new: [String]
    }

    /// Applies a follow-up: every field it gives a value replaces the ticket's (a field it does
    /// not mention keeps its value); its conflicts and invalid values replace the ticket's for
    /// the fields they concern. Returns the fields whose values changed.
    public mutating func merge(_ followUp: PeeringRequest, message: Int64?) -> [Change] {
        var changes: [Change] = []
        let source = followUp.source.description
        for field in RequestField.allCases {
            if let given = followUp.values[field], !given.isEmpty {
                let old = values[field]?.map(\.canonical) ?? []
                let new = given.map(\.canonical)
                // Written again differently but meaning the same (a corrected host-bit CIDR):
                // the new writing and its provenance replace the old, without a change event.
                if old != new { changes.append(Change(field: field, old: old, new: new)) }
                if old != new || values[field]?.map(\.raw) != given.map(\.raw) {
                    values[field] = given.map {
                        Value(canonical: $0.canonical, raw: $0.raw, message: message, source: source)
                    }
                }
                invalid[field] = nil
                if followUp.conflicts.contains(field) { conflicts.insert(field) } else { conflicts.remove(field) }
            } else if let wrong = followUp.invalid[field], !wrong.isEmpty, values[field]?.isEmpty != false {
                invalid[field] = wrong
                for value in wrong { invalidProvenance[value] = followUp.invalidProvenance[value] }
            }
        }
        if followUp.isDMARCFailure { isDMARCFailure = true }
        return changes
    }

    /// The request to validate: the ticket's values under the ticket's requester.
    public func request(
        requesterEmail: String?,
        requesterName: String?,
        subject: String?,
        source: PeeringRequest.Source
    )
        -> PeeringRequest
    {
        var request = PeeringRequest(
            source: source,
            requesterEmail: requesterEmail,
            requesterName: requesterName,
            subject: subject,
            values: values.mapValues { $0.map { PeeringRequest.Value(canonical: $0.canonical, raw: $0.raw) } },
            conflicts: conflicts,
            invalid: invalid,
            isDMARCFailure: isDMARCFailure
        )
        request.invalidProvenance = invalidProvenance
        return request
    }

    /// All six details are present.
    public var hasAllDetails: Bool {
        RequestField.allCases.allSatisfy { values[$0]?.isEmpty == false }
    }

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The steps PeerDesk does itself (`RunbookStep.automatic`).
    public var automaticSteps: Set<RunbookStep> {
        RunbookStep.automatic(hasAllDetails: hasAllDetails, hasErrors: hasErrors)
    }

    /// The most serious finding (the first of the highest severity).
    public var topFinding: Finding? {
        findings.max { $0.severity < $1.severity }.flatMap { top in findings.first { $0.severity == top.severity } }
    }

    private enum CodingKeys: String, CodingKey {
        case values, conflicts, invalid, findings
        case invalidProvenance = "invalid_provenance"
        case isDMARCFailure = "dmarc_failure"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let values = try container.decode([String: [Value]].self, forKey: .values)
        self.values = Dictionary(
            uniqueKeysWithValues: values.compactMap { key, value in RequestField(rawValue: key).map { ($0, value) } }
        )
        conflicts = Set(try container.decode([String].self, forKey: .conflicts).compactMap(RequestField.init))
        let invalid = try container.decode([String: [String]].self, forKey: .invalid)
        self.invalid = Dictionary(
            uniqueKeysWithValues: invalid.compactMap { key, value in RequestField(rawValue: key).map { ($0, value) } }
        )
        invalidProvenance = try container.decode([String: String].self, forKey: .invalidProvenance)
        isDMARCFailure = try container.decode(Bool.self, forKey: .isDMARCFailure)
        findings = try container.decode([Finding].self, forKey: .findings)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }),
            forKey: .values
        )
        try container.encode(conflicts.map(\.rawValue).sorted(), forKey: .conflicts)
        try container.encode(
            Dictionary(uniqueKeysWithValues: invalid.map { ($0.key.rawValue, $0.value) }),
            forKey: .invalid
        )
        try container.encode(invalidProvenance, forKey: .invalidProvenance)
        try container.encode(isDMARCFailure, forKey: .isDMARCFailure)
        try container.encode(findings, forKey: .findings)
    }
}
