import DeskTestSupport
import Foundation
import Testing

/// Problem 4 of "a ticket the desk can trust": a folder of things that are not requests (an
/// image, a PDF, random bytes, an Outlook .msg, a billing CSV, a settings JSON, a config XML)
/// gave 27 tickets. Each is one unparseable input now, quarantined with what it is and what to do.
@Suite struct JunkInputTests {
    static let folder = "Tests/PeerDeskCLITests/Fixtures/junk"

    static let reasons: [String: String] = [
        "random.bin": "binary data",
        "screenshot.png": "a PNG image",
        "invoice.pdf": "a PDF document",
        "request.msg": "an Outlook .msg file",
        "billing.csv": "an export with no column a request could come from",
        "settings.json": "an export with no column a request could come from",
        "config.xml": "an export with no column a request could come from",
    ]

    @Test func checkGivesOneUnparseableRecordPerJunkFile() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["check", "--format", "json", Self.folder])
        #expect(result.status == 1)
        let records = try result.jsonLines()
        #expect(records.count == Self.reasons.count)
        for record in records {
            let path = try #require((record["source"] as? [String: Any])?["path"] as? String)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let findings = try #require(record["findings"] as? [[String: Any]])
            #expect(findings.map { $0["code"] as? String } == ["unparseable"], "\(name)")
            let message = findings.first?["message"] as? String ?? ""
            let expected = try #require(Self.reasons[name], "unexpected \(name)")
            #expect(message.contains(expected), "\(name): \(message)")
        }
        let msg = try #require(
            records.first { ($0["source"] as? [String: Any])?["path"] as? String == "\(Self.folder)/request.msg" }
        )
        let message = (msg["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("save it as .eml"))
    }

    @Test func ingestQuarantinesThemAndMakesNoTicket() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let result = try desk.run(["ingest", "--db", desk.databasePath, Self.folder])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("7 read, 0 new, 0 follow-up, 0 duplicate, 0 ignored, 7 quarantined"))
        #expect(try desk.run(["queue", "--db", desk.databasePath, "--format", "json"]).stdout.isEmpty)
        let quarantine = try desk.run(["quarantine", "list", "--db", desk.databasePath, "--format", "json"])
        #expect(try quarantine.jsonLines().count == 7)
    }

    /// A mapped column makes an export a request export, however its columns are named.
    @Test func aFieldMapMakesAnExportOneOfRequests() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let export = try desk.write("form.csv", "q1,q2\n123456789012,vpc-0abc1234def567890\n")
        let map = try desk.write("map.json", #"{"q1": "aws_account_id", "q2": "vpc_id"}"#)
        let result = try desk.run(["check", "--format", "json", "--field-map", map, export])
        let record = try #require(try result.jsonLines().first)
        #expect((record["fields"] as? [String: Any])?["vpc_id"] as? String == "vpc-0abc1234def567890")
        let unmapped = try desk.run(["check", "--format", "json", export])
        let codes = try unmapped.jsonLines().flatMap {
            ($0["findings"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
        }
        #expect(codes == ["unparseable"])
    }
}
