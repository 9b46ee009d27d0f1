import Foundation
import Intake
import PeeringModel
import Testing

@Suite struct ExportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/exports"
    )

    static func requests(_ name: String, fieldMap: FieldMap = .empty) throws -> [PeeringRequest] {
        // At most 50 items: a reader that never ends fails the test instead of hanging it.
        try InputSource(paths: [folder.appendingPathComponent(name).path]).prefix(50).map { result in
            RequestBuilder.request(from: try result.get(), fieldMap: fieldMap)
        }
    }

    static func fields(_ request: PeeringRequest) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (field, values) in request.values { result[field.rawValue] = values.map(\.canonical) }
        return result
    }

    static let complete: [String: [String]] = [
        "aws_account_id": ["123456789012"], "aws_region": ["eu-west-1"], "vpc_id": ["vpc-0abc1234def567890"],
        "vpc_cidrs": ["10.50.0.0/16"], "peer_role_arn": ["arn:aws:iam::123456789012:role/peer"],
        "cluster_id": ["cau29pc7zl4ht2dtcbslfpr1u"],
    ]

    @Test func aGoogleFormsCSVWithBOMCRLFAndAMultilineQuotedCell() throws {
        let requests = try Self.requests("google-form.csv")
        #expect(requests.map(\.source.index) == [1, 2])
        #expect(requests.allSatisfy { $0.source.kind == .csv })
        #expect(Self.fields(requests[0]) == Self.complete.merging(["aws_region": ["eu-west-1"]]) { $1 })
        #expect(requests[0].requesterEmail == "ana@northwind.example")
        #expect(requests[0].receivedAt == Date(timeIntervalSince1970: 1_795_511_520))
        // Question-text columns, a display-name region, two CIDRs in one quoted cell.
        #expect(Self.fields(requests[1])["aws_region"] == ["eu-west-1"])
        #expect(Self.fields(requests[1])["vpc_cidrs"] == ["10.60.0.0/16", "10.61.0.0/16"])
        #expect(Self.fields(requests[1])["aws_account_id"] == ["123456789013"])
    }

    @Test func aSemicolonHelpDeskCSVWithTheDetailsInTheDescription() throws {
        let requests = try Self.requests("helpdesk-semicolon.csv")
        #expect(requests.count == 2)
        #expect(Self.fields(requests[0]) == Self.complete)
        #expect(requests[0].subject == "VPC peering")
        #expect(requests[1].values.isEmpty)
        #expect(requests[1].requesterEmail == "bo@acme.example")
    }

    @Test func aTabSeparatedExport() throws {
        let request = try #require(try Self.requests("tab.tsv").first)
        #expect(
            Self.fields(request) == [
                "aws_account_id": ["123456789012"], "aws_region": ["us-east-1"], "vpc_id": ["vpc-0abc1234"],
            ]
        )
    }

    @Test func aTicketsObjectWithNestedKeysAndMappedCustomFields() throws {
        let map = try FieldMap.load(path: Self.folder.appendingPathComponent("field-map.json").path)
        let requests = try Self.requests("zendesk-tickets.json", fieldMap: map)
        #expect(requests.count == 2)
        #expect(Self.fields(requests[0]) == Self.complete)
        #expect(requests[0].requesterEmail == "ana@northwind.example")
        #expect(requests[0].requesterName == "Ana Lopez")
        #expect(requests[0].subject == "Peering for prod")
        // Without the map the custom fields mean nothing, and the description alone is read.
        let unmapped = try Self.requests("zendesk-tickets.json")
        #expect(Self.fields(unmapped[0])["aws_account_id"] == nil)
        #expect(Self.fields(unmapped[0])["vpc_id"] == ["vpc-0abc1234def567890"])
    }

    @Test func aTopLevelArrayWithListsAndAnInvalidValue() throws {
        let requests = try Self.requests("array.json")
        #expect(Self.fields(requests[0])["vpc_cidrs"] == ["10.50.0.0/16", "10.51.0.0/16"])
        #expect(requests[1].invalid[.awsAccountID] == ["12345"])
    }

    @Test func aBrokenNDJSONLineIsReportedAndTheRestIsRead() throws {
        let requests = try Self.requests("broken.ndjson")
        #expect(requests.map(\.source.index) == [1, 2, 3])
        #expect(Self.fields(requests[0])["vpc_id"] == ["vpc-11111111"])
        #expect(requests[1].unparseableReason == "line 2 is not valid JSON")
        #expect(Self.fields(requests[2])["vpc_id"] == ["vpc-33333333"])
    }

    @Test func aClassicHelpDeskXMLWithCDATAAndEntities() throws {
        let requests = try Self.requests("helpdesk.xml")
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.source.kind == .xml })
        #expect(Self.fields(requests[0]) == Self.complete)
        #expect(requests[0].subject == "VPC peering & routes")
        #expect(requests[0].requesterEmail == "ana@northwind.example")
        #expect(requests[0].receivedAt == Date(timeIntervalSince1970: 1_795_511_520))
        #expect(Self.fields(requests[1])["vpc_id"] == ["vpc-1a2b3c4d"])
    }

    @Test func plainElementNamesAndNesting() throws {
        let request = try #require(try Self.requests("plain.xml").first)
        #expect(
            Self.fields(request) == [
                "aws_account_id": ["123456789012"], "aws_region": ["us-east-1"], "vpc_id": ["vpc-0abc1234"],
            ]
        )
        #expect(request.requesterEmail == "ana@northwind.example")
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let requests = try Self.requests("xxe.xml")
        let record = try #require(
            try Array(InputSource(paths: [Self.folder.appendingPathComponent("xxe.xml").path])).first?.get()
        )
        guard case .record(let fields) = record else {
            Issue.record("expected a record, got \(record)")
            return
        }
        for field in fields.fields { #expect(!field.value.contains("root:"), "\(field)") }
        #expect(Self.fields(requests[0])["vpc_id"] == ["vpc-0abc1234"])
    }

    @Test func anEntityBombCostsNothingAndIsReported() throws {
        let requests = try Self.requests("billion-laughs.xml")
        #expect(requests.count <= 2)
        #expect(requests.last?.unparseableReason?.contains("not well-formed near line 14") == true)
        for request in requests { #expect((request.subject ?? "").count < 1_000) }
    }

    @Test func aDamagedXMLKeepsTheRecordsAroundTheDamage() throws {
        let requests = try Self.requests("malformed.xml")
        #expect(requests.map(\.subject) == ["one", "two", nil])
        #expect(Self.fields(requests[0])["vpc_id"] == ["vpc-11111111"])
        #expect(requests[2].unparseableReason?.contains("near line 2") == true)
    }

    @Test func aFieldMapWithAnUnknownFieldIsRefusedWithTheKey() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("map-\(UUID().uuidString).json")
        try #"{"360001": "aws_acount_id"}"#.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: InputError.self) { try FieldMap.load(path: url.path) }
        do {
            _ = try FieldMap.load(path: url.path)
        } catch {
            #expect(error.reason.hasPrefix("\"360001\" maps to aws_acount_id, which is not one of"))
        }
    }

    @Test(arguments: [
        ("From: a@b.example\n\nbody", "email"), ("id,name\n1,2\n", "csv"), ("[{\"a\": 1}]", "json"),
        ("{\"a\": 1}\n{\"a\": 2}\n", "ndjson"), ("{\"tickets\": []}", "json"), ("<tickets/>", "xml"),
        ("\u{FEFF}Timestamp,Email Address,AWS account ID\n1/1/2026 1:00:00,a@b.example,123456789012\n", "csv"),
        ("From x@y Mon Nov 23 09:00:00 2026\nA: b\n\nc", "mbox"),
    ])
    func formatsAreDetectedFromContent(text: String, expected: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sniff-\(UUID().uuidString).dat")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        guard let item = Array(InputSource(paths: [url.path])).first else {
            #expect(expected == "json" || expected == "xml", "no record from \(text)")
            return
        }
        let kind = (try? item.get())?.origin.kind.rawValue
        let expectedKind = expected == "ndjson" ? "json" : expected
        if case .success(.record) = item {
            #expect(kind == expectedKind)
        } else if case .success(.damaged(let origin, let reason)) = item {
            // An export of no request column ("id,name") is detected, then refused whole.
            #expect(origin.kind.rawValue == expectedKind)
            #expect(reason.contains("no column a request could come from"))
        } else if case .success(.message) = item {
            #expect(expected == "email" || expected == "mbox")
        } else if expected == "json" || expected == "xml" {
            // An empty records array yields nothing; an empty XML root yields no record either.
        } else {
            Issue.record("\(text): \(item)")
        }
    }

    /// Class 7 of "extraction on real customer mail": each help desk's or form tool's export
    /// shape gives the six details, the requester and the tool's own ID (`source.external_id`).
    @Test(arguments: [
        ("freshdesk.json", "48213"), ("jira.json", "SUP-1042"), ("helpscout.json", "3117"), ("intercom.json", "215468"),
        ("hubspot.json", "7f3e-11aa"), ("typeform.json", "a3f9k2"),
    ])
    func helpDeskAndFormExports(file: String, externalID: String) throws {
        let requests = try Self.requests("helpdesks/\(file)")
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(Self.fields(request) == Self.complete, "\(file): \(Self.fields(request))")
        #expect(request.requesterEmail == "ana@northwind.example", "\(file)")
        #expect(request.source.externalID == externalID, "\(file)")
        #expect(request.conflicts.isEmpty, "\(file)")
    }

    @Test func zendeskCustomFieldsByIDThroughAFieldMap() throws {
        let map = FieldMap(mapping: [
            "360001": .awsAccountID, "360002": .awsRegion, "360003": .vpcID, "360004": .vpcCIDRs,
            "360005": .peerRoleARN, "360006": .clusterID,
        ])
        let request = try #require(try Self.requests("helpdesks/zendesk.json", fieldMap: map).first)
        #expect(Self.fields(request) == Self.complete)
        #expect(request.source.externalID == "90211")
    }
}
