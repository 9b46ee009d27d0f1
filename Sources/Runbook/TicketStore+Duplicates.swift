import Foundation
import GRDB
import PeeringModel
import Validation

extension TicketStore {
    /// How many other tickets a `duplicate-request` names: a VPC asked for on many tickets
    /// (a customer writing again and again) costs each new one a bounded number of lookups.
    static let duplicateLimit = 5

    /// The latest other open tickets (not done, not rejected) that ask to peer this VPC, found
    /// through the ticket table's indexed `vpc_id`; each checked by its support events only.
    static func openTickets(_ db: Database, vpc: String, besides ticket: Int64) throws -> [Int64] {
        var open: [Int64] = []
        for other in try TicketRecord.others(db, vpc: vpc, besides: ticket) {
            let support = try supportSteps(db, other)
            if !support.rejected, !support.steps.contains(.customerRouteAdded) { open.append(other) }
            if open.count == duplicateLimit { break }
        }
        return open.sorted()
    }

    /// `duplicate-request`: nil when no other open ticket asks for the same VPC.
    static func duplicateRequest(_ db: Database, ticket: Int64, vpc: String?) throws -> Finding? {
        guard let vpc else { return nil }
        let open = try openTickets(db, vpc: vpc, besides: ticket).map(TicketReference.format)
        guard !open.isEmpty else { return nil }
        let tickets = open.count == 1 ? "\(open[0]) also asks" : "\(open.joined(separator: ", ")) also ask"
        return Finding(
            .duplicateRequest,
            field: .vpcID,
            message: "\(tickets) to peer \(vpc): work them as one (peer once, answer both) or reject the "
                + "duplicate with `peerdesk reject`."
        )
    }

    /// The ticket's findings: validation's, the desk's own (held changes), and a duplicate
    /// request; the ticket row's VPC kept in step with the state, and when the ticket now asks
    /// for the VPC of open tickets, those learn of it too.
    static func findings(
        _ db: Database,
        ticket: Int64,
        state: TicketState,
        validated: [Finding],
        storedVPC: String?,
        validator: Validator,
        at now: Date
    ) throws -> [Finding] {
        let vpc = state.values[.vpcID]?.first?.canonical
        if vpc != storedVPC { try TicketRecord.updateVPC(db, id: ticket, vpc) }
        let duplicate = try duplicateRequest(db, ticket: ticket, vpc: vpc)
        if vpc != storedVPC {
            if let vpc, duplicate != nil {
                try refreshDuplicates(db, of: ticket, vpc: vpc, flagged: false, validator: validator, at: now)
            }
            if let storedVPC {
                try refreshDuplicates(db, of: ticket, vpc: storedVPC, flagged: true, validator: validator, at: now)
            }
        }
        return validated + state.deskFindings + (duplicate.map { [$0] } ?? [])
    }

    /// The open tickets on `vpc` whose `duplicate-request` is `flagged` (or not) are
    /// re-evaluated, with a findings-changed event: when a ticket comes to ask for their VPC
    /// (`flagged: false`) they learn of it; when it leaves it (`flagged: true`), the warning goes.
    static func refreshDuplicates(
        _ db: Database,
        of ticket: Int64,
        vpc: String,
        flagged: Bool,
        validator: Validator,
        at now: Date
    ) throws {
        for other in try openTickets(db, vpc: vpc, besides: ticket) {
            guard let state = try loadState(db, other),
                state.findings.contains(where: { $0.code == .duplicateRequest }) == flagged
            else { continue }
            let candidate = try lockedTicket(db, other)
            try reevaluate(db, candidate, state: candidate.state, validator: validator, actor: "peerdesk", at: now)
        }
    }
}
