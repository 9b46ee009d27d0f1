/// What kind of value a `ValueError` is about; the raw value is the name a customer knows.
public enum ValueKind: String, Sendable, Hashable, CaseIterable {
    case accountID = "AWS account ID"
    case region = "AWS region"
    case vpcID = "VPC ID"
    case peeringID = "VPC peering ID"
    case clusterID = "Astro cluster ID"
    case cidr = "CIDR block"
    case roleARN = "PeerRole ARN"

    /// "a VPC ID", "an AWS account ID".
    var withArticle: String {
        switch self {
        case .accountID, .region, .clusterID: return "an \(rawValue)"
        default: return "a \(rawValue)"
        }
    }
}
