import DeskTestSupport
import Foundation
import Testing

@Suite(.serialized) struct RegistryCommandTests {
    static let demoFiles = ["organizations", "clusters", "peerings"].map { "Data/demo/registry/\($0).csv" }

    @Test func importsTheDemoRegistryAndListsItAsJSON() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let imported = try desk.run(["registry", "import", "--db", desk.databasePath] + Self.demoFiles)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        #expect(
            imported.stdout == """
                Data/demo/registry/organizations.csv: 3 organizations: 3 new, 0 updated, 0 unchanged
                Data/demo/registry/clusters.csv: 7 clusters: 7 new, 0 updated, 0 unchanged
                Data/demo/registry/peerings.csv: 4 peerings: 4 new, 0 updated, 0 unchanged

                """
        )

        let listed = try desk.run(["registry", "list", "clusters", "--format", "json", "--db", desk.databasePath])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        let records = try listed.jsonLines()
        #expect(records.count == 7)
        let expectedKeys: Set<String> = [
            "kind", "id", "organization_id", "name", "deployment", "cloud", "region", "aws_account_id", "vpc_id",
            "vpc_cidrs", "status", "aws_profile",
        ]
        for record in records {
            #expect(Set(record.keys) == expectedKeys)
            #expect(record["kind"] as? String == "cluster")
        }
        let prod = try #require(records.first { $0["name"] as? String == "northwind-prod" })
        #expect(prod["vpc_cidrs"] as? [String] == ["10.10.0.0/20", "10.40.0.0/20"])
        #expect(prod["aws_account_id"] as? String == "406793422161")
        let gcp = try #require(records.first { $0["cloud"] as? String == "gcp" })
        #expect(gcp["aws_account_id"] is NSNull)

        let all = try desk.run(["registry", "list", "--format", "json", "--db", desk.databasePath])
        let kinds = try all.jsonLines().compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "organization" }.count == 3)
        #expect(kinds.filter { $0 == "peering" }.count == 4)
        let organization = try #require(try all.jsonLines().first { $0["kind"] as? String == "organization" })
        #expect(Set(organization.keys) == ["kind", "id", "name", "email_domains"])

        let again = try desk.run(["registry", "import", "--db", desk.databasePath] + Self.demoFiles)
        #expect(again.stdout.contains("7 clusters: 0 new, 0 updated, 7 unchanged"))
    }

    @Test func importSummariesAsJSON() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(
            ["registry", "import", "--format", "json", "--db", desk.databasePath] + Self.demoFiles
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let records = try result.jsonLines()
        #expect(records.map { $0["kind"] as? String } == ["organizations", "clusters", "peerings"])
        #expect(records.map { $0["inserted"] as? Int } == [3, 7, 4])
        #expect(records.map { $0["rows"] as? Int } == [3, 7, 4])
        #expect(records.first?["file"] as? String == "Data/demo/registry/organizations.csv")
        let first = try #require(records.first)
        #expect(Set(first.keys) == ["file", "kind", "rows", "inserted", "updated", "unchanged"])
    }

    @Test func aBadCSVExitsTwoNamesFileAndLineAndWritesNothing() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let bad = "Tests/PeerDeskCLITests/Fixtures/clusters-bad.csv"
        let result = try desk.run([
            "registry", "import", "--db", desk.databasePath, "Data/demo/registry/organizations.csv", bad,
        ])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(bad):3: aws_account_id:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(bad):4: vpc_cidrs:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("nothing was written"))

        // The good organizations file was not written either: not even the database exists.
        #expect(!FileManager.default.fileExists(atPath: desk.databasePath))
        let listed = try desk.run(["registry", "list", "--format", "json", "--db", desk.databasePath])
        #expect(listed.status == 2)
        #expect(listed.stdout.isEmpty)
    }

    @Test func theDatabaseComesFromTheEnvironmentWhenNoFlagIsGiven() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let environment = ["PEERDESK_DB": desk.databasePath]
        try desk.run(["registry", "import", "Data/demo/registry/organizations.csv"], environment: environment)
        #expect(FileManager.default.fileExists(atPath: desk.databasePath))
        let listed = try desk.run(["registry", "list", "organizations"], environment: environment)
        #expect(listed.stdout.hasPrefix("ID"))
        #expect(listed.stdout.contains("org-globex"))
        #expect(listed.stdout.contains("Globex Retail, Inc."))
    }

    @Test(arguments: [
        (["registry", "frobnicate"], "Unexpected argument 'frobnicate'"),
        (["registry", "import"], "Missing expected argument"),
        (["registry", "list", "--format", "xml"], "--format"),
        (["registry", "list", "tickets"], "tickets"),
        (["nonsense"], "nonsense"),
    ])
    func usageErrorsExitTwoWithAMessage(arguments: [String], expected: String) throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(arguments + ["--db", desk.databasePath])
        #expect(result.status == 2)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
    }

    @Test func aMissingFileExitsTwoAndNamesIt() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["registry", "import", "--db", desk.databasePath, "no/such.csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no/such.csv: no such file"), "stderr: \(result.stderr)")
    }

    @Test func anUnopenableDatabaseExitsTwoAndNamesIt() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["registry", "list", "--db", "/no/such/folder/desk.sqlite"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/no/such/folder/desk.sqlite"), "stderr: \(result.stderr)")
    }

    @Test func helpExitsZeroAndTeaches() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["registry", "import", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("FILE:LINE: REASON"))
        #expect(result.stdout.contains("id,organization_id,name,deployment"))
    }
}

@Suite struct GlobalOptionTests {
    @Test(arguments: [
        ["--db", "{db}", "registry", "list", "organizations"],
        ["registry", "--db", "{db}", "list", "organizations"],
        ["registry", "list", "organizations", "--db", "{db}"],
    ])
    func dbMayComeBeforeOrAfterTheSubcommand(template: [String]) throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        try desk.run(["registry", "import", "--db", desk.databasePath, "Data/demo/registry/organizations.csv"])
        let result = try desk.run(template.map { $0 == "{db}" ? desk.databasePath : $0 })
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("org-northwind"))
    }
}
