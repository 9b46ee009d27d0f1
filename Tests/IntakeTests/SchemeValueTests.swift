import Intake
import PeeringModel
import Testing

/// Issue 13, class 3: a line that starts with a value's own scheme (`arn:aws:iam::…`, `vpc-…`,
/// `pcx-…`) is that value, never the label "arn" or "vpc" followed by the rest.
@Suite struct SchemeValueTests {
    static let role = "arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"

    @Test(arguments: [
        "PeerRole ARN:\n\(role)",
        "Role ARN\n\n\(role)\n",
        "Here is the ARN from the stack output:\n\(role)\nThanks",
        "\(role)",
        "   \(role)",
        "- \(role)",
        "* \(role) (from the Outputs tab)",
        "ARN:\n\"\(role)\"",
        "The PeerRole is:\n\n  \(role).\n",
    ])
    func aRoleARNAloneOnItsLineIsTheRole(body: String) throws {
        let request = requestFromMail(body)
        #expect(request.canonical(.peerRoleARN) == [Self.role], "\(body)")
        #expect(request.invalid[.peerRoleARN] == nil, "\(body)")
        let extraction = try extractionFromMail(body)
        #expect(!extraction.candidates.contains { $0.verdict == .invalid }, "\(body)")
    }

    @Test(arguments: [
        "VPC ID:\nvpc-0abc1234def567890",
        "VPC\nvpc-0abc1234def567890 (production)",
        "vpc-0abc1234def567890: the production VPC",
        "- vpc-0abc1234def567890 - production",
        "vpc-0abc1234def567890,10.20.0.0/16",
    ])
    func aVPCIDAloneOnItsLineIsTheVPC(body: String) {
        let request = requestFromMail(body)
        #expect(request.canonical(.vpcID) == ["vpc-0abc1234def567890"], "\(body)")
        #expect(request.invalid.isEmpty, "\(body)")
    }

    @Test func aStackARNAloneOnItsLineIsNamedAsTheStack() {
        let request = requestFromMail(
            "PeerRole ARN:\narn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e-aaaa"
        )
        #expect(request.values[.peerRoleARN] == nil)
        let invalid = request.invalid[.peerRoleARN] ?? []
        #expect(invalid == ["arn:aws:cloudformation:us-east-1:123456789012:stack/astro-peering/1b2c3d4e-aaaa"])
    }

    @Test func aPeeringIDUnderTheVPCLabelIsRefusedAsItself() {
        let request = requestFromMail("VPC ID:\npcx-0123456789abcdef0")
        #expect(request.values[.vpcID] == nil)
        #expect(request.invalid[.vpcID] == ["pcx-0123456789abcdef0"])
    }

    /// "VPC-ID:" and "ARN: arn:…" are still labels.
    @Test(arguments: [
        ("VPC-ID: vpc-0abc1234", RequestField.vpcID, "vpc-0abc1234"),
        ("ARN: \(role)", .peerRoleARN, role),
        ("arn: \(role)", .peerRoleARN, role),
    ])
    func labelsThatLookLikeASchemeStayLabels(body: String, field: RequestField, value: String) {
        #expect(requestFromMail(body).canonical(field) == [value], "\(body)")
    }
}
