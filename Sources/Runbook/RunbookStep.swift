/// The support runbook's steps, in order. The raw values are part of the CLI contract
/// (`peerdesk step TICKET STEP`) and never change.
///
/// The guards are data, taken from DESIGN.md's table: a step may be done only when its
/// prerequisite is done. `details-received` and `validated` are automatic: they follow the
/// request's fields and findings and are never done by hand.
public enum RunbookStep: String, Sendable, Hashable, CaseIterable, Codable {
    case detailsReceived = "details-received"
    case validated
    case peeringRequested = "peering-requested"
    case routesCreated = "routes-created"
    case replySent = "reply-sent"
    case customerRouteAdded = "customer-route-added"
    case roleStackDeleted = "role-stack-deleted"

    /// The step that must be done before this one (`nil` for the first).
    public var prerequisite: RunbookStep? {
        switch self {
        case .detailsReceived: return nil
        case .validated: return .detailsReceived
        case .peeringRequested: return .validated
        case .routesCreated: return .peeringRequested
        case .replySent: return .routesCreated
        case .customerRouteAdded: return .replySent
        case .roleStackDeleted: return .peeringRequested
        }
    }

    /// Done by PeerDesk from the request itself, never by `peerdesk step`.
    public var isAutomatic: Bool { self == .detailsReceived || self == .validated }

    /// Not needed for the ticket to be done.
    public var isOptional: Bool { self == .roleStackDeleted }

    /// When the step counts as done, as DESIGN.md's table says it.
    public var doneWhen: String {
        switch self {
        case .detailsReceived: return "all six details are present"
        case .validated: return "no error findings"
        case .peeringRequested: return "support initiated the peering; records the pcx- ID"
        case .routesCreated: return "routes to the customer CIDR(s) exist in the Astro VPC route tables"
        case .replySent: return "the reply with Astro VPC CIDR + peering ID went out"
        case .customerRouteAdded: return "the customer confirmed their route"
        case .roleStackDeleted: return "optional; the customer deleted the role stack"
        }
    }

    /// Why `self` cannot be done now, given the steps already done; `nil` when it can.
    public func guardFailure(completed: Set<RunbookStep>) -> GuardFailure? {
        if isAutomatic { return .automatic(self) }
        if completed.contains(self) { return .alreadyDone(self) }
        if let prerequisite, !completed.contains(prerequisite) { return .needs(self, prerequisite) }
        return nil
    }

    /// The automatic steps a request has done, as DESIGN.md's table says: details-received when
    /// all six details are present, validated when, in addition, no finding is an error.
    public static func automatic(hasAllDetails: Bool, hasErrors: Bool) -> Set<RunbookStep> {
        guard hasAllDetails else { return [] }
        return hasErrors ? [.detailsReceived] : [.detailsReceived, .validated]
    }

    /// The steps a ticket has done: support's, and PeerDesk's own. Once support requested the
    /// peering, details-received and validated stand whatever a later evaluation finds: a
    /// ticket past peering-requested never moves backwards (DESIGN.md).
    public static func completed(
        automatic: Set<RunbookStep>,
        manual: some Sequence<RunbookStep>
    ) -> Set<RunbookStep> {
        var completed = automatic.union(manual)
        if completed.contains(.peeringRequested) { completed.formUnion([.detailsReceived, .validated]) }
        return completed
    }

    /// The next required step not yet done, in runbook order (`nil` when all are done).
    public static func next(completed: Set<RunbookStep>) -> RunbookStep? {
        allCases.first { !$0.isOptional && !completed.contains($0) }
    }
}

/// A step refused by its guard; the description says which guard and what to do.
public enum GuardFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case automatic(RunbookStep)
    case alreadyDone(RunbookStep)
    case needs(RunbookStep, RunbookStep)

    public var description: String {
        switch self {
        case .automatic(let step):
            return "\(step.rawValue) is automatic: it is done when \(step.doneWhen), not by hand"
        case .alreadyDone(let step):
            return "\(step.rawValue) is already done (undo it first to do it again)"
        case .needs(let step, let prerequisite):
            return "\(step.rawValue) needs \(prerequisite.rawValue) first (\(prerequisite.doneWhen))"
        }
    }
}
