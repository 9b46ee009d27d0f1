import Foundation
import GRDB
import PeeringModel
import Registry
import Testing

@Suite struct RegistryDatabaseTests {
    let database: PeerDeskDatabase

    init() throws {
        database = try PeerDeskDatabase.makeInMemory()
    }

    func importAll(_ files: [(String, String)]) throws -> [ImportSummary] {
        try database.importRegistry(files.map { try parse($0.1, name: $0.0) })
    }

    @Test func importsEveryKindAndListsItBack() throws {
        let summaries = try importAll([
            ("organizations.csv", organizationsCSV), ("clusters.csv", clustersCSV), ("peerings.csv", peeringsCSV),
        ])
        #expect(summaries.map(\.inserted) == [2, 2, 1])
        #expect(try database.organizations().map(\.id) == ["org-a", "org-b"])
        let clusters = try database.clusters()
        #expect(clusters.map(\.name) == ["alpha-prod", "beta-gcp"])
        #expect(clusters[0].vpcCIDRs.map(\.description) == ["10.10.0.0/20", "10.40.0.0/20"])
        #expect(clusters[0].awsAccountID?.rawValue == "406793422161")
        #expect(clusters[1].cloud == .gcp)
        let peerings = try database.peerings()
        #expect(peerings.map(\.id.rawValue) == ["pcx-94f775fc"])
        #expect(peerings[0].status == .pendingAcceptance)
        #expect(peerings[0].status.isLive)
    }

    @Test func importingTwiceChangesNothing() throws {
        let files = [("o.csv", organizationsCSV), ("c.csv", clustersCSV), ("p.csv", peeringsCSV)]
        _ = try importAll(files)
        let before = (try database.organizations(), try database.clusters(), try database.peerings())
        let again = try importAll(files)
        #expect(again.map(\.unchanged) == [2, 2, 1])
        #expect(again.map(\.inserted) == [0, 0, 0])
        #expect(again.map(\.updated) == [0, 0, 0])
        #expect(try database.organizations() == before.0)
        #expect(try database.clusters() == before.1)
        #expect(try database.peerings() == before.2)
    }

    @Test func aChangedRowIsUpdatedAndMissingRowsAreKept() throws {
        _ = try importAll([("o.csv", organizationsCSV), ("c.csv", clustersCSV)])
        let changed = """
            id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status
            cau29pc7zl4ht2dtcbslfpr1u,org-a,alpha-prod,hosted-dedicated,aws,us-east-1,406793422161,vpc-0348f92c1409fba12,10.10.0.0/20,deleting
            """
        let summary = try importAll([("c2.csv", changed)])
        #expect(summary.map(\.updated) == [1])
        let clusters = try database.clusters()
        #expect(clusters.count == 2)
        #expect(clusters[0].status == .deleting)
        #expect(clusters[0].vpcCIDRs.map(\.description) == ["10.10.0.0/20"])
    }

    @Test func filesAreAppliedOrganizationsFirstWhateverTheirOrder() throws {
        let summaries = try importAll([("p.csv", peeringsCSV), ("c.csv", clustersCSV), ("o.csv", organizationsCSV)])
        // Summaries come back in the order the files were given.
        #expect(summaries.map(\.kind) == [.peerings, .clusters, .organizations])
        #expect(try database.peerings().count == 1)
    }

    @Test func anUnknownReferenceWritesNothingAtAll() throws {
        let orphan = clustersCSV.replacingOccurrences(of: ",org-b,", with: ",org-zzz,")
        #expect(throws: RegistryImportError.self) {
            _ = try importAll([("o.csv", organizationsCSV), ("c.csv", orphan)])
        }
        do {
            _ = try importAll([("o.csv", organizationsCSV), ("c.csv", orphan)])
        } catch let error as RegistryImportError {
            #expect(
                error.problems.map(\.description) == [
                    "c.csv:3: organization_id org-zzz is not in the registry; "
                        + "import the organizations file first or with this one"
                ]
            )
        }
        // The organizations file was fine, but the import is all or nothing.
        #expect(try database.organizations().isEmpty)
        #expect(try database.clusters().isEmpty)
    }

    @Test func aPeeringOfANonAWSClusterIsRefused() throws {
        _ = try importAll([("o.csv", organizationsCSV), ("c.csv", clustersCSV)])
        let gcpPeering = peeringsCSV.replacingOccurrences(
            of: "cau29pc7zl4ht2dtcbslfpr1u",
            with: "cpw024dd9hko4ruga1ppmdudc"
        )
        #expect(throws: RegistryImportError.self) { _ = try importAll([("p.csv", gcpPeering)]) }
        #expect(try database.peerings().isEmpty)
    }

    @Test func aFileDatabaseUsesWALAndForeignKeysAndSurvivesReopening() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path

        let first = try PeerDeskDatabase.open(path: path)
        _ = try first.importRegistry([try parse(organizationsCSV)])
        #expect(try first.appliedMigrations() == ["v1-registry", "v3-registry-cluster-aws-profile"])
        let (journal, foreignKeys) = try first.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(journal == "wal")
        #expect(foreignKeys == true)

        let second = try PeerDeskDatabase.open(path: path)
        #expect(try second.organizations().count == 2)
    }

    @Test func openingInAMissingFolderSaysWhich() {
        #expect(throws: RegistryError.self) { _ = try PeerDeskDatabase.open(path: "/nonexistent-folder/x.sqlite") }
        do {
            _ = try PeerDeskDatabase.open(path: "/nonexistent-folder/x.sqlite")
        } catch {
            #expect("\(error)".contains("/nonexistent-folder"))
        }
    }
}
