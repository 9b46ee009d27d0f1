package import GRDB
package import PeeringModel

/// The peerings the desk itself records (at peering-requested), written inside the desk's own
/// transaction, so `duplicate-peering` and `cidr-overlaps-peering` see a peering as soon as
/// support requests it.
extension Peering {
    /// The registry's peering with this ID.
    package static func find(_ db: Database, id: PeeringID) throws -> Peering? {
        try fetchOne(db, id: id.rawValue)
    }

    /// Inserts or replaces the peering and its CIDRs.
    package func save(_ db: Database) throws {
        _ = try upsert(db)
    }

    /// Removes the peering (support undid peering-requested).
    package static func remove(_ db: Database, id: PeeringID) throws {
        try PeeringCIDRRecord.filter(PeeringCIDRRecord.Columns.peeringID == id.rawValue).deleteAll(db)
        _ = try PeeringRecord.deleteOne(db, key: id.rawValue)
    }
}
