import Foundation
import PeeringModel
import Replies
import Runbook
import Testing

/// Realistic contexts for the three replies, shared by the tests.
enum Contexts {
    static let clusterID = "clx4m2k9p0000abcd1234efgh"
    static let clusterAccount = "518402947310"
    static let customerAccount = "123456789012"
    static let vpc = "vpc-0abc1234def567890"
    static let peering = "pcx-0a1b2c3d4e5f67890"

    static let fields: [RequestField: [String]] = [
        .awsAccountID: [customerAccount],
        .awsRegion: ["eu-west-1"],
        .vpcID: [vpc],
        .vpcCIDRs: ["10.20.0.0/16"],
        .peerRoleARN: ["arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1A2B3C"],
        .clusterID: [clusterID],
    ]

    /// A request with a missing VPC ID, the stack's ARN for the role, an overlapping CIDR, a
    /// public-CIDR warning and an info finding.
    static var requestChanges: ReplyContext {
        var fields = fields
        fields[.vpcID] = nil
        fields[.peerRoleARN] = nil
        return ReplyContext(
            ticketReference: "PD-12",
            requesterName: "Ana López",
            requesterEmail: "ana@example.com",
            originalSubject: "VPC peering request",
            fields: fields,
            findings: [
                Finding(
                    .missingVPCID,
                    field: .vpcID,
                    message: "The VPC ID is missing: it starts with vpc- and is in the VPC console's Your VPCs list."
                ),
                Finding(
                    .peerRoleARNIsStack,
                    field: .peerRoleARN,
                    message: "\"arn:aws:cloudformation:eu-west-1:123456789012:stack/astro-peering-role/1a2b\" is "
                        + "the ARN of a CloudFormation stack, not of a role (line 7)."
                ),
                Finding(
                    .cidrOverlapsCluster,
                    field: .vpcCIDRs,
                    message: "10.20.0.0/16 overlaps the Astro VPC CIDR 10.20.0.0/20; peered VPCs need CIDR blocks "
                        + "that do not overlap."
                ),
                Finding(.cidrPublic, field: .vpcCIDRs, message: "11.0.0.0/16 is not a private (RFC 1918) range."),
                Finding(.normalized, field: .awsAccountID, message: "\"1234-5678-9012\" was read as 123456789012."),
            ],
            clusterName: "prod-analytics",
            clusterID: clusterID,
            clusterRegion: "eu-west-1",
            clusterAccountID: clusterAccount,
            astroCIDRs: ["10.20.0.0/20"],
            replyToMessageID: "<CAF1234@mail.example.com>",
            references: ["<root-1@mail.example.com>"]
        )
    }

    /// A validated request whose peering exists: two Astro CIDRs, same region unless told.
    static func peeringReady(customerRegion: String = "us-east-1", clusterRegion: String = "us-east-1") -> ReplyContext
    {
        var fields = fields
        fields[.awsRegion] = [customerRegion]
        return ReplyContext(
            ticketReference: "PD-12",
            requesterName: "Ana López",
            requesterEmail: "ana@example.com",
            originalSubject: "VPC peering request",
            fields: fields,
            clusterName: "prod-analytics",
            clusterID: clusterID,
            clusterRegion: clusterRegion,
            clusterAccountID: clusterAccount,
            astroCIDRs: ["10.100.0.0/20", "10.101.0.0/22"],
            peeringID: peering,
            customerRegion: customerRegion,
            customerCIDRs: ["10.20.0.0/16"],
            replyToMessageID: "<CAF1234@mail.example.com>"
        )
    }

    /// A sender outside the cluster's organization, with every cluster value filled in.
    static var notAuthorized: ReplyContext {
        ReplyContext(
            ticketReference: "PD-13",
            requesterName: "Mallory",
            requesterEmail: "mallory@evil.example",
            originalSubject: "peering please",
            fields: fields,
            findings: [
                Finding(
                    .requesterNotAuthorized,
                    message: "The sender mallory@evil.example is not recorded as allowed to request changes."
                )
            ],
            clusterName: "prod-analytics",
            clusterID: clusterID,
            clusterRegion: "eu-central-1",
            clusterAccountID: clusterAccount,
            astroCIDRs: ["10.100.0.0/20"],
            peeringID: peering,
            customerRegion: "eu-west-1",
            customerCIDRs: ["10.20.0.0/16"]
        )
    }
}

/// The package root: this file is three levels down.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The `ReplyError` a body threw, or nil when it threw nothing.
func replyError<T>(_ body: () throws(ReplyError) -> T) -> ReplyError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A fresh temporary directory holding the bundled templates, with `changes` applied
/// (file name → new text, nil removes the file).
func templatesDirectory(_ changes: [String: String?] = [:]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "peerdesk-templates-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for kind in ReplyKind.allCases {
        try kind.bundledTemplate.write(
            to: directory.appendingPathComponent(kind.templateFileName),
            atomically: true,
            encoding: .utf8
        )
    }
    for (name, text) in changes {
        let url = directory.appendingPathComponent(name)
        if let text {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(at: url)
        }
    }
    return directory
}

/// Compares `text` with `Fixtures/<name>`; `PEERDESK_RECORD_FIXTURES=1` writes the fixture instead.
func expectFixture(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = packageRoot.appendingPathComponent("Tests/RepliesTests/Fixtures/\(name)")
    if ProcessInfo.processInfo.environment["PEERDESK_RECORD_FIXTURES"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "differs from Fixtures/\(name)", sourceLocation: sourceLocation)
}

/// The text with every run of whitespace (line breaks and wrapping indents included) made one
/// space: for phrases that wrapping may have split over lines.
func flattened(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
}
