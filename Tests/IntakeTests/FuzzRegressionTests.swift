import Foundation
import Intake
import PeeringModel
import Testing

/// What `make fuzz` found (FUZZING.md): each input in Fixtures/fuzz/, read the way `peerdesk
/// ingest` reads a file, finishes with the requests it should give.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/fuzz"
    )

    /// The requests of a fixture file; at most 50, so a reader that never ends fails the test
    /// instead of hanging it.
    static func requests(_ name: String) throws -> [PeeringRequest] {
        try InputSource(paths: [folder.appendingPathComponent(name).path]).prefix(50).map { result in
            RequestBuilder.request(from: try result.get())
        }
    }

    /// A `}` where a JSON record should start made the reader return the same damaged record
    /// forever (`[}` hung ingest); it is one damaged record, and the records after it are read.
    @Test func aStrayClosingBraceInAJSONRecordsArray() throws {
        let requests = try Self.requests("json-stray-close-brace.json")
        try #require(requests.map(\.source.index) == [1, 2, 3])
        #expect(requests.map(\.subject) == ["VPC peering", nil, "the next one"])
        #expect(requests[1].unparseableReason == "record 2 is not valid JSON")
    }

    /// A date with a combining mark inside ("2026-11-2\u{334}09:12:00Z") stopped the process:
    /// Foundation's DateFormatter fails fatally when its parse ends inside a character. The date
    /// is unreadable, the rest of the record is read.
    @Test(arguments: ["csv-date-combining-mark.csv", "xml-date-combining-mark.xml"])
    func aDateWithACombiningMarkInAnExport(_ name: String) throws {
        let request = try #require(try Self.requests(name).first)
        #expect(request.subject == "VPC peering")
        #expect(request.receivedAt == nil)
        #expect(request.values[.awsAccountID]?.map(\.canonical) == ["123456789012"])
    }
}
