public import PeeringModel

/// The handful of EC2 and STS calls a peering needs: the seam between the flow (plan, apply,
/// verify) and AWS. `AWSCommandLine` runs the AWS CLI; tests use a fake.
///
/// Every call names its region. Calls with `credentials` run as the assumed role (the
/// customer's PeerRole); the others run as the cluster account's credentials.
public protocol PeeringCloud: Sendable {
    /// `sts get-caller-identity`.
    func callerIdentity(region: String) async throws(AWSError) -> CallerIdentity
    /// `ec2 describe-vpcs --vpc-ids`; `nil` when the VPC does not exist.
    func describeVPC(_ vpc: VPCID, region: String) async throws(AWSError) -> VPCDescription?
    /// `ec2 describe-vpc-peering-connections` of peerings whose requester is `requesterVPC`
    /// (or the one named by `id`).
    func describePeerings(
        requesterVPC: VPCID,
        id: PeeringID?,
        region: String
    ) async throws(AWSError) -> [PeeringConnection]
    /// `ec2 create-vpc-peering-connection`, tagged.
    func createPeering(_ request: PeeringCreation, region: String) async throws(AWSError) -> PeeringConnection
    /// `ec2 create-tags`.
    func createTags(resource: String, tags: [String: String], region: String) async throws(AWSError)
    /// `sts assume-role`.
    func assumeRole(
        _ role: RoleARN,
        sessionName: String,
        durationSeconds: Int,
        region: String
    ) async throws(AWSError) -> TemporaryCredentials
    /// `ec2 accept-vpc-peering-connection` with the assumed role's credentials.
    func acceptPeering(
        _ id: PeeringID,
        region: String,
        credentials: TemporaryCredentials
    ) async throws(AWSError) -> PeeringConnection
    /// `ec2 describe-route-tables` of one VPC.
    func describeRouteTables(vpc: VPCID, region: String) async throws(AWSError) -> [RouteTable]
    /// `ec2 create-route` to a peering.
    func createRoute(
        table: String,
        destination: IPv4CIDR,
        peering: PeeringID,
        region: String
    ) async throws(AWSError)
}

/// Who the credentials are.
public struct CallerIdentity: Sendable, Hashable {
    public var account: String
    public var arn: String

    public init(account: String, arn: String) {
        self.account = account
        self.arn = arn
    }
}

/// A VPC as AWS reports it.
public struct VPCDescription: Sendable, Hashable {
    public var id: String
    public var ownerID: String
    /// The IPv4 blocks associated with the VPC, primary first.
    public var cidrs: [IPv4CIDR]

    public init(id: String, ownerID: String, cidrs: [IPv4CIDR]) {
        self.id = id
        self.ownerID = ownerID
        self.cidrs = cidrs
    }
}

/// One side of a peering connection.
public struct PeeringSide: Sendable, Hashable {
    public var vpcID: String
    public var ownerID: String
    public var region: String
    public var cidrs: [IPv4CIDR]

    public init(vpcID: String, ownerID: String, region: String, cidrs: [IPv4CIDR]) {
        self.vpcID = vpcID
        self.ownerID = ownerID
        self.region = region
        self.cidrs = cidrs
    }
}

/// A VPC peering connection as AWS reports it.
public struct PeeringConnection: Sendable, Hashable {
    public var id: String
    /// `initiating-request`, `pending-acceptance`, `active`, `failed`, `rejected`, `deleted`, ...
    public var status: String
    public var statusMessage: String?
    public var requester: PeeringSide
    public var accepter: PeeringSide
    public var tags: [String: String]

    public init(
        id: String,
        status: String,
        statusMessage: String? = nil,
        requester: PeeringSide,
        accepter: PeeringSide,
        tags: [String: String] = [:]
    ) {
        self.id = id
        self.status = status
        self.statusMessage = statusMessage
        self.requester = requester
        self.accepter = accepter
        self.tags = tags
    }

    /// Pending or active: a peering that counts (one that failed, was rejected or deleted does not).
    public var isLive: Bool { ["initiating-request", "pending-acceptance", "provisioning", "active"].contains(status) }
}

/// What `create-vpc-peering-connection` is asked for.
public struct PeeringCreation: Sendable, Hashable {
    public var vpc: VPCID
    public var peerVPC: VPCID
    public var peerOwner: AccountID
    public var peerRegion: String
    public var tags: [String: String]

    public init(vpc: VPCID, peerVPC: VPCID, peerOwner: AccountID, peerRegion: String, tags: [String: String]) {
        self.vpc = vpc
        self.peerVPC = peerVPC
        self.peerOwner = peerOwner
        self.peerRegion = peerRegion
        self.tags = tags
    }
}

/// A route table and its IPv4 routes.
public struct RouteTable: Sendable, Hashable {
    public struct Route: Sendable, Hashable {
        public var destination: String
        /// The peering the route goes to, if it goes to one.
        public var peeringID: String?
        /// Its other target (a gateway, an instance, ...), for messages.
        public var otherTarget: String?
        public var state: String?

        public init(destination: String, peeringID: String? = nil, otherTarget: String? = nil, state: String? = nil) {
            self.destination = destination
            self.peeringID = peeringID
            self.otherTarget = otherTarget
            self.state = state
        }
    }

    public var id: String
    public var routes: [Route]

    public init(id: String, routes: [Route]) {
        self.id = id
        self.routes = routes
    }
}

/// The assumed role's keys. They live only in memory and in the environment of the one AWS CLI
/// process that uses them: the description never shows them.
public struct TemporaryCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "TemporaryCredentials(redacted)" }
    public var debugDescription: String { description }
}
