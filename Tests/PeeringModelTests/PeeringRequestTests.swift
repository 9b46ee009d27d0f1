import Foundation
import PeeringModel
import Testing

@Suite struct PeeringRequestTests {
    static let six: [RequestField: [PeeringRequest.Value]] = [
        .awsAccountID: [.init(canonical: "123456789012", raw: "1234-5678-9012")],
        .awsRegion: [.init(canonical: "eu-west-1", raw: "Europe (Ireland)")],
        .vpcID: [.init(canonical: "vpc-0abc1234", raw: "vpc-0abc1234")],
        .vpcCIDRs: [.init(canonical: "10.20.0.0/16", raw: "10.20.0.0/16")],
        .peerRoleARN: [
            .init(canonical: "arn:aws:iam::123456789012:role/peer", raw: "arn:aws:iam::123456789012:role/peer")
        ],
        .clusterID: [.init(canonical: "cau29pc7zl4ht2dtcbslfpr1u", raw: "cau29pc7zl4ht2dtcbslfpr1u")],
    ]

    static func request(_ values: [RequestField: [PeeringRequest.Value]]) -> PeeringRequest {
        PeeringRequest(source: .init(kind: .email, path: "in/1.eml"), values: values)
    }

    @Test func sixFieldsWithValuesAreAllDetails() {
        #expect(Self.request(Self.six).hasAllDetails)
    }

    @Test(arguments: RequestField.allCases)
    func aMissingFieldIsNotAllDetails(field: RequestField) {
        var values = Self.six
        values[field] = nil
        #expect(!Self.request(values).hasAllDetails)
    }

    @Test(arguments: RequestField.allCases)
    func aFieldWithoutValuesIsNotAllDetails(field: RequestField) {
        var values = Self.six
        values[field] = []
        #expect(!Self.request(values).hasAllDetails)
    }

    @Test func conflictingOrSeveralValuesStillCount() {
        var request = Self.request(Self.six)
        request.values[.vpcCIDRs, default: []].append(.init(canonical: "10.30.0.0/16", raw: "10.30.0.0/16"))
        request.conflicts = [.vpcID]
        #expect(request.hasAllDetails)
    }

    @Test func anUnparseableInputHasNoDetailsEvenWithValues() {
        var request = Self.request(Self.six)
        request.unparseableReason = "over the size limit"
        #expect(!request.hasAllDetails)
        #expect(!PeeringRequest(source: .init(kind: .csv, path: "x.csv", index: 2)).hasAllDetails)
    }

    /// The request record's `source.kind` (DESIGN.md): one string per kind of input.
    @Test func sourceKindsAreTheRequestRecordsStrings() throws {
        #expect(PeeringRequest.Source.Kind.allCases.map(\.rawValue) == ["email", "csv", "json", "xml"])
        for kind in PeeringRequest.Source.Kind.allCases {
            #expect(String(decoding: try JSONEncoder().encode(kind), as: UTF8.self) == "\"\(kind.rawValue)\"")
            #expect(try JSONDecoder().decode(PeeringRequest.Source.Kind.self, from: JSONEncoder().encode(kind)) == kind)
        }
    }

    @Test func aSourceIsDescribedByItsPathAndIndex() {
        #expect(PeeringRequest.Source(kind: .email, path: "in/42.eml").description == "in/42.eml")
        #expect(PeeringRequest.Source(kind: .csv, path: "export.csv", index: 3).description == "export.csv#3")
        #expect(PeeringRequest.Source.location(path: "peerdesk reply", index: nil) == "peerdesk reply")
    }
}
