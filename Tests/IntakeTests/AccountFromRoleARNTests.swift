import Intake
import PeeringModel
import Testing

/// Issue 13, class 5: the PeerRole is created in the customer's account, so a request that gives
/// a valid PeerRole ARN and no account ID has the account: the ARN's.
@Suite struct AccountFromRoleARNTests {
    static let role = "arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"

    @Test(arguments: [
        "PeerRole ARN: \(role)\nVPC ID: vpc-0abc1234",
        "Role ARN:\n\(role)",
        "We created the stack; its output is \(role) for cluster cau29pc7zl4ht2dtcbslfpr1u.",
        "| Detail | Value |\n|---|---|\n| PeerRole ARN | \(role) |",
        "Same as before.\n\n> PeerRole ARN: \(role)",
    ])
    func theAccountIsTakenFromTheRole(body: String) throws {
        let request = requestFromMail(body)
        #expect(request.canonical(.awsAccountID) == ["123456789012"], "\(body)")
        // What was written for it is the ARN: where the account was read.
        #expect(request.values[.awsAccountID]?.first?.raw == Self.role, "\(body)")
        let extraction = try extractionFromMail(body)
        let derived = try #require(extraction.candidates.first { $0.field == .awsAccountID }, "\(body)")
        #expect(derived.verdict == .chosen)
        #expect(derived.reason?.contains("PeerRole ARN") == true, "\(derived.reason ?? "no reason")")
    }

    @Test(arguments: [
        // Given: the customer's own value stands, and validation compares the two.
        ("AWS account ID: 210987654321\nPeerRole ARN: \(role)", ["210987654321"]),
        ("AWS account ID: 123456789012\nPeerRole ARN: \(role)", ["123456789012"]),
        // Given but not valid: the customer is asked again, not overruled.
        ("AWS account ID: 12345\nPeerRole ARN: \(role)", []),
        // Two different roles: no account is guessed from either.
        (
            "PeerRole ARN: \(role)\nPeerRole ARN: arn:aws:iam::210987654321:role/astro-peering-PeerRole-2ABC",
            []
        ),
        // A stack ARN is no role.
        ("PeerRole ARN: arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e", []),
        // The role's account inside a URL is a decoy, not a role.
        ("https://console.aws.amazon.com/iam/home#/roles/arn:aws:iam::123456789012:role/peer", []),
    ])
    func theAccountIsNotTakenWhenGivenOrUncertain(body: String, accounts: [String]) {
        #expect(requestFromMail(body).canonical(.awsAccountID) == accounts, "\(body)")
    }

    @Test func aCustomerValueInNewTextBeatsTheRoleInHistory() {
        let body = "AWS account ID: 210987654321\n\n> PeerRole ARN: \(Self.role)"
        #expect(requestFromMail(body).canonical(.awsAccountID) == ["210987654321"])
    }
}
