/// The three replies support sends, named as their template files are.
public enum ReplyKind: String, Sendable, CaseIterable {
    /// What is missing or wrong in the request, and where the customer finds it.
    case requestChanges = "request-changes"
    /// The Astro VPC CIDR, the peering ID, the route to add and the stack clean-up.
    case peeringReady = "peering-ready"
    /// The requester is not of the cluster's organization; says nothing about the cluster.
    case notAuthorized = "not-authorized"

    /// The template's file name in `Templates/replies` or a `--templates` directory.
    public var templateFileName: String { rawValue + ".mustache" }

    /// The text of the bundled template (the copy of `Templates/replies` built into the program).
    package var bundledTemplate: String { ReplyTemplates.bundled(self) }
}
