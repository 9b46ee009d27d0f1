import Foundation
import Mustache
import PeeringModel
import Runbook

/// The values each reply kind gives its template, and the schema they follow.
///
/// Every value is text made safe for a plain-text mail: one line, no control characters, no
/// invisible bidirectional marks, bounded length (`HeaderText.singleLine`). Nothing is
/// HTML-escaped: the templates render as text. A value the context lacks is an `Absent`, which a
/// section treats as false and which fails the draft when a template prints it.
enum ReplyValues {
    // MARK: Schemas

    private static let common: [String: TemplateSchema.Slot] = [
        "ticket_reference": .text,
        "requester_name": .optionalText,
    ]

    private static let findingItem = TemplateSchema(slots: [
        "code": .text,
        "explanation": .text,
        "details": .textList,
    ])

    static func schema(for kind: ReplyKind) -> TemplateSchema {
        switch kind {
        case .requestChanges:
            return TemplateSchema(
                slots: common.merging(
                    [
                        "has_errors": .flag,
                        "errors": .list(findingItem),
                        "has_warnings": .flag,
                        "warnings": .list(findingItem),
                        "peer_owner_ids": .optionalText,
                        "role_stack_link": .optionalText,
                        "has_blockers": .flag,
                        "has_customer_items": .flag,
                        "blockers": .list(findingItem),
                        "has_received": .flag,
                        "received": .list(TemplateSchema(slots: ["label": .text, "value": .text])),
                    ],
                    uniquingKeysWith: { first, _ in first }
                )
            )
        case .peeringReady:
            return TemplateSchema(
                slots: common.merging(
                    [
                        "peering_id": .text,
                        "astro_cidrs": .textList,
                        "astro_cidr_list": .text,
                        "several_astro_cidrs": .flag,
                        "routes": .list(TemplateSchema(slots: ["destination": .text, "target": .text])),
                        "vpc_id": .text,
                        "customer_region": .text,
                        "customer_region_name": .optionalText,
                        "customer_cidr_list": .optionalText,
                        "cluster_region": .optionalText,
                        "cluster_name": .optionalText,
                        "is_inter_region": .flag,
                    ],
                    uniquingKeysWith: { first, _ in first }
                )
            )
        case .notAuthorized:
            // Deliberately nothing about the cluster or the request: an outsider learns nothing.
            return TemplateSchema(slots: common)
        }
    }

    // MARK: Values

    /// Longest single-line values, in characters.
    static let nameLimit = 100
    static let valueLimit = 200
    static let messageLimit = 500

    static func make(
        _ kind: ReplyKind,
        _ context: ReplyContext,
        log: RenderLog
    ) throws(ReplyError) -> [String: Any] {
        guard MailSyntax.isTicketReference(context.ticketReference) else {
            throw ReplyError.invalid(
                "The ticket reference",
                context.ticketReference,
                "is not a ticket reference (like PD-12: letters, digits, -, _ or .)"
            )
        }
        var values: [String: Any] = ["ticket_reference": context.ticketReference]
        values["requester_name"] = text(context.requesterName, limit: nameLimit)
        switch kind {
        case .requestChanges: try requestChanges(context, into: &values)
        case .peeringReady: try peeringReady(context, into: &values)
        case .notAuthorized: break
        }
        // Every name of the schema has a value; the ones the context lacks are `Absent`.
        for name in schema(for: kind).names where values[name] == nil {
            values[name] = Absent(name: name, log: log)
        }
        return values
    }

