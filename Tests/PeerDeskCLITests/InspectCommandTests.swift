import DeskTestSupport
import Foundation
import Testing

@Suite struct InspectCommandTests {
    static let mail = "Tests/IntakeTests/Fixtures/mail"

    @Test func jsonHasTheContractKeys() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["inspect", "--format", "json", "\(Self.mail)/gmail.eml"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let records = try result.jsonLines()
        #expect(records.count == 1)
        let record = try #require(records.first)
        for key in ["headers", "parts", "text", "candidates", "source", "fields"] {
            #expect(record[key] != nil, "missing \(key)")
        }
        let headers = try #require(record["headers"] as? [String: Any])
        for key in ["subject", "from", "to", "date", "message_id"] {
            #expect(headers[key] != nil, "missing headers.\(key)")
        }
        #expect(headers["subject"] as? String == "Re: VPC peering request")
        #expect(headers["message_id"] as? String == "<CAF1234@mail.gmail.com>")
        let parts = try #require(record["parts"] as? [[String: Any]])
        #expect(parts.map { $0["content_type"] as? String } == ["multipart/alternative", "text/plain", "text/html"])
        for part in parts {
            for key in ["content_type", "charset", "filename", "size"] {
                #expect(part.keys.contains(key), "missing parts.\(key)")
            }
        }
        #expect(parts[1]["charset"] as? String == "utf-8")
        #expect(parts[1]["filename"] is NSNull)
        let text = try #require(record["text"] as? String)
        #expect(text.contains("AWS account ID: 1234-5678-9012"))
        let candidates = try #require(record["candidates"] as? [[String: Any]])
        let account = try #require(candidates.first { $0["field"] as? String == "aws_account_id" })
        #expect(account["value"] as? String == "123456789012")
        #expect(account["verdict"] as? String == "chosen")
        #expect(account["rule"] as? String == "label: aws account id")
        #expect(account["line"] as? Int == 5)
        let fields = try #require(record["fields"] as? [String: [String]])
        #expect(fields["vpc_id"] == ["vpc-0abc1234def567890"])
    }

    @Test func tableShowsTreeTextAndCandidates() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["inspect", "\(Self.mail)/outlook.eml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("MIME parts:\n  0 text/html charset=windows-1252"))
        #expect(result.stdout.contains("AWS Region: US East (N. Virginia)"))
        #expect(result.stdout.contains("us-west-2"))
        #expect(result.stdout.contains("quoted"))
    }

    @Test func everyMessageOfAnMboxAndStdin() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let mbox = try desk.write(
            "two.mbox",
            "From a@example.com Mon Nov 23 09:00:00 2026\nSubject: one\n\nVPC ID: vpc-11111111\n\n"
                + "From b@example.com Mon Nov 23 10:00:00 2026\nSubject: two\n\nVPC ID: vpc-22222222\n"
        )
        let result = try desk.run(["inspect", "--format", "json", mbox])
        let records = try result.jsonLines()
        #expect(records.map { ($0["source"] as? [String: Any])?["index"] as? Int } == [1, 2])
        #expect(
            records.map { ($0["fields"] as? [String: [String]])?["vpc_id"] } == [["vpc-11111111"], ["vpc-22222222"]]
        )

        let piped = try desk.run(
            ["inspect", "--format", "json", "-"],
            stdin: Data("Subject: piped\n\nRegion: eu-west-1\n".utf8)
        )
        let record = try #require(try piped.jsonLines().first)
        #expect((record["source"] as? [String: Any])?["kind"] as? String == "stdin")
        #expect((record["fields"] as? [String: [String]])?["aws_region"] == ["eu-west-1"])
    }

    @Test func aMissingFileExitsTwoAndNamesIt() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["inspect", "no/such.eml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no/such.eml: no such file or folder"))
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(
                atPath: PeerDeskRunner.packageRoot.appendingPathComponent("../shared/corpora").path
            )
        )
    )
    func worksOnACorpusTortureTest() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let file = "../shared/corpora/stalwart/eml/rfc/002.eml"
        let result = try desk.run(["inspect", "--format", "json", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let parts = try #require(try result.jsonLines().first?["parts"] as? [[String: Any]])
        #expect(parts.contains { $0["content_type"] as? String == "message/rfc822" })
    }

    @Test func valuesPastTheLimitOfAFieldAreCountedNotListed() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let body = (0..<300).map { "VPC ID: vpc-\(String(format: "%08x", $0))" }.joined(separator: "\n")
        let path = try desk.write("many.eml", "From: a@example.com\nSubject: many\n\n\(body)\n")
        let json = try desk.run(["inspect", "--format", "json", path])
        let record = try #require(try json.jsonLines().first)
        #expect(record["omitted_candidates"] as? Int == 44)
        #expect((record["candidates"] as? [[String: Any]])?.count == 256)
        let table = try desk.run(["inspect", path])
        #expect(table.stdout.contains("44 more values not read: a field keeps at most 256 candidates per message"))
    }
}
