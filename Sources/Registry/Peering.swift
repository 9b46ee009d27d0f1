public import PeeringModel

/// A VPC peering between a cluster VPC and a customer VPC.
public struct Peering: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pendingAcceptance = "pending-acceptance"
        case active, failed, rejected, deleted

        /// A live peering counts against the quota and blocks overlapping or duplicate requests.
        public var isLive: Bool { self == .pendingAcceptance || self == .active }
    }

    public var id: PeeringID
    public var clusterID: ClusterID
    public var peerAccountID: AccountID
    public var peerVPCID: VPCID
    /// AWS region code of the customer VPC.
    public var peerRegion: String
    public var peerCIDRs: [IPv4CIDR]
    public var status: Status

    public init(
        id: PeeringID,
        clusterID: ClusterID,
        peerAccountID: AccountID,
        peerVPCID: VPCID,
        peerRegion: String,
        peerCIDRs: [IPv4CIDR],
        status: Status
    ) {
        self.id = id
        self.clusterID = clusterID
        self.peerAccountID = peerAccountID
        self.peerVPCID = peerVPCID
        self.peerRegion = peerRegion
        self.peerCIDRs = peerCIDRs
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, status
        case clusterID = "cluster_id"
        case peerAccountID = "peer_account_id"
        case peerVPCID = "peer_vpc_id"
        case peerRegion = "peer_region"
        case peerCIDRs = "peer_cidrs"
    }
}
