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
    /// Fields staff set (`peerdesk set`): a customer's different value is held, not applied.
    public var staffFields: Set<RequestField> = []
    /// Customer values not applied, for staff to accept.
    public var heldChanges: [HeldChange] = []

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

    /// A customer's value for a field that was not applied: it differs from a value staff set,
    /// or came after `peering-requested`. Staff accept it with `set`; a finding says so.
    public struct HeldChange: Sendable, Hashable, Codable {
        public var field: RequestField
        /// The ticket's value when the change came.
        public var current: [String]
        public var proposed: [String]
        /// The stored message (row ID) and input it came from.
        public var message: Int64?
        public var source: String
        /// Why it was held.
        public var reason: Reason

        public enum Reason: String, Sendable, Hashable, Codable {
            case staffValue = "staff-value"
            case peeringRequested = "peering-requested"
        }
    }

    /// What a follow-up may change: `isLocked` once support requested the peering.
    public struct MergeRules: Sendable, Hashable {
        public var isLocked: Bool

        public init(isLocked: Bool) {
            self.isLocked = isLocked
        }
    }

    /// What a merge did: the fields it changed, and the changes it held for staff.
    public struct MergeResult: Sendable, Hashable {
        public var changes: [Change] = []
        public var held: [HeldChange] = []
    }

    /// Applies a follow-up by DESIGN.md's rules ("A ticket's values over its life"):
    /// - only the customer's new text counts: values the follow-up has only from quoted history
    ///   or a forwarded message (our own drafts among them) never change the ticket;
    /// - a field it gives replaces the ticket's (a field it does not mention keeps its value), with
    ///   its conflicts and invalid values;
    /// - unless staff set that field, or support requested the peering (`rules.isLocked`): then a
    ///   different value is held (`heldChanges`, a `change-held` finding), not applied.
    public mutating func merge(_ followUp: PeeringRequest, message: Int64?, rules: MergeRules) -> MergeResult {
        var result = MergeResult()
        let source = followUp.source.description
        for field in RequestField.allCases where !followUp.fieldsFromHistory.contains(field) {
            if let given = followUp.values[field], !given.isEmpty {
                let old = values[field]?.map(\.canonical) ?? []
                let new = given.map(\.canonical)
                // A derived value (the account of the ARN) only fills a gap.
                if followUp.derivedFields.contains(field), !old.isEmpty { continue }
                let isProtected = !old.isEmpty && (rules.isLocked || staffFields.contains(field))
                if old != new, isProtected || followUp.conflicts.contains(field) && rules.isLocked {
                    let hold = HeldChange(
                        field: field,
                        current: old,
                        proposed: new,
                        message: message,
                        source: source,
                        reason: staffFields.contains(field) ? .staffValue : .peeringRequested
                    )
                    heldChanges.removeAll { $0.field == field }
                    heldChanges.append(hold)
                    result.held.append(hold)
                    continue
                }
                // Written again differently but meaning the same (a corrected host-bit CIDR):
                // the new writing and its provenance replace the old, without a change event.
                if old != new { result.changes.append(Change(field: field, old: old, new: new)) }
                if old != new || values[field]?.map(\.raw) != given.map(\.raw) {
                    values[field] = given.map {
                        Value(canonical: $0.canonical, raw: $0.raw, message: message, source: source)
                    }
                }
                if old != new { heldChanges.removeAll { $0.field == field } }
                invalid[field] = nil
                if followUp.conflicts.contains(field) { conflicts.insert(field) } else { conflicts.remove(field) }
            } else if let wrong = followUp.invalid[field], !wrong.isEmpty, values[field]?.isEmpty != false {
                invalid[field] = wrong
                for value in wrong { invalidProvenance[value] = followUp.invalidProvenance[value] }
            }
        }
        if followUp.isDMARCFailure { isDMARCFailure = true }
        return result
    }

    /// The findings of the desk itself, after validation's: a `change-held` per held change.
    public var deskFindings: [Finding] {
        heldChanges.map { hold in
            let why =
                hold.reason == .staffValue
                ? "staff set this field" : "the peering was already requested with the current value"
            return Finding(
                .changeHeld,
                field: hold.field,
                message: "\(hold.source) gave \(hold.field.rawValue) \(hold.proposed.joined(separator: ", ")); the "
                    + "ticket keeps \(hold.current.joined(separator: ", ")) because \(why). Staff can accept the new "
                    + "value by setting the field."
            )
        }
    }

    /// The request to validate: the ticket's values under the ticket's requester.
    public func request(
        requesterEmail: String?,
        requesterName: String?,
        subject: String?,
        source: PeeringRequest.Source,
        peeringID: String? = nil
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
        request.ownPeeringID = peeringID
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
        case staffFields = "staff_fields"
        case heldChanges = "held_changes"
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
        // Absent in states stored before staff edits existed.
        staffFields = Set(
            try container.decodeIfPresent([String].self, forKey: .staffFields)?.compactMap(RequestField.init) ?? []
        )
        heldChanges = try container.decodeIfPresent([HeldChange].self, forKey: .heldChanges) ?? []
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
        // Written only when there are any, so states without staff edits read as before.
        if !staffFields.isEmpty { try container.encode(staffFields.map(\.rawValue).sorted(), forKey: .staffFields) }
        if !heldChanges.isEmpty { try container.encode(heldChanges, forKey: .heldChanges) }
    }
}
