import GRDB
import PeeringModel

struct ClusterRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cluster"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let organizationID = Column(CodingKeys.organizationID)
    }

    var id: String
    var organizationID: String
    var name: String
    var deployment: String
    var cloud: String
    var region: String
    var awsAccountID: String?
    var vpcID: String?
    var status: String
    var awsProfile: String?

    enum CodingKeys: String, CodingKey {
        case id, name, deployment, cloud, region, status
        case organizationID = "organization_id"
        case awsAccountID = "aws_account_id"
        case vpcID = "vpc_id"
        case awsProfile = "aws_profile"
    }

    init(_ cluster: Cluster) {
        id = cluster.id.rawValue
        organizationID = cluster.organizationID
        name = cluster.name
        deployment = cluster.deployment.rawValue
        cloud = cluster.cloud.rawValue
        region = cluster.region
        awsAccountID = cluster.awsAccountID?.rawValue
        vpcID = cluster.vpcID?.rawValue
        status = cluster.status.rawValue
        awsProfile = cluster.awsProfile
    }

    func makeCluster(cidrs: [String]) throws(RegistryError) -> Cluster {
        func corrupt(_ reason: String) -> RegistryError {
            .corruptRow(table: Self.databaseTableName, id: id, reason: reason)
        }
        do {
            guard let deployment = Cluster.Deployment(rawValue: deployment) else { throw corrupt("deployment") }
            guard let cloud = Cluster.Cloud(rawValue: cloud) else { throw corrupt("cloud") }
            guard let status = Cluster.Status(rawValue: status) else { throw corrupt("status") }
            return Cluster(
                id: try ClusterID(parsing: id),
                organizationID: organizationID,
                name: name,
                deployment: deployment,
                cloud: cloud,
                region: region,
                awsAccountID: try awsAccountID.map { value throws(ValueError) in try AccountID(parsing: value) },
                vpcID: try vpcID.map { value throws(ValueError) in try VPCID(parsing: value) },
                vpcCIDRs: try cidrs.map { value throws(ValueError) in try IPv4CIDR(parsing: value) },
                status: status,
                awsProfile: awsProfile
            )
        } catch let error as RegistryError {
            throw error
        } catch {
            throw corrupt(String(describing: error))
        }
    }
}

struct ClusterCIDRRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cluster_cidr"

    enum Columns {
        static let clusterID = Column(CodingKeys.clusterID)
        static let position = Column(CodingKeys.position)
    }

    var clusterID: String
    var cidr: String
    var position: Int

    enum CodingKeys: String, CodingKey {
        case clusterID = "cluster_id"
        case cidr, position
    }
}

extension Cluster {
    static func fetchAll(_ db: Database) throws -> [Cluster] {
        let records = try ClusterRecord.order(ClusterRecord.Columns.id).fetchAll(db)
        let cidrs =
            try ClusterCIDRRecord
            .order(ClusterCIDRRecord.Columns.clusterID, ClusterCIDRRecord.Columns.position)
            .fetchAll(db)
        let byCluster = Dictionary(grouping: cidrs, by: \.clusterID)
        return try records.map { record in try record.makeCluster(cidrs: (byCluster[record.id] ?? []).map(\.cidr)) }
    }

    static func fetchOne(_ db: Database, id: String) throws -> Cluster? {
        guard let record = try ClusterRecord.fetchOne(db, key: id) else { return nil }
        let cidrs =
            try ClusterCIDRRecord
            .filter(ClusterCIDRRecord.Columns.clusterID == id)
            .order(ClusterCIDRRecord.Columns.position)
            .fetchAll(db)
        return try record.makeCluster(cidrs: cidrs.map(\.cidr))
    }

    func upsert(_ db: Database) throws -> ImportSummary.Change {
        let existing = try Cluster.fetchOne(db, id: id.rawValue)
        if existing == self { return .unchanged }
        try ClusterRecord(self).save(db)
        try ClusterCIDRRecord.filter(ClusterCIDRRecord.Columns.clusterID == id.rawValue).deleteAll(db)
        for (position, cidr) in vpcCIDRs.enumerated() {
            try ClusterCIDRRecord(clusterID: id.rawValue, cidr: cidr.description, position: position).insert(db)
        }
        return existing == nil ? .inserted : .updated
    }
}
