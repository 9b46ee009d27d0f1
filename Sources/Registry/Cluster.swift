public import PeeringModel

/// An Astro cluster as the registry knows it.
public struct Cluster: Sendable, Hashable, Codable {
    /// How the cluster is hosted; only `hybrid` and `hostedDedicated` clusters can be peered.
    public enum Deployment: String, Sendable, Hashable, Codable, CaseIterable {
        case hostedDedicated = "hosted-dedicated"
        case hostedStandard = "hosted-standard"
        case hybrid

        public var isPeerable: Bool { self != .hostedStandard }
    }

    public enum Cloud: String, Sendable, Hashable, Codable, CaseIterable {
        case aws, gcp, azure
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active, creating, deleting, deleted
    }

    public var id: ClusterID
    public var organizationID: String
    public var name: String
    public var deployment: Deployment
    public var cloud: Cloud
    /// The cloud's region code: an AWS region code for AWS clusters, the provider's own otherwise.
    public var region: String
    /// The AWS account that owns the cluster VPC (`nil` for other clouds).
    public var awsAccountID: AccountID?
    public var vpcID: VPCID?
    /// The Astro VPC CIDRs, primary first.
    public var vpcCIDRs: [IPv4CIDR]
    public var status: Status
    /// The AWS CLI profile of the cluster's account, for `peerdesk peering` (optional).
    public var awsProfile: String?

    public init(
        id: ClusterID,
        organizationID: String,
        name: String,
        deployment: Deployment,
        cloud: Cloud,
        region: String,
        awsAccountID: AccountID?,
        vpcID: VPCID?,
        vpcCIDRs: [IPv4CIDR],
        status: Status,
        awsProfile: String? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.deployment = deployment
        self.cloud = cloud
        self.region = region
        self.awsAccountID = awsAccountID
        self.vpcID = vpcID
        self.vpcCIDRs = vpcCIDRs
        self.status = status
        self.awsProfile = awsProfile
    }

    enum CodingKeys: String, CodingKey {
        case id, name, deployment, cloud, region, status
        case organizationID = "organization_id"
        case awsAccountID = "aws_account_id"
        case vpcID = "vpc_id"
        case vpcCIDRs = "vpc_cidrs"
        case awsProfile = "aws_profile"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(organizationID, forKey: .organizationID)
        try container.encode(name, forKey: .name)
        try container.encode(deployment, forKey: .deployment)
        try container.encode(cloud, forKey: .cloud)
        try container.encode(region, forKey: .region)
        // Absent values are explicit nulls in our JSON, as in the request record.
        try container.encode(awsAccountID, forKey: .awsAccountID)
        try container.encode(vpcID, forKey: .vpcID)
        try container.encode(vpcCIDRs, forKey: .vpcCIDRs)
        try container.encode(status, forKey: .status)
        try container.encode(awsProfile, forKey: .awsProfile)
    }
}
