import Foundation
import GRDB
import PeeringModel
import Registry

/// A peering recorded at peering-requested goes into the registry (pending-acceptance, then
/// active at routes-created; removed when peering-requested is undone), so the registry rules
/// see it on every other ticket; a `pcx-…` already recorded elsewhere is refused.
extension TicketStore {
    /// Records the ticket's peering in the registry, in the step's transaction.
    static func recordPeering(_ db: Database, _ ticket: Ticket, id text: String) throws {
        let id: PeeringID
        do {
            id = try PeeringID(parsing: text)
        } catch {
            throw RunbookError.invalidPeeringID(error)
        }
        if let other = try ticketHolding(db, peering: text, besides: ticket.id) {
            throw RunbookError.peeringIDInUse(ticket: ticket.id, peeringID: text, other: .ticket(other))
        }
        if let existing = try Peering.find(db, id: id) {
            throw RunbookError.peeringIDInUse(
                ticket: ticket.id,
                peeringID: text,
                other: .registry(cluster: existing.clusterID.rawValue, vpc: existing.peerVPCID.rawValue)
            )
        }
        let values = ticket.state.values
        func first(_ field: RequestField) -> String? { values[field]?.first?.canonical }
        guard let cluster = first(.clusterID).flatMap({ try? ClusterID(parsing: $0) }),
            let account = first(.awsAccountID).flatMap({ try? AccountID(parsing: $0) }),
            let vpc = first(.vpcID).flatMap({ try? VPCID(parsing: $0) }),
            let region = first(.awsRegion)
        else {
            throw RunbookError.refused(ticket: ticket.id, reason: "the ticket lacks a detail the peering needs")
        }
        let cidrs = (values[.vpcCIDRs] ?? []).compactMap { try? IPv4CIDR(parsing: $0.canonical) }
        let peering = Peering(
            id: id,
            clusterID: cluster,
            peerAccountID: account,
            peerVPCID: vpc,
            peerRegion: region,
            peerCIDRs: cidrs,
            status: .pendingAcceptance
        )
        try peering.save(db)
    }

    /// Follows a step or its undo in the registry: active at routes-created, back to
    /// pending-acceptance when that is undone, removed when peering-requested is undone.
    static func followPeering(_ db: Database, _ ticket: Ticket, step: RunbookStep, undone: Bool) throws {
        guard let text = ticket.peeringID, let id = try? PeeringID(parsing: text) else { return }
        switch (step, undone) {
        case (.peeringRequested, true):
            try Peering.remove(db, id: id)
        case (.routesCreated, _):
            guard var peering = try Peering.find(db, id: id) else { return }
            peering.status = undone ? .pendingAcceptance : .active
            try peering.save(db)
        default:
            break
        }
    }

    /// Another ticket whose standing peering-requested recorded `peering`.
    private static func ticketHolding(_ db: Database, peering: String, besides id: Int64) throws -> Int64? {
        let candidates = try EventRecord.ticketsThatRequested(db, peering: peering, besides: id)
        for candidate in candidates where try lockedTicket(db, candidate).peeringID == peering {
            return candidate
        }
        return nil
    }
}
