import Foundation
package import GRDB
public import PeeringModel

/// The registry as one batch sees it: read once, then consulted by every validation of the
/// batch without touching the database (and safely from several threads).
public struct RegistrySnapshot: Sendable {
    public let organizations: [String: Organization]
    public let clusters: [ClusterID: Cluster]
    /// Live peerings (pending-acceptance or active), per cluster.
    public let livePeerings: [ClusterID: [Peering]]

    public init(organizations: [Organization], clusters: [Cluster], peerings: [Peering]) {
        self.organizations = Dictionary(organizations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.clusters = Dictionary(clusters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.livePeerings = Dictionary(grouping: peerings.filter(\.status.isLive), by: \.clusterID)
    }

    public static let empty = RegistrySnapshot(organizations: [], clusters: [], peerings: [])

    /// The registry as `db` sees it, inside a read the caller holds.
    package static func fetch(_ db: Database) throws -> RegistrySnapshot {
        RegistrySnapshot(
            organizations: try Organization.fetchAll(db),
            clusters: try Cluster.fetchAll(db),
            peerings: try Peering.fetchAll(db)
        )
    }
}

extension PeerDeskDatabase {
    /// Reads the whole registry in one read transaction.
    public func snapshot() throws(RegistryError) -> RegistrySnapshot {
        RegistrySnapshot(organizations: try organizations(), clusters: try clusters(), peerings: try peerings())
    }

    /// Opens an existing database without writing to it (for `check`, which writes nothing):
    /// `nil` when the file does not exist.
    public static func openExisting(path: String) throws(RegistryError) -> PeerDeskDatabase? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try open(path: path)
    }
}
