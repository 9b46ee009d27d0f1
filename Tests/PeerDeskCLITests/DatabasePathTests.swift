import DeskTestSupport
import Foundation
import Testing

/// Problem 6 of "a ticket the desk can trust": a mistyped --db used to create an empty database,
/// so `queue` showed nothing and said nothing.
@Suite struct DatabasePathTests {
    @Test(arguments: [
        ["queue"], ["show", "PD-1"], ["step", "PD-1", "routes-created"], ["reply", "PD-1"],
        ["reject", "PD-1", "--reason", "x"], ["quarantine", "list"], ["registry", "list"],
    ])
    func aCommandOnAMissingDatabaseSaysSoAndCreatesNothing(arguments: [String]) throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let path = desk.folder.appendingPathComponent("typo.sqlite").path
        let result = try desk.run(arguments + ["--db", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no database at \(path)"))
        #expect(result.stderr.contains("peerdesk registry import"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func importAndIngestCreateTheDatabase() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let first = desk.folder.appendingPathComponent("a.sqlite").path
        let imported = try desk.run(["registry", "import", "--db", first, "Data/demo/registry/organizations.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(FileManager.default.fileExists(atPath: first))
        let second = desk.folder.appendingPathComponent("b.sqlite").path
        let mail = try desk.write("m.eml", DeskCommandTests.message(id: "create-1"))
        #expect(try desk.run(["ingest", "--db", second, mail]).status == 0)
        #expect(try desk.run(["queue", "--db", second]).status == 0)
    }
}
