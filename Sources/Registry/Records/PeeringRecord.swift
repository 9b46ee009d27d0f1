import GRDB
import PeeringModel

struct PeeringRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peering"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let clusterID = Column(CodingKeys.clusterID)
    }

    var id: String
    var clusterID: String
    var peerAccountID: String
    var peerVPCID: String
    var peerRegion: String
    var status: String

    enum CodingKeys: String, CodingKey {
        case id, status
        case clusterID = "cluster_id"
        case peerAccountID = "peer_account_id"
        case peerVPCID = "peer_vpc_id"
        case peerRegion = "peer_region"
    }

    init(_ peering: Peering) {
        id = peering.id.rawValue
        clusterID = peering.clusterID.rawValue
        peerAccountID = peering.peerAccountID.rawValue
        peerVPCID = peering.peerVPCID.rawValue
        peerRegion = peering.peerRegion
        status = peering.status.rawValue
    }

    func makePeering(cidrs: [String]) throws(RegistryError) -> Peering {
        func corrupt(_ reason: String) -> RegistryError {
            .corruptRow(table: Self.databaseTableName, id: id, reason: reason)
        }
        do {
            guard let status = Peering.Status(rawValue: status) else { throw corrupt("status") }
            return Peering(
                id: try PeeringID(parsing: id),
                clusterID: try ClusterID(parsing: clusterID),
                peerAccountID: try AccountID(parsing: peerAccountID),
                peerVPCID: try VPCID(parsing: peerVPCID),
                peerRegion: peerRegion,
                peerCIDRs: try cidrs.map { value throws(ValueError) in try IPv4CIDR(parsing: value) },
                status: status
            )
        } catch let error as RegistryError {
            throw error
        } catch {
            throw corrupt(String(describing: error))
        }
    }
}

struct PeeringCIDRRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peering_cidr"

    enum Columns {
        static let peeringID = Column(CodingKeys.peeringID)
        static let position = Column(CodingKeys.position)
    }

    var peeringID: String
    var cidr: String
    var position: Int

    enum CodingKeys: String, CodingKey {
        case peeringID = "peering_id"
        case cidr, position
    }
}

extension Peering {
    static func fetchAll(_ db: Database) throws -> [Peering] {
        let records = try PeeringRecord.order(PeeringRecord.Columns.id).fetchAll(db)
        let cidrs =
            try PeeringCIDRRecord
            .order(PeeringCIDRRecord.Columns.peeringID, PeeringCIDRRecord.Columns.position)
            .fetchAll(db)
        let byPeering = Dictionary(grouping: cidrs, by: \.peeringID)
        return try records.map { record in try record.makePeering(cidrs: (byPeering[record.id] ?? []).map(\.cidr)) }
    }

    static func fetchOne(_ db: Database, id: String) throws -> Peering? {
        guard let record = try PeeringRecord.fetchOne(db, key: id) else { return nil }
        let cidrs =
            try PeeringCIDRRecord
            .filter(PeeringCIDRRecord.Columns.peeringID == id)
            .order(PeeringCIDRRecord.Columns.position)
            .fetchAll(db)
        return try record.makePeering(cidrs: cidrs.map(\.cidr))
    }

    func upsert(_ db: Database) throws -> ImportSummary.Change {
        let existing = try Peering.fetchOne(db, id: id.rawValue)
        if existing == self { return .unchanged }
        try PeeringRecord(self).save(db)
        try PeeringCIDRRecord.filter(PeeringCIDRRecord.Columns.peeringID == id.rawValue).deleteAll(db)
        for (position, cidr) in peerCIDRs.enumerated() {
            try PeeringCIDRRecord(peeringID: id.rawValue, cidr: cidr.description, position: position).insert(db)
        }
        return existing == nil ? .inserted : .updated
    }
}
