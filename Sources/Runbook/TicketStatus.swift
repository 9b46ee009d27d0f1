/// A ticket's status: derived from its steps and findings, never stored or set by hand.
public enum TicketStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Error findings the customer must fix.
    case needsInfo = "needs-info"
    /// Validated, waiting for support to initiate the peering.
    case ready
    /// Peering requested, reply not yet sent.
    case inProgress = "in-progress"
    /// Reply sent, waiting for the customer's route.
    case waitingOnCustomer = "waiting-on-customer"
    /// The customer added their route.
    case done
    /// Support closed it without peering.
    case rejected

    /// The status that follows from the steps done, whether the request has error findings,
    /// and whether support rejected it.
    public static func derive(completed: Set<RunbookStep>, hasErrors: Bool, isRejected: Bool) -> TicketStatus {
        if isRejected { return .rejected }
        if completed.contains(.customerRouteAdded) { return .done }
        if completed.contains(.replySent) { return .waitingOnCustomer }
        if completed.contains(.peeringRequested) { return .inProgress }
        if hasErrors || !completed.contains(.detailsReceived) || !completed.contains(.validated) {
            return .needsInfo
        }
        return .ready
    }
}
