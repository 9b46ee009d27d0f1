/// The three replies support sends, named as their template files are (Replies renders them;
/// the desk records which one a ticket was sent).
public enum ReplyKind: String, Sendable, Hashable, CaseIterable {
    /// What is missing or wrong in the request, and where the customer finds it.
    case requestChanges = "request-changes"
    /// The Astro VPC CIDR, the peering ID, the route to add and the stack clean-up.
    case peeringReady = "peering-ready"
    /// The requester is not of the cluster's organization; says nothing about the cluster.
    case notAuthorized = "not-authorized"
}
