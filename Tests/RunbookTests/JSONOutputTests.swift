import DeskTestSupport
import Foundation
import Intake
import PeeringModel
import Registry
import Testing

@testable import Runbook

/// `JSONOutput` writes the queue's rows and the request records without `JSONEncoder`, for speed;
/// what it writes must be byte for byte what `JSONLines` (the encoding of every record the CLI
/// prints) writes.
@Suite struct JSONOutputTests {
    /// Every control character, quotes, backslashes, slashes, and text of several scripts.
    static let hostile: [String] = [
        String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }),
        "\u{7f}\u{80}\u{a0}\u{2028}\u{2029}é日本語\u{1F600}\u{FEFF}",
        "<script>alert(\"x\")</script> \\ / \\/",
        "",
    ]

    static let times: [Double] = [0, 1_796_000_000, 1_796_000_000.987, -1.5, -86_400, 951_782_400, 4_102_444_799.5]

    @Test(arguments: hostile)
    func stringsAreEscapedAsJSONEncoderEscapesThem(_ text: String) throws {
        var output = JSONOutput()
        output.beginArray()
        output.string(text)
        output.string(nil)
        output.endArray()
        #expect(String(decoding: output.bytes, as: UTF8.self) == (try JSONLines.encode([text, nil])))
    }

    @Test(arguments: times)
    func timesAreWrittenAsTheISO8601Strategy(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        var output = JSONOutput()
        output.date(date)
        #expect(String(decoding: output.bytes, as: UTF8.self) == (try JSONLines.encode(date)))
    }

    static func row(subject: String?, finding: Finding?, waiting: Date?) -> QueueRow {
        let record = QueueRecord(
            ticketID: 42,
            status: .needsInfo,
            nextStep: finding == nil ? nil : .peeringRequested,
            createdAt: Date(timeIntervalSince1970: 1_796_000_000.25),
            waitingSince: waiting,
            requester: subject.map { "\($0)@example.com" },
            clusterID: "cau29pc7zl4ht2dtcbslfpr1u",
            organizationID: "org-northwind",
            finding: finding,
            owner: subject,
            subject: subject
        )
        return QueueRow(
            record,
            organization: nil,
            clusterName: subject,
            now: Date(timeIntervalSince1970: 1_796_100_000)
        )
    }

    static let findings: [Finding?] = [
        nil,
        Finding(.missingVPCID, field: .vpcID, message: "no VPC ID"),
        Finding(
            .invalidRegion,
            field: .awsRegion,
            message: "\"Frankfürt\" is not a region",
            customerMessage: "<b>x</b>"
        ),
        Finding(.requesterNotAuthorized, message: "tab\there"),
    ]

    @Test(arguments: hostile.map(Optional.some) + [nil], findings)
    func aQueueRowIsWhatJSONLinesWrites(_ subject: String?, _ finding: Finding?) throws {
        for waiting in [nil, Date(timeIntervalSince1970: 1_796_050_000.9)] {
            let row = Self.row(subject: subject, finding: finding, waiting: waiting)
            #expect(row.jsonLine == (try JSONLines.encode(row)))
        }
    }

    /// Requests as intake reads them: every mail and export fixture of the test suites.
    static func fixtureRequests() -> [PeeringRequest] {
        let root = PeerDeskRunner.packageRoot
        let paths = ["Tests/IntakeTests/Fixtures", "Tests/PeerDeskCLITests/Fixtures"].map {
            root.appendingPathComponent($0).path
        }
        return InputSource(paths: paths).compactMap { try? $0.get() }.map { RequestBuilder.request(from: $0) }
    }

    /// Every source kind, hostile text in every string, no values and every value.
    static func constructedRequests() -> [PeeringRequest] {
        var requests: [PeeringRequest] = []
        for (index, text) in hostile.enumerated() {
            let kind = PeeringRequest.Source.Kind.allCases[index % PeeringRequest.Source.Kind.allCases.count]
            var values: [RequestField: [PeeringRequest.Value]] = [:]
            if index % 2 == 0 {
                for field in RequestField.allCases {
                    values[field] = [.init(canonical: text, raw: text), .init(canonical: "10.0.0.0/16", raw: "x")]
                }
            }
            requests.append(
                PeeringRequest(
                    source: .init(
                        kind: kind,
                        path: text,
                        index: index % 2 == 0 ? nil : index - 7,
                        messageID: index % 2 == 0 ? text : nil,
                        externalID: index % 2 == 0 ? nil : text
                    ),
                    requesterEmail: text,
                    requesterName: index % 2 == 0 ? nil : text,
                    subject: text,
                    receivedAt: Date(timeIntervalSince1970: times[index % times.count]),
                    values: values
                )
            )
        }
        return requests
    }

    @Test func aRequestRecordIsWhatJSONLinesWrites() throws {
        let requests = Self.fixtureRequests()
        #expect(requests.count > 50, "the fixtures were not found under \(PeerDeskRunner.packageRoot.path)")
        let findings = Self.findings.compactMap(\.self)
        for (index, request) in (requests + Self.constructedRequests()).enumerated() {
            let checked = RequestRecord(
                request: request,
                findings: Array(findings.prefix(index % (findings.count + 1)))
            )
            #expect(checked.jsonLine == (try JSONLines.encode(checked)), "\(request.source)")
            let stored = RequestRecord(
                result: IngestResult(
                    outcome: IngestOutcome.allCases[index % IngestOutcome.allCases.count],
                    ticket: index % 3 == 0 ? nil : Int64(index),
                    reason: index % 2 == 0 ? nil : "why \(index)",
                    request: request,
                    findings: findings,
                    completedSteps: [],
                    ticketStatus: index % 2 == 0 ? nil : TicketStatus.allCases[index % TicketStatus.allCases.count],
                    nextStep: index % 4 == 1 ? RunbookStep.allCases[index % RunbookStep.allCases.count] : nil,
                    quarantineID: nil
                )
            )
            #expect(stored.jsonLine == (try JSONLines.encode(stored)), "\(request.source)")
        }
    }

    @Test func nestedObjectsAndArraysSeparateTheirMembers() {
        var output = JSONOutput()
        output.beginObject()
        output.key("a")
        output.beginArray()
        output.integer(1)
        output.beginObject()
        output.key("b")
        output.null()
        output.key("c")
        output.integer(-2)
        output.endObject()
        output.beginArray()
        output.endArray()
        output.endArray()
        output.key("d")
        output.string("e")
        output.endObject()
        #expect(String(decoding: output.bytes, as: UTF8.self) == #"{"a":[1,{"b":null,"c":-2},[]],"d":"e"}"#)
    }
}
