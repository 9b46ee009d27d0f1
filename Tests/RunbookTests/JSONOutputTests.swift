import Foundation
import PeeringModel
import Registry
import Testing

@testable import Runbook

/// `JSONOutput` writes the queue's rows without `JSONEncoder`, for speed; what it writes must be
/// byte for byte what `JSONLines` (the encoding of every record the CLI prints) writes.
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
