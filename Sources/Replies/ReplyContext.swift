public import PeeringModel

/// Everything a reply may say, gathered by the caller from the ticket and the registry.
///
/// Values are taken as they are stored; the renderer and the draft writer sanitize them (one
/// line, no control characters) and check the ones a reply cannot do without.
public struct ReplyContext: Sendable {
    /// The ticket, for example "PD-12": letters, digits, `-`, `_` and `.`.
    public var ticketReference: String
    public var requesterName: String?
    public var requesterEmail: String
    /// The subject of the customer's first message.
    public var originalSubject: String?
    /// The canonical values the ticket holds (`vpc_cidrs` may have several).
    public var fields: [RequestField: [String]]
    /// The current findings: errors, warnings and info.
    public var findings: [Finding]
    public var clusterName: String?
    public var clusterID: String?
    /// The cluster's AWS region, for example "us-east-1".
    public var clusterRegion: String?
    /// The cluster's AWS account: the value of the role stack's "Peer Owner IDs" parameter.
    public var clusterAccountID: String?
    /// The cluster's VPC CIDRs from the registry, primary first.
    public var astroCIDRs: [String]
    /// The `pcx-…` ID recorded at `peering-requested`.
    public var peeringID: String?
    /// The customer's region; `fields[.awsRegion]` when nil.
    public var customerRegion: String?
    /// The customer's CIDRs; `fields[.vpcCIDRs]` when empty.
    public var customerCIDRs: [String]
    /// The Message-ID of the customer message this reply answers (becomes In-Reply-To).
    public var replyToMessageID: String?
    /// The References chain to carry, oldest first, without `replyToMessageID`.
    public var references: [String]
    /// The https URL of the astro-peering-role stack template, for the quick-create link a
    /// request-changes reply gives when the PeerRole ARN is missing.
    public var roleTemplateURL: String?

    public init(
        ticketReference: String,
        requesterName: String? = nil,
        requesterEmail: String,
        originalSubject: String? = nil,
        fields: [RequestField: [String]] = [:],
        findings: [Finding] = [],
        clusterName: String? = nil,
        clusterID: String? = nil,
        clusterRegion: String? = nil,
        clusterAccountID: String? = nil,
        astroCIDRs: [String] = [],
        peeringID: String? = nil,
        customerRegion: String? = nil,
        customerCIDRs: [String] = [],
        replyToMessageID: String? = nil,
        references: [String] = []
    ) {
        self.ticketReference = ticketReference
        self.requesterName = requesterName
        self.requesterEmail = requesterEmail
        self.originalSubject = originalSubject
        self.fields = fields
        self.findings = findings
        self.clusterName = clusterName
        self.clusterID = clusterID
        self.clusterRegion = clusterRegion
        self.clusterAccountID = clusterAccountID
        self.astroCIDRs = astroCIDRs
        self.peeringID = peeringID
        self.customerRegion = customerRegion
        self.customerCIDRs = customerCIDRs
        self.replyToMessageID = replyToMessageID
        self.references = references
    }
}
