import Foundation
import PeeringModel
import Replies
import Runbook
import Testing

@Suite struct ReplyRendererTests {
    let renderer: ReplyRenderer

    init() throws {
        renderer = try ReplyRenderer()
    }

    // MARK: Bundled templates

    @Test(arguments: ReplyKind.allCases)
    func theBundledCopyIsTemplatesReplies(kind: ReplyKind) throws {
        let url = packageRoot.appendingPathComponent("Templates/replies/\(kind.templateFileName)")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(
            file == kind.bundledTemplate,
            "run sh Templates/replies/generate-bundled.sh after editing \(kind.templateFileName)"
        )
    }

    @Test func theTemplatesDirectoryRendersLikeTheBundledCopy() throws {
        let files = try ReplyRenderer(templatesDirectory: packageRoot.appendingPathComponent("Templates/replies"))
        #expect(
            try files.render(.requestChanges, context: Contexts.requestChanges)
                == renderer.render(.requestChanges, context: Contexts.requestChanges)
        )
    }

    // MARK: request-changes

    @Test func requestChangesExplainsEveryErrorAndWarning() throws {
        let text = try renderer.render(.requestChanges, context: Contexts.requestChanges)
        try expectFixture(text, "request-changes.txt")
        #expect(text.hasPrefix("Hello Ana López,\n\nThank you for your VPC peering request (PD-12).\n"))
        let flat = flattened(text)
        #expect(
            flat.contains("* The ID of the VPC you want to peer (vpc-…), in the AWS console under VPC › Your VPCs. *")
        )
        #expect(
            flat.contains("* You sent the ARN of the CloudFormation stack; we need the PeerRole ARN from the stack's")
        )
        #expect(flat.contains(" What we found: 10.20.0.0/16 overlaps the Astro VPC CIDR 10.20.0.0/20;"))
        #expect(text.contains("Please also check the following:\n\n* The CIDR block is outside the private"))
        #expect(flat.contains("enter 518402947310 as its \"Peer Owner IDs\" parameter"))
        #expect(text.contains("  VPC CIDR block: 10.20.0.0/16\n"))
        #expect(text.hasSuffix("\nBest regards,\nAstro Support\n"))
        // Info findings are not for the customer, and the missing VPC ID's message only repeats.
        #expect(!text.contains(FindingCode.normalized.customerExplanation))
        #expect(!text.contains("1234-5678-9012"))
        #expect(!text.contains("Your VPCs list."))
        #expect(!text.contains("\n\n\n"))
    }

    /// What only support can resolve is said as what happens next, not asked of the customer.
    @Test(arguments: FindingCode.allCases.filter(\.isOursToResolve))
    func whatOnlyWeCanResolveIsWhatHappensNext(code: FindingCode) throws {
        var context = Contexts.requestChanges
        context.findings = [Finding(code, message: "Details for \(code.rawValue).")]
        let text = flattened(try renderer.render(.requestChanges, context: context))
        #expect(text.contains("something needs to happen on our side: * " + code.customerExplanation))
        #expect(!text.contains("we need the following from you"))
        #expect(!text.contains("Please reply to this email with the corrected details"))
        #expect(text.contains("You do not need to do anything now"))
        #expect(!code.customerExplanation.lowercased().contains("please check"))
    }

    /// The quick-create link comes with the Peer Owner IDs when the PeerRole ARN is missing.
    @Test func aMissingRoleGetsTheQuickCreateLinkWithPeerOwnerIDs() throws {
        var context = Contexts.requestChanges
        context.findings = [Finding(.missingPeerRoleARN, message: "No role.")]
        context.clusterAccountID = "406793422161"
        context.customerRegion = "eu-west-1"
        context.roleTemplateURL = "https://example.s3.amazonaws.com/astro-peering-role.yaml"
        let text = flattened(try renderer.render(.requestChanges, context: context))
        #expect(text.contains("enter 406793422161 as its \"Peer Owner IDs\" parameter"))
        #expect(
            text.contains(
                "https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?templateURL="
                    + "https%3A%2F%2Fexample.s3.amazonaws.com%2Fastro-peering-role.yaml&stackName=astro-peering-role"
                    + "&param_PeerOwnerIds=406793422161"
            )
        )
        context.roleTemplateURL = nil
        #expect(!flattened(try renderer.render(.requestChanges, context: context)).contains("quickcreate"))
    }

    /// A finding for staff only is never listed to the customer, even beside one they must fix.
    @Test(arguments: FindingCode.allCases.filter(\.isForStaffOnly))
    func staffOnlyFindingsAreNeverListed(code: FindingCode) throws {
        var context = Contexts.requestChanges
        context.findings = [
            Finding(.missingVPCID, message: "No VPC ID."), Finding(code, message: "Internal: \(code.rawValue)."),
        ]
        let text = try renderer.render(.requestChanges, context: context)
        #expect(!flattened(text).contains(code.customerExplanation))
        #expect(!text.contains("Internal"))
    }

    @Test(arguments: FindingCode.allCases)
    func everyFindingCodeHasACustomerExplanation(code: FindingCode) {
        let text = code.customerExplanation
        #expect(text.count > 40)
        #expect(text.hasSuffix(".") || text.hasSuffix(")."))
        #expect(!text.contains(code.rawValue), "customer language, not the code")
        let others = FindingCode.allCases.filter { $0 != code }.map(\.customerExplanation)
        #expect(!others.contains(text))
    }

    @Test(
        arguments: FindingCode.allCases.filter {
            $0.severity != .info && $0 != .requesterNotAuthorized && !$0.isForStaffOnly && !$0.isOursToResolve
        }
    )
    func requestChangesListsEachErrorAndWarning(code: FindingCode) throws {
        var context = Contexts.requestChanges
        context.findings = [Finding(code, message: "Details for \(code.rawValue).")]
        let text = try renderer.render(.requestChanges, context: context)
        #expect(
            flattened(text).contains(
                "* " + code.customerExplanation
                    + (code.rawValue.hasPrefix("missing-") ? " " : " What we found: Details for")
            )
        )
        let listed = code.severity == .error ? "we need the following from you:" : "please check the following:"
        #expect(flattened(text).contains(listed))
    }

    @Test func requestChangesIsNeverForAnUnauthorizedRequester() {
        var context = Contexts.requestChanges
        context.findings.append(Finding(.requesterNotAuthorized, message: "not allowed"))
        let error = replyError { () throws(ReplyError) in try renderer.render(.requestChanges, context: context) }
        #expect(error?.code == .notApplicable)
        #expect(error?.description.contains("not-authorized") == true)
    }

    @Test func requestChangesNeedsSomethingToAskFor() {
        var context = Contexts.requestChanges
        context.findings = [Finding(.normalized, message: "read differently")]
        let error = replyError { () throws(ReplyError) in try renderer.render(.requestChanges, context: context) }
        #expect(error?.code == .notApplicable)
    }

    // MARK: peering-ready

    @Test func peeringReadyInTheSameRegion() throws {
        let text = try renderer.render(.peeringReady, context: Contexts.peeringReady())
        try expectFixture(text, "peering-ready.txt")
        #expect(text.contains("  VPC peering ID: pcx-0a1b2c3d4e5f67890\n"))
        #expect(text.contains("  Astro VPC CIDRs: 10.100.0.0/20, 10.101.0.0/22\n"))
        #expect(
            flattened(text).contains("add these routes to the route tables of VPC vpc-0abc1234def567890 in us-east-1 (")
        )
        #expect(
            text.contains(
                "  Destination = 10.100.0.0/20, Target = pcx-0a1b2c3d4e5f67890\n"
                    + "  Destination = 10.101.0.0/22, Target = pcx-0a1b2c3d4e5f67890\n"
            )
        )
        #expect(flattened(text).contains("the temporary astro-peering-role CloudFormation stack is no longer needed"))
        #expect(!text.contains("inter-region"))
        #expect(!text.contains("data transfer"))
    }

    @Test func peeringReadyAcrossRegionsAddsTheCaveats() throws {
        let context = Contexts.peeringReady(customerRegion: "eu-west-1", clusterRegion: "us-east-1")
        let text = try renderer.render(.peeringReady, context: context)
        try expectFixture(text, "peering-ready-inter-region.txt")
        #expect(
            flattened(text).contains(
                "Your VPC is in eu-west-1 and the Astro cluster in us-east-1, so this is an inter-region"
            )
        )
        #expect(flattened(text).contains("* AWS charges inter-region data transfer"))
        #expect(
            flattened(text).contains("* Security groups cannot reference the peer VPC's security groups across regions")
        )
        #expect(flattened(text).contains("use CIDR-based rules with the Astro VPC CIDRs instead."))
        #expect(flattened(text).contains("route tables of VPC vpc-0abc1234def567890 in eu-west-1 ("))
    }

    @Test func peeringReadyWithOneAstroCIDR() throws {
        var context = Contexts.peeringReady()
        context.astroCIDRs = ["10.100.0.0/20"]
        let text = try renderer.render(.peeringReady, context: context)
        #expect(text.contains("  Astro VPC CIDR: 10.100.0.0/20\n"))
        #expect(text.contains("  Destination = 10.100.0.0/20, Target = pcx-0a1b2c3d4e5f67890\n\n"))
        #expect(flattened(text).contains("please add this route to the route tables of VPC"))
        #expect(flattened(text).contains("the Astro VPC CIDR above."))
    }

    @Test(arguments: [
        ("no peering ID", ReplyError.Code.missingValue),
        ("blank peering ID", .missingValue),
        ("bad peering ID", .invalidValue),
        ("no Astro CIDR", .missingValue),
        ("bad Astro CIDR", .invalidValue),
        ("no VPC ID", .missingValue),
        ("no region", .missingValue),
        ("flagged inter-region, cluster region unknown", .missingValue),
    ])
    func peeringReadyNeverHasABlank(change: String, code: ReplyError.Code) {
        var context = Contexts.peeringReady()
        switch change {
        case "no peering ID": context.peeringID = nil
        case "blank peering ID": context.peeringID = "  "
        case "bad peering ID": context.peeringID = "pcx-12\r\nBcc: x@example.com"
        case "no Astro CIDR": context.astroCIDRs = []
        case "bad Astro CIDR": context.astroCIDRs = ["10.100.0.0/20", "10.300.0.0/16"]
        case "no VPC ID": context.fields[.vpcID] = nil
        case "no region":
            context.customerRegion = nil
            context.fields[.awsRegion] = nil
        default:
            context.clusterRegion = nil
            context.findings = [Finding(.regionDiffersFromCluster, message: "differs")]
        }
        let error = replyError { () throws(ReplyError) in try renderer.render(.peeringReady, context: context) }
        #expect(error?.code == code, "\(change)")
        #expect(error?.description.contains("\n") == false)
        if change == "no peering ID" {
            #expect(
                error?.description
                    == "PD-12 has no peering ID: peering-ready needs the pcx- ID recorded at peering-requested"
            )
        }
    }

    @Test(arguments: [
        "request-changes.txt", "peering-ready.txt", "peering-ready-inter-region.txt", "not-authorized.txt",
    ])
    func linesAreWrappedAt76Characters(fixture: String) throws {
        let url = packageRoot.appendingPathComponent("Tests/RepliesTests/Fixtures/\(fixture)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        // Only a single word too long for a line (a quoted ARN) may go past 76.
        for line in lines {
            #expect(line.count <= 76 || !line.trimmingCharacters(in: .whitespaces).contains(" "), "\(line)")
        }
    }

    @Test func aLongItemWrapsUnderItsText() {
        let line = "* " + String(repeating: "word ", count: 30) + "end"
        let lines = ReplyRenderer.tidy(line).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 76 })
    }

    // MARK: not-authorized

    @Test func notAuthorizedRevealsNothingAboutTheCluster() throws {
        let context = Contexts.notAuthorized
        let text = try renderer.render(.notAuthorized, context: context)
        try expectFixture(text, "not-authorized.txt")
        #expect(text.hasPrefix("Hello Mallory,\n\nThank you for your message (PD-13).\n"))
        #expect(flattened(text).contains("registered email domains"))
        #expect(flattened(text).contains("ask a member of that organization to send the request"))
        var secrets: [String] = [
            Contexts.clusterID, "prod-analytics", "eu-central-1", Contexts.clusterAccount, "10.100.0.0/20",
            Contexts.peering, "eu-west-1", "10.20.0.0/16", "mallory@evil.example", "peering please",
        ]
        secrets += context.fields.values.flatMap { $0 }
        for secret in secrets {
            #expect(!text.contains(secret), "\(secret) appears in the not-authorized reply")
        }
        #expect(!text.contains(".example"))
    }

    @Test func notAuthorizedOverridesCannotNameClusterValues() throws {
        let directory = try templatesDirectory(["not-authorized.mustache": "Cluster {{cluster_name}}\n"])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        #expect(error?.code == .unresolvedPlaceholder)
        #expect(error?.description.contains("{{cluster_name}}") == true)
    }

    // MARK: Values

    @Test func valuesAreTextNotHTMLAndStayOnOneLine() throws {
        var context = Contexts.notAuthorized
        context.requesterName = "Ana & <Bob> \"O'Neil\"\r\n-- \nBcc: x {{ticket_reference}}\u{202E}\u{0}"
        let text = try renderer.render(.notAuthorized, context: context)
        #expect(text.hasPrefix("Hello Ana & <Bob> \"O'Neil\" -- Bcc: x {{ticket_reference}},\n\n"))
        #expect(!text.contains("&amp;") && !text.contains("&lt;") && !text.contains("&quot;"))
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{202E}" })
    }

    @Test func aMissingOrBlankNameGreetsWithoutIt() throws {
        for name in [nil, " \r\n "] as [String?] {
            var context = Contexts.notAuthorized
            context.requesterName = name
            #expect(try renderer.render(.notAuthorized, context: context).hasPrefix("Hello,\n\n"))
        }
    }

    @Test func aLongValueIsShortened() throws {
        var context = Contexts.notAuthorized
        context.requesterName = String(repeating: "A", count: 5000)
        let text = try renderer.render(.notAuthorized, context: context)
        #expect(flattened(text).hasPrefix("Hello " + String(repeating: "A", count: 99) + "…, Thank you"))
    }

    @Test(arguments: ["", "PD 12", "PD-12\r\nBcc: x", String(repeating: "P", count: 40)])
    func theTicketReferenceIsChecked(reference: String) {
        var context = Contexts.notAuthorized
        context.ticketReference = reference
        let error = replyError { () throws(ReplyError) in try renderer.render(.notAuthorized, context: context) }
        #expect(error?.code == .invalidValue)
    }
}
