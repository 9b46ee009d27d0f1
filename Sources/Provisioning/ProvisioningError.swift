public import Runbook

/// Why `peerdesk peering` did not finish. Every description says what failed, in AWS's words
/// where AWS said it, and what to do; none carries a credential. After any of them the ticket's
/// steps are as they were and `apply` can be run again.
public enum ProvisioningError: Error, Sendable, CustomStringConvertible {
    /// The ticket cannot be peered now (guards, rejection, missing values, unknown cluster).
    case notReady(ticket: String, reason: String)
    case runbook(RunbookError)
    /// The credentials are another account's than the cluster's.
    case wrongAccount(ticket: String, expected: String, actual: String, arn: String)
    /// AWS disagrees with the registry about the cluster's VPC.
    case registryMismatch(ticket: String, reason: String)
    /// The customer's PeerRole could not be assumed.
    case roleNotAssumable(ticket: String, role: String, clusterAccount: String, AWSError)
    /// The peering went to `failed` or `rejected`.
    case peeringFailed(ticket: String, peering: String, status: String, message: String?)
    /// The peering did not become active in time.
    case peeringTimeout(ticket: String, peering: String, status: String, seconds: Int)
    /// A route table already sends a customer CIDR somewhere else.
    case routeConflict(ticket: String, table: String, destination: String, target: String)
    /// A route table has no room for another route.
    case routeTableFull(ticket: String, table: String, AWSError)
    /// Another peering between the two VPCs belongs to another ticket.
    case peeringOfAnotherTicket(ticket: String, peering: String, other: String)
    /// The user did not confirm (or could not be asked).
    case notConfirmed(reason: String)
    /// Any other failed call, in AWS's words.
    case aws(ticket: String, AWSError, advice: String)

    public var description: String {
        switch self {
        case .notReady(let ticket, let reason):
            return "\(ticket): not ready to peer: \(reason); nothing was changed"
        case .runbook(let error):
            return error.description
        case .wrongAccount(let ticket, let expected, let actual, let arn):
            return "\(ticket): the AWS credentials are account \(actual) (\(arn)), but the cluster's VPC is in "
                + "account \(expected): choose that account's profile with --profile NAME (or the aws_profile "
                + "column of the clusters CSV, or AWS_PROFILE); nothing was changed"
        case .registryMismatch(let ticket, let reason):
            return "\(ticket): AWS and the registry disagree: \(reason); correct the registry (peerdesk registry "
                + "import) or check the account; nothing was changed"
        case .roleNotAssumable(let ticket, let role, let clusterAccount, let error):
            return "\(ticket): the customer's PeerRole \(role) cannot be assumed (\(error.code ?? "error"): "
                + "\(error.message)): either the role stack is missing (deleted, or created in another account), "
                + "or its \"Peer Owner IDs\" parameter is not the cluster's account \(clusterAccount); ask the "
                + "customer to check the stack, then run apply again (the peering waits for acceptance)"
        case .peeringFailed(let ticket, let peering, let status, let message):
            let said = message.map { " (AWS: \($0))" } ?? ""
            return "\(ticket): the peering \(peering) is \(status)\(said): most often the customer's CIDRs overlap "
                + "the cluster's VPC CIDRs; check the ticket's vpc_cidrs against the registry, delete the failed "
                + "peering, then run apply again"
        case .peeringTimeout(let ticket, let peering, let status, let seconds):
            return "\(ticket): the peering \(peering) is still \(status) after \(seconds) s; run apply again to "
                + "keep waiting (it is found again by its tag)"
        case .routeConflict(let ticket, let table, let destination, let target):
            return "\(ticket): the route table \(table) already sends \(destination) to \(target), not to the "
                + "peering; remove that route if it is stale (or find out why the CIDR is in use), then run apply "
                + "again"
        case .routeTableFull(let ticket, let table, let error):
            return "\(ticket): the route table \(table) is full (\(error.code ?? "error"): \(error.message)): "
                + "remove unused routes or ask AWS for a higher routes-per-route-table quota, then run apply again"
        case .peeringOfAnotherTicket(let ticket, let peering, let other):
            return "\(ticket): the peering \(peering) between these two VPCs is tagged for \(other); resolve "
                + "the two tickets first (peerdesk show \(other)); nothing was changed"
        case .notConfirmed(let reason):
            return reason
        case .aws(let ticket, let error, let advice):
            return "\(ticket): \(error.description)" + (advice.isEmpty ? "" : "; \(advice)")
        }
    }
}

extension ProvisioningError {
    /// A usage or input error (exit 2): nothing was done in AWS. The others are failures AWS
    /// reported after `apply` started (exit 1).
    public var isInputError: Bool {
        switch self {
        case .notReady, .runbook, .wrongAccount, .registryMismatch, .peeringOfAnotherTicket, .notConfirmed: return true
        case .roleNotAssumable, .peeringFailed, .peeringTimeout, .routeConflict, .routeTableFull, .aws: return false
        }
    }
}
