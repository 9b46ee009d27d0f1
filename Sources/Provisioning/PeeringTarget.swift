public import PeeringModel
public import Registry
public import Runbook

/// What a ticket's peering connects, read from the ticket and the registry: the cluster's side
/// (account, region, VPC, CIDRs, profile) and the customer's (account, region, VPC, CIDRs, role).
public struct PeeringTarget: Sendable {
    /// How far the runbook is: what `apply` still has to do and record.
    public enum Phase: Sendable, Hashable {
        /// Ready: the peering is still to be created (or found) and recorded.
        case request
        /// `peering-requested` is recorded with this peering; the routes are still to be recorded.
        case route(PeeringID)
        /// `routes-created` is recorded too.
        case done(PeeringID)

        public var recordedPeering: PeeringID? {
            switch self {
            case .request: return nil
            case .route(let id), .done(let id): return id
            }
        }
    }

    public var ticket: Ticket
    public var cluster: Cluster
    public var clusterAccount: AccountID
    public var clusterVPC: VPCID
    public var clusterRegion: String
    public var customerAccount: AccountID
    public var customerRegion: String
    public var customerVPC: VPCID
    public var customerCIDRs: [IPv4CIDR]
    public var role: RoleARN
    public var phase: Phase

    /// "PD-12".
    public var reference: String { ticket.reference }

    /// The two sides in a line: "cluster NAME (VPC, account A, REGION) ↔ customer VPC (account
    /// B, REGION)", as `peering plan` and the web's plan page head the plan.
    public var summary: String {
        "cluster \(cluster.name) (\(clusterVPC), account \(clusterAccount), \(clusterRegion)) ↔ customer "
            + "\(customerVPC) (account \(customerAccount), \(customerRegion))"
    }

    /// The tag that finds the peering again: `peerdesk:ticket=PD-12`.
    public var tag: (key: String, value: String) { (PeeringTarget.tagKey, reference) }

    public static let tagKey = "peerdesk:ticket"

    /// `peerdesk-PD-12`.
    public var sessionName: String { "peerdesk-\(reference)" }

    /// Reads the target of a ticket; `notReady` when the ticket lacks a value or its cluster is
    /// not an AWS cluster of the registry with an account and a VPC.
    public static func load(ticket: Ticket, store: TicketStore) throws(ProvisioningError) -> PeeringTarget {
        let reference = ticket.reference
        func notReady(_ reason: String) -> ProvisioningError { .notReady(ticket: reference, reason: reason) }
        func value(_ field: RequestField) -> [String] { ticket.state.values[field]?.map(\.canonical) ?? [] }
        func one<Value>(
            _ field: RequestField,
            _ parse: (String) throws(ValueError) -> Value
        ) throws(ProvisioningError)
            -> Value
        {
            let values = value(field)
            guard values.count == 1, let text = values.first else {
                throw notReady(values.isEmpty ? "it has no \(field.rawValue)" : "it has several \(field.rawValue)")
            }
            do {
                return try parse(text)
            } catch {
                throw notReady("\(field.rawValue): \(error.message)")
            }
        }
        let phase = try Self.phase(of: ticket)
        let clusterID = try one(.clusterID) { text throws(ValueError) in try ClusterID(parsing: text) }
        let cluster: Cluster?
        do {
            cluster = try store.database.cluster(id: clusterID)
        } catch {
            throw .runbook(.database(error.description))
        }
        guard let cluster else { throw notReady("the cluster \(clusterID) is not in the registry") }
        guard cluster.cloud == .aws, let account = cluster.awsAccountID, let vpc = cluster.vpcID else {
            throw notReady("the cluster \(cluster.name) (\(clusterID)) has no AWS account and VPC in the registry")
        }
        let cidrs = value(.vpcCIDRs)
        guard !cidrs.isEmpty else { throw notReady("it has no vpc_cidrs") }
        var customerCIDRs: [IPv4CIDR] = []
        for text in cidrs {
            do {
                customerCIDRs.append(try IPv4CIDR(parsing: text))
            } catch {
                throw notReady("vpc_cidrs: \(error.message)")
            }
        }
        return PeeringTarget(
            ticket: ticket,
            cluster: cluster,
            clusterAccount: account,
            clusterVPC: vpc,
            clusterRegion: cluster.region,
            customerAccount: try one(.awsAccountID) { text throws(ValueError) in try AccountID(parsing: text) },
            customerRegion: try one(.awsRegion) { text throws(ValueError) in text },
            customerVPC: try one(.vpcID) { text throws(ValueError) in try VPCID(parsing: text) },
            customerCIDRs: customerCIDRs,
            role: try one(.peerRoleARN) { text throws(ValueError) in try RoleARN(parsing: text) },
            phase: phase
        )
    }

    /// The runbook's own guards decide: a ticket is peered only when `peering-requested` may be
    /// done (ready: validated, no error findings, the requester authorized), or is done and stands.
    /// Why `apply` would refuse the ticket before reading AWS, or nil when it would go ahead: a
    /// ready ticket, or one with `peering-requested` recorded and its routes still to do. (The
    /// registry and the ticket's values are checked by `load`, when the plan is made.)
    public static func applyRefusal(_ ticket: Ticket) -> String? {
        do {
            if case .done(let peering) = try phase(of: ticket) {
                return "\(ticket.reference) is peered: \(peering) and its routes are recorded"
            }
            return nil
        } catch {
            if case .notReady(_, let reason) = error { return reason }
            return error.description
        }
    }

    static func phase(of ticket: Ticket) throws(ProvisioningError) -> Phase {
        let reference = ticket.reference
        if let rejection = ticket.rejection {
            throw .notReady(
                ticket: reference,
                reason: "it was rejected (\(rejection.note ?? "no reason given")) by \(rejection.actor)"
            )
        }
        let completed = ticket.completedSteps
        guard completed.contains(.peeringRequested) else {
            if let failure = RunbookStep.peeringRequested.guardFailure(completed: completed) {
                throw .notReady(ticket: reference, reason: failure.description)
            }
            guard ticket.status == .ready else {
                throw .notReady(ticket: reference, reason: "its status is \(ticket.status.rawValue), not ready")
            }
            return .request
        }
        guard let text = ticket.peeringID, let peering = try? PeeringID(parsing: text) else {
            throw .notReady(ticket: reference, reason: "peering-requested is done but records no peering ID")
        }
        return completed.contains(.routesCreated) ? .done(peering) : .route(peering)
    }
}
