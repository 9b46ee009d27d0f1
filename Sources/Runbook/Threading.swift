import Foundation
import GRDB
import PeeringModel
import Registry

/// Which ticket an incoming message continues, by DESIGN's rules, in this order:
/// 1. our own signed Message-ID in In-Reply-To or References;
/// 2. any stored Message-ID in In-Reply-To or References, the rightmost first;
/// 3. the subject tag `[PD-12]`, only when the sender is the ticket's requester or would be
///    authorized for the ticket's cluster (validation's rule: a domain of its organization or a
///    subdomain, never free mail): anybody can type a tag, so a tag from an outsider makes a
///    new ticket instead of writing into someone else's.
/// A bounce names the reply it returns in its body: our signed IDs found there come first.
enum Threading {
    struct Match: Sendable, Hashable {
        var ticket: Int64
        /// The rule that matched, for the outcome line and the history.
        var rule: String
    }

    static func find(
        _ request: PeeringRequest,
        raw: [UInt8],
        db: Database,
        settings: IngestSettings
    ) throws
        -> Match?
    {
        if request.isDeliveryReport {
            for (messageID, ticket) in settings.signer.tickets(quotedIn: raw) where try exists(db, ticket) {
                return Match(ticket: ticket, rule: "bounce of our reply \(messageID)")
            }
        }
        let candidates = referencedIDs(request)
        for messageID in candidates {
            if let ticket = settings.signer.ticket(in: messageID), try exists(db, ticket) {
                return Match(ticket: ticket, rule: "our reply \(messageID)")
            }
        }
        for messageID in candidates {
            let ticket = try MessageRecord.ticket(db, messageID: messageID)
            if let ticket { return Match(ticket: ticket, rule: "reply to stored message \(messageID)") }
        }
        guard let subject = request.subject, let tagged = subjectTag(subject) else { return nil }
        guard let holder = try TicketRecord.requesterAndCluster(db, id: tagged) else { return nil }
        guard let sender = request.requesterEmail?.lowercased() else { return nil }
        if holder.requester?.lowercased() == sender {
            return Match(ticket: tagged, rule: "subject tag [PD-\(tagged)] from the requester")
        }
        if let snapshot = settings.validator.snapshot, let clusterID = holder.cluster,
            let id = ClusterID(rawValue: clusterID),
            let cluster = snapshot.clusters[id], let organization = snapshot.organizations[cluster.organizationID],
            settings.validator.isAuthorized(sender, organization)
        {
            return Match(ticket: tagged, rule: "subject tag [PD-\(tagged)] from \(organization.name)")
        }
        return nil
    }

    /// In-Reply-To, then References from the rightmost (the most recent) back, without repeats.
    static func referencedIDs(_ request: PeeringRequest) -> [String] {
        var seen = Set<String>()
        return (request.inReplyTo.reversed() + request.references.reversed()).filter { seen.insert($0).inserted }
    }

    /// The ticket number of the first `[PD-12]` tag in a subject.
    static func subjectTag(_ subject: String) -> Int64? {
        let bytes = Array(subject.utf8)
        var index = 0
        while index + 5 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "["),
                bytes[index + 1] | 0x20 == UInt8(ascii: "p"), bytes[index + 2] | 0x20 == UInt8(ascii: "d"),
                bytes[index + 3] == UInt8(ascii: "-")
            else { continue }
            var end = index + 4
            var number: Int64 = 0
            while end < bytes.count, end - index < 20, (0x30...0x39).contains(bytes[end]) {
                number = number * 10 + Int64(bytes[end] - 0x30)
                end += 1
            }
            if end > index + 4, end < bytes.count, bytes[end] == UInt8(ascii: "]"), number > 0 { return number }
        }
        return nil
    }

    private static func exists(_ db: Database, _ ticket: Int64) throws -> Bool {
        try TicketRecord.exists(db, id: ticket)
    }
}