    private static func requestChanges(
        _ context: ReplyContext,
        into values: inout [String: Any]
    ) throws(ReplyError) {
        let reference = context.ticketReference
        if context.isRequesterNotAuthorized {
            throw ReplyError(
                .notApplicable,
                "\(reference) has the finding requester-not-authorized: it gets the not-authorized reply, "
                    + "never request-changes"
            )
        }
        let listed = context.findings.filter { $0.severity != .info && !$0.code.isForStaffOnly }
        guard !listed.isEmpty else {
            throw ReplyError(
                .notApplicable,
                "\(reference) has no error or warning finding: there is nothing to ask the customer to change"
            )
        }
        let blockers = items(listed.filter { $0.code.isOursToResolve })
        let errors = items(listed.filter { $0.severity == .error && !$0.code.isOursToResolve })
        let warnings = items(listed.filter { $0.severity == .warning && !$0.code.isOursToResolve })
        values["has_blockers"] = !blockers.isEmpty
        values["has_customer_items"] = !errors.isEmpty || !warnings.isEmpty
        values["blockers"] = blockers
        values["has_errors"] = !errors.isEmpty
        values["errors"] = errors
        values["has_warnings"] = !warnings.isEmpty
        values["warnings"] = warnings
        let ownerIDs = context.clusterAccountID.flatMap { try? AccountID(parsing: $0) }
        if let ownerIDs, listed.contains(where: { $0.code.involvesRoleStack }) {
            values["peer_owner_ids"] = ownerIDs.rawValue
            if listed.contains(where: { $0.code == .missingPeerRoleARN }), let link = roleStackLink(context, ownerIDs) {
                values["role_stack_link"] = link
            }
        }
        var received: [[String: Any]] = []
        for field in RequestField.allCases {
            let shown = (context.fields[field] ?? []).compactMap { text($0, limit: valueLimit) }
            guard !shown.isEmpty else { continue }
            received.append(["label": label(field, count: shown.count), "value": shown.joined(separator: ", ")])
        }
        values["has_received"] = !received.isEmpty
        values["received"] = received
    }

