import Intake
import PeeringModel
import Testing

/// Issue 13, class 6: a value its label or sentence marks as not the customer's (sandbox, test,
/// old, example, placeholder; the Astro cluster's own, "Peer Owner IDs") is a decoy, and
/// `inspect` shows why.
@Suite struct DecoyMarkerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var field: RequestField
        var decoys: [String]
        var real: [String]
        /// A word the reason quotes.
        var marker: String
        var testDescription: String { body }
    }

    static let cases: [Case] = [
        Case(
            body: "Sandbox VPC ID: vpc-11111111\nVPC ID: vpc-22222222",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "sandbox"
        ),
        Case(
            body: "VPC ID (old): vpc-11111111\nVPC ID (new): vpc-22222222",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "old"
        ),
        Case(
            body: "Old VPC ID: vpc-11111111\nNew VPC ID: vpc-22222222",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "old"
        ),
        Case(
            body: "Test account ID: 111111111111\nAWS account ID: 123456789012",
            field: .awsAccountID,
            decoys: ["111111111111"],
            real: ["123456789012"],
            marker: "test"
        ),
        Case(
            body: "AWS account ID: 111111111111 (test account, ignore)\nAWS account ID: 123456789012",
            field: .awsAccountID,
            decoys: ["111111111111"],
            real: ["123456789012"],
            marker: "test"
        ),
        Case(
            body: "For example: VPC ID: vpc-11111111, Region: us-west-2.\nVPC ID: vpc-22222222\nRegion: eu-west-1",
            field: .awsRegion,
            decoys: ["us-west-2"],
            real: ["eu-west-1"],
            marker: "example"
        ),
        Case(
            body: "Please send the VPC ID, e.g. vpc-11111111.\n\nOur VPC is vpc-22222222.",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "e.g"
        ),
        Case(
            body: "Placeholder VPC ID: vpc-11111111\nVPC: vpc-22222222",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "placeholder"
        ),
        Case(
            body: "Our old VPC vpc-11111111 was deleted; please peer vpc-22222222.",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "old"
        ),
        Case(
            body: "vpc-11111111 is just an example, the real one is vpc-22222222.",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "example"
        ),
        Case(
            body: "Astro VPC CIDR: 10.10.0.0/16\nVPC CIDR: 10.20.0.0/16",
            field: .vpcCIDRs,
            decoys: ["10.10.0.0/16"],
            real: ["10.20.0.0/16"],
            marker: "astro"
        ),
        Case(
            body: "The cluster's account ID is 406793422161; our account ID is 123456789012.",
            field: .awsAccountID,
            decoys: ["406793422161"],
            real: ["123456789012"],
            marker: "cluster"
        ),
        Case(
            body: "Astro region: us-east-1\nRegion: eu-west-1",
            field: .awsRegion,
            decoys: ["us-east-1"],
            real: ["eu-west-1"],
            marker: "astro"
        ),
        Case(
            body: "Peer Owner IDs: 406793422161\nAWS account ID: 123456789012",
            field: .awsAccountID,
            decoys: ["406793422161"],
            real: ["123456789012"],
            marker: "Peer Owner IDs"
        ),
        Case(
            body: "vpc-11111111 (sandbox) stays as is; peer vpc-22222222 please.",
            field: .vpcID,
            decoys: ["vpc-11111111"],
            real: ["vpc-22222222"],
            marker: "sandbox"
        ),
    ]

    @Test(arguments: cases)
    func aMarkedValueIsADecoyWithItsReason(example: Case) throws {
        let request = requestFromMail(example.body)
        #expect(request.canonical(example.field) == example.real)
        #expect(request.conflicts.isEmpty)
        #expect(request.invalid.isEmpty)
        let extraction = try extractionFromMail(example.body)
        for decoy in example.decoys {
            let candidate = try #require(extraction.candidates.first { $0.value == decoy && $0.field == example.field })
            #expect(candidate.verdict == .decoy)
            #expect(candidate.reason?.contains(example.marker) == true, "\(candidate.reason ?? "no reason")")
        }
    }

    /// Words that only look like markers.
    @Test(arguments: [
        "VPC ID: vpc-22222222 (not the sandbox one)", "We'd like to test the peering with vpc-22222222 first.",
        "Please peer vpc-22222222 with the Astro VPC.", "New VPC ID: vpc-22222222",
        "VPC ID (production, not test): vpc-22222222", "Our latest VPC is vpc-22222222; the older ones are gone.",
    ])
    func aValueThatIsTheCustomersStays(body: String) {
        #expect(requestFromMail(body).canonical(.vpcID) == ["vpc-22222222"], "\(body)")
    }

    /// The cluster's own ID is the cluster ID, whatever names the cluster.
    @Test(arguments: [
        "Astro cluster ID: cau29pc7zl4ht2dtcbslfpr1u", "The cluster's ID is cau29pc7zl4ht2dtcbslfpr1u.",
        "Cluster: cau29pc7zl4ht2dtcbslfpr1u (the Astro one)",
    ])
    func theClusterIDIsNeverTheClustersDecoy(body: String) {
        #expect(requestFromMail(body).canonical(.clusterID) == ["cau29pc7zl4ht2dtcbslfpr1u"], "\(body)")
    }
}
