extension RequestField {
    /// The canonical form of `text` as a value of this field (as extraction and validation read
    /// a customer's value), or the reason it is not one.
    public func canonicalValue(
        _ text: some StringProtocol,
        regions: RegionTable = .standard
    ) throws(ValueError) -> String {
        switch self {
        case .awsAccountID: return try AccountID(parsing: text).rawValue
        case .awsRegion: return try regions.lookup(text).code
        case .vpcID: return try VPCID(parsing: text).rawValue
        case .vpcCIDRs: return try IPv4CIDR(parsing: text).description
        case .peerRoleARN: return try RoleARN(parsing: text).description
        case .clusterID: return try ClusterID(parsing: text).rawValue
        }
    }

    /// Whether the field takes several values (the VPC's CIDR blocks).
    public var takesSeveralValues: Bool { self == .vpcCIDRs }
}