    /// The quick-create link of the role stack with Peer Owner IDs filled in, when the stack's
    /// template URL is known (`ReplyContext.roleTemplateURL`, from $PEERDESK_ROLE_TEMPLATE_URL).
    private static func roleStackLink(_ context: ReplyContext, _ owner: AccountID) -> String? {
        guard let template = context.roleTemplateURL, template.hasPrefix("https://"),
            let encoded = template.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))
            )
        else { return nil }
        let region = context.customerRegion.flatMap { try? Region(parsing: $0).code } ?? "us-east-1"
        return "https://console.aws.amazon.com/cloudformation/home?region=\(region)#/stacks/quickcreate"
            + "?templateURL=\(encoded)&stackName=astro-peering-role&param_PeerOwnerIds=\(owner.rawValue)"
    }

    /// One item per finding code, in the order the codes first appear, with each distinct message.
    private static func items(_ findings: [Finding]) -> [[String: Any]] {
        var order: [FindingCode] = []
        var details: [FindingCode: [String]] = [:]
        for finding in findings {
            if details[finding.code] == nil {
                order.append(finding.code)
                details[finding.code] = []
            }
            if finding.code.showsFindingMessage, let message = text(finding.messageForCustomer, limit: messageLimit),
                details[finding.code]?.contains(message) == false
            {
                details[finding.code, default: []].append(message)
            }
        }
        return order.map { code in
            ["code": code.rawValue, "explanation": code.customerExplanation, "details": details[code] ?? []]
        }
    }

    private static func peeringReady(
        _ context: ReplyContext,
        into values: inout [String: Any]
    ) throws(ReplyError) {
        let reference = context.ticketReference
        guard let peeringText = context.peeringID, !peeringText.trimmingSpaces().isEmpty else {
            throw ReplyError(
                .missingValue,
                "\(reference) has no peering ID: peering-ready needs the pcx- ID recorded at peering-requested"
            )
        }
        let peering: PeeringID
        do {
            peering = try PeeringID(parsing: peeringText)
        } catch {
            throw ReplyError.invalid("The peering ID", peeringText, "is not a VPC peering ID: \(error.message)")
        }
        guard !context.astroCIDRs.isEmpty else {
            throw ReplyError(
                .missingValue,
                "\(reference) has no Astro VPC CIDR: peering-ready needs the cluster's VPC CIDRs from the registry"
            )
        }
        var astro: [String] = []
        for text in context.astroCIDRs {
            do {
                let cidr = try IPv4CIDR(parsing: text).description
                if !astro.contains(cidr) { astro.append(cidr) }
            } catch {
                throw ReplyError.invalid("The Astro VPC CIDR", text, "is not an IPv4 CIDR block: \(error.message)")
            }
        }
        guard let vpcText = context.fields[.vpcID]?.first else {
            throw ReplyError(.missingValue, "\(reference) has no VPC ID: peering-ready names the customer's VPC")
        }
        let vpc: VPCID
        do {
            vpc = try VPCID(parsing: vpcText)
        } catch {
            throw ReplyError.invalid("The VPC ID", vpcText, "is not a VPC ID: \(error.message)")
        }
        guard let regionText = context.customerRegion ?? context.fields[.awsRegion]?.first else {
            throw ReplyError(
                .missingValue,
                "\(reference) has no customer region: peering-ready names the region of the customer's VPC"
            )
        }
        let region: Region
        do {
            region = try Region(parsing: regionText)
        } catch {
            throw ReplyError.invalid("The customer region", regionText, "is not an AWS region: \(error.message)")
        }
        let clusterRegion = context.clusterRegion.flatMap { try? Region(parsing: $0) }
        let differs = clusterRegion.map { $0.code != region.code } ?? false
        let flagged = context.findings.contains { $0.code == .regionDiffersFromCluster }
        if flagged, clusterRegion == nil {
            throw ReplyError(
                .missingValue,
                "\(reference) is an inter-region peering (region-differs-from-cluster) but the cluster region is "
                    + (context.clusterRegion.map { "not an AWS region: " + ReplyError.shown($0) } ?? "unknown")
            )
        }
        let customerCIDRs = context.customerCIDRs.isEmpty ? context.fields[.vpcCIDRs] ?? [] : context.customerCIDRs
        let shownCIDRs = customerCIDRs.compactMap { text($0, limit: valueLimit) }

        values["peering_id"] = peering.rawValue
        values["astro_cidrs"] = astro
        values["astro_cidr_list"] = astro.joined(separator: ", ")
        values["several_astro_cidrs"] = astro.count > 1
        values["routes"] = astro.map { ["destination": $0, "target": peering.rawValue] as [String: Any] }
        values["vpc_id"] = vpc.rawValue
        values["customer_region"] = region.code
        values["customer_region_name"] = text(region.name, limit: valueLimit)
        if !shownCIDRs.isEmpty { values["customer_cidr_list"] = shownCIDRs.joined(separator: ", ") }
        values["cluster_region"] = clusterRegion?.code
        values["cluster_name"] = text(context.clusterName, limit: valueLimit)
        values["is_inter_region"] = differs || flagged
    }

    /// The value as one safe line, or nil when nothing is left of it.
    static func text(_ value: String?, limit: Int) -> String? {
        guard let value else { return nil }
        let clean = HeaderText.singleLine(value, limit: limit)
        return clean.isEmpty ? nil : clean
    }

    private static func label(_ field: RequestField, count: Int) -> String {
        switch field {
        case .awsAccountID: return "AWS account ID"
        case .awsRegion: return "AWS region"
        case .vpcID: return "VPC ID"
        case .vpcCIDRs: return count > 1 ? "VPC CIDR blocks" : "VPC CIDR block"
        case .peerRoleARN: return "PeerRole ARN"
        case .clusterID: return "Astro cluster ID"
        }
    }
}

/// What a render noticed: names no value answers, and absent values a template tried to print.
final class RenderLog {
    var unresolved: [String] = []
    var printedAbsent: [String] = []
}

/// A value the context does not have: false in a section, an error when printed.
struct Absent: MustacheCustomRenderable {
    let name: String
    let log: RenderLog

    var renderText: String {
        log.printedAbsent.append(name)
        return ""
    }

    var isNull: Bool { true }
}

/// The bottom of the Mustache context stack: a lookup that reaches it unanswered is a name the
/// reply does not provide.
struct RenderRoot: MustacheParent {
    let values: [String: Any]
    let log: RenderLog

    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        log.unresolved.append(name)
        return nil
    }
}
