import DeskTestSupport
import Foundation
import Testing

@Suite struct CheckCommandTests {
    static let fixtures = "Tests/PeerDeskCLITests/Fixtures/check"

    /// A runner with the demo registry imported.
    func deskWithRegistry() throws -> PeerDeskRunner {
        let desk = try PeerDeskRunner()
        let files = ["organizations", "clusters", "peerings"].map { "Data/demo/registry/\($0).csv" }
        let imported = try desk.run(["registry", "import", "--db", desk.databasePath] + files)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        return desk
    }

    @Test func aGoodRequestExitsZeroWithTheRecordOfDesign() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let result = try desk.run(["check", "--format", "json", "--db", desk.databasePath, "\(Self.fixtures)/good.eml"])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let record = try #require(try result.jsonLines().first)
        #expect(
            Set(record.keys) == [
                "ticket", "outcome", "source", "requester", "subject", "received_at", "fields", "findings", "status",
                "next_step",
            ]
        )
        #expect(record["ticket"] is NSNull)
        #expect(record["outcome"] is NSNull)
        let source = try #require(record["source"] as? [String: Any])
        #expect(Set(source.keys) == ["kind", "path", "index", "message_id", "external_id"])
        #expect(source["kind"] as? String == "email")
        #expect(source["message_id"] as? String == "<good-1@northwind.example>")
        #expect(source["index"] is NSNull)
        let requester = try #require(record["requester"] as? [String: Any])
        #expect(requester["email"] as? String == "ana@northwind.example")
        #expect(requester["name"] as? String == "Ana Lopez")
        #expect(record["received_at"] as? String == "2026-11-24T09:12:00Z")
        let fields = try #require(record["fields"] as? [String: Any])
        #expect(
            Set(fields.keys) == ["aws_account_id", "aws_region", "vpc_id", "vpc_cidrs", "peer_role_arn", "cluster_id"]
        )
        #expect(fields["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        #expect(fields["aws_account_id"] as? String == "123456789012")
        #expect((record["findings"] as? [Any])?.isEmpty == true)
        #expect(record["status"] as? String == "ready")
        #expect(record["next_step"] as? String == "peering-requested")
    }

    /// A message given as a symbolic link is checked as the file it points to (it was read as
    /// the link's own 8-odd bytes and came out needs-info).
    @Test func aSymbolicLinkIsCheckedAsItsTarget() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let target = PeerDeskRunner.packageRoot.appendingPathComponent("\(Self.fixtures)/good.eml").path
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("link-\(UUID().uuidString).eml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        defer { try? FileManager.default.removeItem(atPath: link) }
        let result = try desk.run(["check", "--format", "json", "--db", desk.databasePath, link])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let record = try #require(try result.jsonLines().first)
        #expect(record["status"] as? String == "ready")
        #expect((record["fields"] as? [String: Any])?["aws_account_id"] as? String == "123456789012")
    }

    /// Help-desk and form exports keep the tool's own ID as `source.external_id`.
    @Test func helpDeskExportsCarryTheirOwnTicketID() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let folder = PeerDeskRunner.packageRoot.appendingPathComponent("Tests/IntakeTests/Fixtures/exports/helpdesks")
        let result = try desk.run([
            "check", "--format", "json", "--db", desk.databasePath, folder.appendingPathComponent("jira.json").path,
            folder.appendingPathComponent("typeform.json").path,
        ])
        let records = try result.jsonLines()
        let ids = records.compactMap { ($0["source"] as? [String: Any])?["external_id"] as? String }
        #expect(ids == ["SUP-1042", "a3f9k2"], "\(result.stdout)")
        // Every field found (the cluster of the fixtures is the demo's northwind-prod).
        for record in records {
            let fields = record["fields"] as? [String: Any] ?? [:]
            #expect(fields.values.allSatisfy { !($0 is NSNull) }, "\(fields)")
        }
    }

    /// `--support-address` / `$PEERDESK_SUPPORT_ADDRESS`: our own group's relay is not list mail.
    @Test func mailRelayedByOurOwnGroupIsARequest() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let mail = try desk.write(
            "relayed.eml",
            "From: Ana <ana@northwind.example>\r\nTo: support@astronomer.example\r\nSubject: VPC peering\r\n"
                + "List-Id: <support.astronomer.example>\r\nPrecedence: list\r\n\r\nAWS account ID: 123456789012\r\n"
        )
        func codes(_ extra: [String], _ environment: [String: String] = [:]) throws -> [String] {
            let result = try desk.run(
                ["check", "--format", "json", "--db", desk.databasePath] + extra + [mail],
                environment: environment
            )
            let findings = try result.jsonLines().first?["findings"] as? [[String: Any]] ?? []
            return findings.compactMap { $0["code"] as? String }
        }
        #expect(try codes([]).contains("auto-generated"))
        #expect(try !codes(["--support-address", "support@astronomer.example"]).contains("auto-generated"))
        let fromEnvironment = try codes([], ["PEERDESK_SUPPORT_ADDRESS": "help@x.example, support@astronomer.example"])
        #expect(!fromEnvironment.contains("auto-generated"))
        #expect(fromEnvironment.contains("missing-vpc-id"))
    }

    /// The ID is stored with the message, so `show` gives it (JSON and table).
    @Test func showGivesTheHelpDesksTicketID() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let jira = PeerDeskRunner.packageRoot.appendingPathComponent(
            "Tests/IntakeTests/Fixtures/exports/helpdesks/jira.json"
        )
        #expect(try desk.run(["ingest", "--db", desk.databasePath, jira.path]).status == 0)
        let show = try desk.run(["show", "--db", desk.databasePath, "PD-1", "--format", "json"])
        let messages = try #require(try show.jsonLines().first?["messages"] as? [[String: Any]])
        #expect(messages.first?["external_id"] as? String == "SUP-1042")
        #expect(try desk.run(["show", "--db", desk.databasePath, "PD-1"]).stdout.contains("[external ID SUP-1042]"))
    }

    @Test func errorFindingsExitOneAndMissingFieldsAreNull() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let result = try desk.run(["check", "--format", "json", "--db", desk.databasePath, "\(Self.fixtures)/bad.eml"])
        #expect(result.status == 1)
        let record = try #require(try result.jsonLines().first)
        let fields = try #require(record["fields"] as? [String: Any])
        #expect(fields["peer_role_arn"] is NSNull)
        let findings = try #require(record["findings"] as? [[String: Any]])
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(codes.contains("missing-peer-role-arn"))
        #expect(codes.contains("account-is-cluster-account"))
        #expect(codes.contains("cidr-overlaps-cluster"))
        for finding in findings { #expect(Set(finding.keys) == ["code", "severity", "field", "message"]) }
        let overlap = try #require(findings.first { $0["code"] as? String == "cidr-overlaps-cluster" })
        #expect(overlap["severity"] as? String == "error")
        #expect(overlap["field"] as? String == "vpc_cidrs")
        #expect(
            overlap["message"] as? String
                == "10.10.0.0/16 overlaps the Astro VPC CIDR 10.10.0.0/20; peered VPCs need CIDR blocks that do not overlap."
        )
        #expect(record["status"] as? String == "needs-info")
        #expect(record["next_step"] as? String == "details-received")
    }

    @Test func aFolderMixingGoodBadAndUnreadable() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let folder = desk.folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["good", "bad"] {
            try FileManager.default.copyItem(
                at: PeerDeskRunner.packageRoot.appendingPathComponent("\(Self.fixtures)/\(name).eml"),
                to: folder.appendingPathComponent("\(name).eml")
            )
        }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("gone.eml").path,
            withDestinationPath: "/nonexistent/gone.eml"
        )
        let result = try desk.run(["check", "--format", "json", "--db", desk.databasePath, folder.path])
        #expect(result.status == 2, "an unreadable file makes it an input error")
        let records = try result.jsonLines()
        #expect(records.count == 2, "both readable files are still checked")
        #expect(result.stderr.contains("gone.eml: cannot be read"), "stderr: \(result.stderr)")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("gone.eml"))
        #expect(try desk.run(["check", "--db", desk.databasePath, folder.path]).status == 1)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bad.eml"))
        #expect(try desk.run(["check", "--db", desk.databasePath, folder.path]).status == 0)
    }

    @Test func withoutARegistryFormatRulesRunAndOneWarningSaysSo() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run([
            "check", "--format", "json", "--db", desk.databasePath, "\(Self.fixtures)/good.eml",
            "\(Self.fixtures)/bad.eml",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.components(separatedBy: "registry checks were skipped").count == 2, "exactly one warning")
        let codes = try result.jsonLines().flatMap {
            ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        }
        #expect(codes == ["missing-peer-role-arn"], "registry rules did not run: \(codes)")
        #expect(!FileManager.default.fileExists(atPath: desk.databasePath), "check writes nothing")
    }

    @Test func tableShowsFindingsUnderTheRequest() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let result = try desk.run(["check", "--db", desk.databasePath, "\(Self.fixtures)/bad.eml"])
        #expect(
            result.stdout.hasPrefix("\(Self.fixtures)/bad.eml  needs-info\n  account=406793422161 region=us-east-1")
        )
        #expect(result.stdout.contains("\n  error   missing-peer-role-arn: The PeerRole ARN is missing"))
    }

    @Test func theDemoTicketsGiveTheirIntendedFindings() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let result = try desk.run(["check", "--format", "json", "--db", desk.databasePath, "Data/demo/tickets"])
        #expect(result.status == 1)
        var byFile: [String: [String]] = [:]
        for record in try result.jsonLines() {
            let path = (record["source"] as? [String: Any])?["path"] as? String ?? ""
            byFile[path] = (record["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        }
        #expect(
            byFile == [
                "Data/demo/tickets/01-northwind-ready.eml": ["normalized", "normalized"],
                "Data/demo/tickets/02-acme-shared-cluster.eml": ["cluster-not-peerable"],
                "Data/demo/tickets/03-globex-outlook.eml": [
                    "peer-role-arn-is-stack", "cidr-host-bits-set", "normalized", "region-differs-from-cluster",
                ],
                "Data/demo/tickets/04-out-of-office.eml": ["auto-generated"],
                // Alone, the follow-up lacks what only its ticket has (ingest merges the two).
                "Data/demo/tickets/09-globex-follow-up.eml": [
                    "missing-region", "missing-vpc-id", "missing-cluster-id",
                ],
                "Data/demo/tickets/05-stranger.eml": ["requester-not-authorized"],
                "Data/demo/tickets/06-form-export.csv": ["region-differs-from-cluster"],
                "Data/demo/tickets/07-helpdesk-export.json": [],
                "Data/demo/tickets/08-helpdesk-export.xml": ["cluster-not-aws"],
            ]
        )
    }

    @Test func exportsThroughTheBinaryWithAFieldMap() throws {
        let desk = try deskWithRegistry()
        defer { desk.cleanUp() }
        let exports = "Tests/IntakeTests/Fixtures/exports"
        let result = try desk.run([
            "check", "--format", "json", "--db", desk.databasePath, "--field-map", "\(exports)/field-map.json",
            "\(exports)/zendesk-tickets.json", "\(exports)/broken.ndjson", "\(exports)/helpdesk.xml",
        ])
        #expect(result.status == 1)
        let records = try result.jsonLines()
        let sources = records.map { record -> String in
            let source = record["source"] as? [String: Any]
            return "\(source?["kind"] as? String ?? "?")#\(source?["index"] as? Int ?? 0)"
        }
        #expect(sources == ["json#1", "json#2", "json#1", "json#2", "json#3", "xml#1", "xml#2"])
        let first = try #require(records.first?["fields"] as? [String: Any])
        #expect(first["aws_account_id"] as? String == "123456789012")
        let broken = try #require(records[3]["findings"] as? [[String: Any]])
        #expect(broken.first?["code"] as? String == "unparseable")
        #expect((broken.first?["message"] as? String)?.contains("line 2 is not valid JSON") == true)

        let array = try desk.run(["check", "--format", "json", "--db", desk.databasePath, "\(exports)/array.json"])
        let second = try #require(try array.jsonLines().last)
        let invalid = (second["findings"] as? [[String: Any]] ?? []).first {
            $0["code"] as? String == "invalid-account-id"
        }
        #expect(
            (invalid?["message"] as? String)?.hasSuffix("(column aws_account_id).") == true,
            "\(String(describing: invalid))"
        )
        #expect((second["source"] as? [String: Any])?["index"] as? Int == 2)

        let badMap = try desk.run(["check", "--field-map", "no/such/map.json", "\(exports)/array.json"])
        #expect(badMap.status == 2)
        #expect(badMap.stderr.contains("no/such/map.json: the field map cannot be read"))
    }

    @Test func inspectShowsAnExportRecordsColumns() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["inspect", "--format", "json", "Tests/IntakeTests/Fixtures/exports/google-form.csv"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let records = try result.jsonLines()
        #expect(records.count == 2)
        let candidates = try #require(records.first?["candidates"] as? [[String: Any]])
        let account = try #require(candidates.first { $0["field"] as? String == "aws_account_id" })
        #expect(account["source"] as? String == "column AWS account ID")
        #expect((records.first?["headers"] as? [String: Any])?["from"] as? String == "ana@northwind.example")
    }

    @Test func stdinAndUsage() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let piped = try desk.run(
            ["check", "--format", "json", "--db", desk.databasePath, "-"],
            stdin: Data("From: a@b.example\nAuto-Submitted: auto-replied\n\nI am out of office.".utf8)
        )
        #expect(piped.status == 0)
        let codes = try piped.jsonLines().first?["findings"] as? [[String: Any]]
        #expect(codes?.map { $0["code"] as? String } == ["auto-generated"])
        #expect(try desk.run(["check"]).status == 2)
    }
}
