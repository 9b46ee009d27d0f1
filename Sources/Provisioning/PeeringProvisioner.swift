import Foundation
import PeeringModel
public import Runbook

/// Executes a ticket's peering in AWS (DESIGN.md, "Executing the peering in AWS"): `plan` reads,
/// `apply` creates or reuses the peering, accepts it with the customer's PeerRole, creates the
/// routes and records the steps, `verify` reads again. `apply` is idempotent: run again after a
/// crash or a failure, it finds what exists and does the rest.
public struct PeeringProvisioner: Sendable {
    /// How long to wait and how often to retry; tests make them short.
    public struct Settings: Sendable {
        /// How long `apply` waits for the peering to become active.
        public var activeTimeout: Duration = .seconds(120)
        public var pollInterval: Duration = .seconds(3)
        /// Tries of a throttled call, with a pause that doubles from `initialBackoff`.
        public var attempts = 6
        public var initialBackoff: Duration = .milliseconds(500)
        /// The assumed role's session length (15 minutes, the least AWS allows).
        public var roleSessionSeconds = 900
        public var sleep: @Sendable (Duration) async -> Void = { duration in try? await Task.sleep(for: duration) }

        public init() {}
    }

    public var store: TicketStore
    /// The cluster account's AWS, given the profile chosen (`--profile`, else the registry's
    /// `aws_profile`; `nil`: the environment's).
    public var makeCloud: @Sendable (_ profile: String?) -> any PeeringCloud
    public var settings: Settings
    /// Progress for people (stderr): waiting, retrying.
    public var progress: @Sendable (String) -> Void

    public init(
        store: TicketStore,
        settings: Settings = Settings(),
        progress: @escaping @Sendable (String) -> Void = { _ in },
        makeCloud: @escaping @Sendable (_ profile: String?) -> any PeeringCloud
    ) {
        self.store = store
        self.settings = settings
        self.progress = progress
        self.makeCloud = makeCloud
    }

    // MARK: - plan

    /// The actions `apply` would take, found by reading AWS; nothing is changed.
    public func plan(ticket id: Int64, profile: String? = nil) async throws(ProvisioningError) -> PeeringPlan {
        let target = try loadTarget(id)
        return try await makePlan(target, cloud: cloud(for: target, profile: profile))
    }

    // MARK: - apply

    /// Creates or reuses the peering, accepts it, creates the routes and records
    /// `peering-requested` and `routes-created` by `actor`. `confirm` sees the plan first (only
    /// when something would change) and may refuse. `report` hears of each action as it is done.
    ///
    /// With `version`, the ticket must still be at that version (the one its plan was shown
    /// with): `changedSince` otherwise, before AWS is read.
    public func apply(
        ticket id: Int64,
        actor: String,
        profile: String? = nil,
        version: Int64? = nil,
        confirm: @Sendable (PeeringPlan) async -> Bool,
        report: @Sendable (ActionResult) -> Void = { _ in }
    ) async throws(ProvisioningError) -> [ActionResult] {
        let target = try loadTarget(id, version: version)
        let cloud = cloud(for: target, profile: profile)
        let plan = try await makePlan(target, cloud: cloud)
        var results: [ActionResult] = []
        func done(
            _ command: String,
            _ account: String,
            _ region: String,
            _ result: ActionResult.Outcome,
            _ detail: String
        ) {
            let action = ActionResult(
                ticket: target.reference,
                command: command,
                account: account,
                region: region,
                result: result,
                detail: detail
            )
            results.append(action)
            report(action)
        }
        let clusterAccount = target.clusterAccount.rawValue
        let customerAccount = target.customerAccount.rawValue
        done("sts get-caller-identity", clusterAccount, target.clusterRegion, .checked, "the cluster's account")
        done(
            "ec2 describe-vpcs",
            clusterAccount,
            target.clusterRegion,
            .checked,
            "\(target.clusterVPC) has \(target.cluster.vpcCIDRs.map(\.description).joined(separator: ", "))"
        )
        if let conflict = plan.conflict {
            throw conflictError(target, conflict)
        }
        if plan.hasChanges {
            guard await confirm(plan) else {
                throw .notConfirmed(reason: "\(target.reference): not confirmed; nothing was changed")
            }
        }

        // The peering: the ticket's own, found by tag or by the two VPCs, else a new one.
        var peering: PeeringConnection
        if let existing = plan.existingPeering {
            peering = existing
            done(
                "ec2 create-vpc-peering-connection",
                clusterAccount,
                target.clusterRegion,
                .reused,
                "\(existing.id) (\(existing.status))"
            )
            if existing.tags[PeeringTarget.tagKey] != target.reference {
                try await call(target) { () async throws(AWSError) in
                    try await cloud.createTags(
                        resource: existing.id,
                        tags: [PeeringTarget.tagKey: target.reference],
                        region: target.clusterRegion
                    )
                }
                done(
                    "ec2 create-tags",
                    clusterAccount,
                    target.clusterRegion,
                    .tagged,
                    "\(PeeringTarget.tagKey)=\(target.reference)"
                )
            }
        } else {
            peering = try await call(target) { () async throws(AWSError) in
                try await cloud.createPeering(
                    PeeringCreation(
                        vpc: target.clusterVPC,
                        peerVPC: target.customerVPC,
                        peerOwner: target.customerAccount,
                        peerRegion: target.customerRegion,
                        tags: [PeeringTarget.tagKey: target.reference]
                    ),
                    region: target.clusterRegion
                )
            }
            done("ec2 create-vpc-peering-connection", clusterAccount, target.clusterRegion, .created, peering.id)
        }
        let peeringID = try parsePeeringID(target, peering.id)

        // Accepted with the customer's PeerRole, in the customer's region, unless already active.
        peering = try await waitWhile(["initiating-request", "provisioning"], peering, target, cloud)
        if peering.status == "pending-acceptance" {
            let credentials: TemporaryCredentials
            do {
                credentials = try await retrying { () async throws(AWSError) in
                    try await cloud.assumeRole(
                        target.role,
                        sessionName: target.sessionName,
                        durationSeconds: settings.roleSessionSeconds,
                        region: target.customerRegion
                    )
                }
            } catch {
                throw .roleNotAssumable(
                    ticket: target.reference,
                    role: target.role.description,
                    clusterAccount: clusterAccount,
                    error
                )
            }
            done("sts assume-role", customerAccount, target.customerRegion, .assumed, target.sessionName)
            do {
                peering = try await retrying { () async throws(AWSError) in
                    try await cloud.acceptPeering(peeringID, region: target.customerRegion, credentials: credentials)
                }
            } catch  where error.code == "InvalidStateTransition" {
                // Accepted meanwhile (by another run, or by the customer): read it again.
                peering = try await describe(peeringID, target, cloud)
            } catch {
                throw .aws(
                    ticket: target.reference,
                    error,
                    advice: "the customer's PeerRole must allow ec2:AcceptVpcPeeringConnection in "
                        + "\(target.customerRegion); run apply again after fixing it"
                )
            }
            done("ec2 accept-vpc-peering-connection", customerAccount, target.customerRegion, .accepted, peering.id)
        }
        peering = try await waitWhile(
            ["initiating-request", "provisioning", "pending-acceptance"],
            peering,
            target,
            cloud
        )
        guard peering.status == "active" else {
            throw .peeringFailed(
                ticket: target.reference,
                peering: peering.id,
                status: peering.status,
                message: peering.statusMessage
            )
        }
        done("ec2 describe-vpc-peering-connections", clusterAccount, target.clusterRegion, .active, peering.id)

        // The routes: every route table of the cluster's VPC, each customer CIDR, to the peering.
        let tables = try await call(target) { () async throws(AWSError) in
            try await cloud.describeRouteTables(vpc: target.clusterVPC, region: target.clusterRegion)
        }
        for table in tables {
            for cidr in target.customerCIDRs {
                let arguments = "\(table.id) \(cidr) → \(peering.id)"
                if let route = table.routes.first(where: { $0.destination == cidr.description }) {
                    if route.peeringID == peering.id {
                        done("ec2 create-route", clusterAccount, target.clusterRegion, .exists, arguments)
                        continue
                    }
                    throw ProvisioningError.routeConflict(
                        ticket: target.reference,
                        table: table.id,
                        destination: cidr.description,
                        target: route.peeringID ?? route.otherTarget ?? "another target"
                    )
                }
                do {
                    try await retrying { () async throws(AWSError) in
                        try await cloud.createRoute(
                            table: table.id,
                            destination: cidr,
                            peering: peeringID,
                            region: target.clusterRegion
                        )
                    }
                } catch  where error.code == "RouteLimitExceeded" {
                    throw .routeTableFull(ticket: target.reference, table: table.id, error)
                } catch  where error.code == "RouteAlreadyExists" {
                    // Created meanwhile by another run: the next apply or verify checks its target.
                    done("ec2 create-route", clusterAccount, target.clusterRegion, .exists, arguments)
                    continue
                } catch {
                    throw .aws(
                        ticket: target.reference,
                        error,
                        advice: "the cluster account needs ec2:CreateRoute on \(table.id); run apply again"
                    )
                }
                done("ec2 create-route", clusterAccount, target.clusterRegion, .created, arguments)
            }
        }

        // The steps, through the runbook's own step function (its guards decide once more).
        let tableList = tables.map(\.id).joined(separator: ", ")
        do {
            switch target.phase {
            case .request:
                try store.step(
                    .peeringRequested,
                    ticket: id,
                    peeringID: peering.id,
                    actor: actor,
                    note: "peerdesk peering apply: \(peering.id) accepted by \(target.sessionName)"
                )
                done("peerdesk step peering-requested", "-", "-", .recorded, peering.id)
                fallthrough
            case .route:
                try store.step(
                    .routesCreated,
                    ticket: id,
                    actor: actor,
                    note: "peerdesk peering apply: route tables \(tableList): "
                        + "\(target.customerCIDRs.map(\.description).joined(separator: ", ")) → \(peering.id)"
                )
                done("peerdesk step routes-created", "-", "-", .recorded, tableList)
            case .done:
                done("peerdesk step routes-created", "-", "-", .alreadyRecorded, tableList)
            }
        } catch {
            throw .runbook(error)
        }
        return results
    }

    // MARK: - verify

    /// Reads AWS: the peering is active between the right VPCs, every route exists, and the
    /// customer's CIDRs are within the accepter VPC's CIDR blocks as AWS reports them.
    public func verify(ticket id: Int64, profile: String? = nil) async throws(ProvisioningError) -> VerifyReport {
        let target = try loadTarget(id)
        let cloud = cloud(for: target, profile: profile)
        try await checkIdentity(target, cloud)
        var checks: [VerifyCheck] = []
        func check(_ name: String, _ subject: String, _ ok: Bool, _ detail: String) {
            checks.append(VerifyCheck(ticket: target.reference, check: name, subject: subject, ok: ok, detail: detail))
        }
        guard let peering = try await findPeering(target, cloud) else {
            check("peering", "\(target.clusterVPC) ↔ \(target.customerVPC)", false, "no peering found; run apply")
            return VerifyReport(checks: checks)
        }
        if let recorded = target.phase.recordedPeering, recorded.rawValue != peering.id {
            check("peering", peering.id, false, "the ticket records \(recorded), AWS has \(peering.id)")
        }
        check(
            "peering",
            peering.id,
            peering.status == "active",
            peering.status == "active" ? "active" : "\(peering.status)\(peering.statusMessage.map { ": \($0)" } ?? "")"
        )
        let accepter = peering.accepter
        let sameVPC = accepter.vpcID == target.customerVPC.rawValue
        let sameOwner = accepter.ownerID.isEmpty || accepter.ownerID == target.customerAccount.rawValue
        let sameRegion = accepter.region.isEmpty || accepter.region == target.customerRegion
        check(
            "accepter",
            accepter.vpcID,
            sameVPC && sameOwner && sameRegion,
            sameVPC && sameOwner && sameRegion
                ? "\(accepter.vpcID) of \(target.customerAccount) in \(target.customerRegion)"
                : "AWS: \(accepter.vpcID) of \(accepter.ownerID) in \(accepter.region); the ticket: "
                    + "\(target.customerVPC) of \(target.customerAccount) in \(target.customerRegion)"
        )
        let blocks = accepter.cidrs.map(\.description).joined(separator: ", ")
        for cidr in target.customerCIDRs {
            let inside = accepter.cidrs.contains { $0.contains(cidr) }
            check(
                "cidr",
                cidr.description,
                inside,
                inside
                    ? "within the accepter VPC (\(blocks))"
                    : "not within the accepter VPC's CIDR blocks (\(blocks.isEmpty ? "none reported" : blocks)): "
                        + "the customer may have typed the wrong CIDR; ask them, then correct it with peerdesk set"
            )
        }
        let tables = try await call(target) { () async throws(AWSError) in
            try await cloud.describeRouteTables(vpc: target.clusterVPC, region: target.clusterRegion)
        }
        if tables.isEmpty { check("route", target.clusterVPC.rawValue, false, "AWS reports no route tables") }
        for table in tables {
            for cidr in target.customerCIDRs {
                let route = table.routes.first { $0.destination == cidr.description }
                let ok = route?.peeringID == peering.id && route?.state != "blackhole"
                let detail: String
                if let route {
                    let to = route.peeringID ?? route.otherTarget ?? "another target"
                    detail = ok ? "→ \(peering.id)" : "→ \(to) (\(route.state ?? "unknown state")), not \(peering.id)"
                } else {
                    detail = "missing; run apply"
                }
                check("route", "\(table.id) \(cidr)", ok, detail)
            }
        }
        return VerifyReport(checks: checks)
    }

    // MARK: - The plan

    func makePlan(_ target: PeeringTarget, cloud: any PeeringCloud) async throws(ProvisioningError) -> PeeringPlan {
        try await checkIdentity(target, cloud)
        let clusterAccount = target.clusterAccount.rawValue
        let customerAccount = target.customerAccount.rawValue
        var actions = [
            PeeringAction(
                command: "sts get-caller-identity",
                arguments: [],
                account: clusterAccount,
                region: target.clusterRegion,
                state: .check,
                detail: "the credentials are the cluster's account"
            ),
            PeeringAction(
                command: "ec2 describe-vpcs",
                arguments: ["--vpc-ids", target.clusterVPC.rawValue],
                account: clusterAccount,
                region: target.clusterRegion,
                state: .check,
                detail:
                    "AWS agrees with the registry: \(target.cluster.vpcCIDRs.map(\.description).joined(separator: ", "))"
            ),
        ]
        let existing = try await findPeering(target, cloud)
        if let existing, let other = existing.tags[PeeringTarget.tagKey], other != target.reference {
            throw .peeringOfAnotherTicket(ticket: target.reference, peering: existing.id, other: other)
        }
        let pcx = existing?.id ?? "<new peering>"
        actions.append(
            PeeringAction(
                command: "ec2 create-vpc-peering-connection",
                arguments: [
                    "--vpc-id", target.clusterVPC.rawValue, "--peer-vpc-id", target.customerVPC.rawValue,
                    "--peer-owner-id", customerAccount, "--peer-region", target.customerRegion, "--tag-specifications",
                    "ResourceType=vpc-peering-connection,Tags=[{Key=\(PeeringTarget.tagKey),Value=\(target.reference)}]",
                ],
                account: clusterAccount,
                region: target.clusterRegion,
                state: existing == nil ? .toDo : .exists,
                detail: existing.map { "\($0.id) (\($0.status))" }
            )
        )
        let isActive = existing?.status == "active"
        actions.append(
            PeeringAction(
                command: "sts assume-role",
                arguments: [
                    "--role-arn", target.role.description, "--role-session-name", target.sessionName,
                    "--duration-seconds", String(settings.roleSessionSeconds),
                ],
                account: customerAccount,
                region: target.customerRegion,
                state: isActive ? .notNeeded : .toDo
            )
        )
        actions.append(
            PeeringAction(
                command: "ec2 accept-vpc-peering-connection",
                arguments: ["--vpc-peering-connection-id", pcx],
                account: customerAccount,
                region: target.customerRegion,
                state: isActive ? .exists : .toDo,
                detail: isActive ? "active" : "as the PeerRole"
            )
        )
        let tables = try await call(target) { () async throws(AWSError) in
            try await cloud.describeRouteTables(vpc: target.clusterVPC, region: target.clusterRegion)
        }
        for table in tables {
            for cidr in target.customerCIDRs {
                let route = table.routes.first { $0.destination == cidr.description }
                let state: PeeringAction.State
                var detail: String?
                if let route {
                    if let existing, route.peeringID == existing.id {
                        state = .exists
                    } else {
                        state = .conflict
                        detail =
                            "\(table.id) already sends \(cidr) to \(route.peeringID ?? route.otherTarget ?? "another target")"
                    }
                } else {
                    state = .toDo
                }
                actions.append(
                    PeeringAction(
                        command: "ec2 create-route",
                        arguments: [
                            "--route-table-id", table.id, "--destination-cidr-block", cidr.description,
                            "--vpc-peering-connection-id", pcx,
                        ],
                        account: clusterAccount,
                        region: target.clusterRegion,
                        state: state,
                        detail: detail
                    )
                )
            }
        }
        let steps: [(RunbookStep, Bool)] = [
            (.peeringRequested, target.phase != .request),
            (.routesCreated, { if case .done = target.phase { true } else { false } }()),
        ]
        for (step, isDone) in steps {
            actions.append(
                PeeringAction(
                    command: "peerdesk step \(step.rawValue)",
                    arguments: step == .peeringRequested ? ["--peering-id", pcx] : [],
                    account: "-",
                    region: "-",
                    state: isDone ? .exists : .toDo
                )
            )
        }
        return PeeringPlan(target: target, actions: actions, existingPeering: existing, routeTables: tables)
    }

    // MARK: - Helpers

    private func loadTarget(_ id: Int64, version: Int64? = nil) throws(ProvisioningError) -> PeeringTarget {
        let ticket: Ticket
        do {
            ticket = try store.ticket(id)
        } catch {
            throw .runbook(error)
        }
        if let version, ticket.version != version {
            throw .runbook(.changedSince(ticket: id, latest: ticket.events.max { $0.id < $1.id }))
        }
        return try PeeringTarget.load(ticket: ticket, store: store)
    }

    private func cloud(for target: PeeringTarget, profile: String?) -> any PeeringCloud {
        makeCloud(profile ?? target.cluster.awsProfile)
    }

    /// The credentials are the cluster's account, and AWS agrees with the registry about its VPC.
    private func checkIdentity(_ target: PeeringTarget, _ cloud: any PeeringCloud) async throws(ProvisioningError) {
        let identity = try await call(target, advice: "check the AWS credentials (aws sts get-caller-identity)") {
            () async throws(AWSError) in try await cloud.callerIdentity(region: target.clusterRegion)
        }
        guard identity.account == target.clusterAccount.rawValue else {
            throw .wrongAccount(
                ticket: target.reference,
                expected: target.clusterAccount.rawValue,
                actual: identity.account,
                arn: identity.arn
            )
        }
        let vpc = try await call(target) { () async throws(AWSError) in
            try await cloud.describeVPC(target.clusterVPC, region: target.clusterRegion)
        }
        guard let vpc else {
            throw .registryMismatch(
                ticket: target.reference,
                reason: "the cluster's VPC \(target.clusterVPC) does not exist in account \(target.clusterAccount), "
                    + "region \(target.clusterRegion)"
            )
        }
        let registry = Set(target.cluster.vpcCIDRs)
        let aws = Set(vpc.cidrs)
        guard registry == aws else {
            let show = { (cidrs: Set<IPv4CIDR>) in cidrs.sorted().map(\.description).joined(separator: ", ") }
            throw .registryMismatch(
                ticket: target.reference,
                reason: "the VPC \(target.clusterVPC) has \(show(aws)) in AWS, the registry says \(show(registry))"
            )
        }
    }

    /// The ticket's peering: the one recorded, else a live one tagged for the ticket, else a live
    /// one between the two VPCs.
    private func findPeering(
        _ target: PeeringTarget,
        _ cloud: any PeeringCloud
    ) async throws(ProvisioningError) -> PeeringConnection? {
        if let recorded = target.phase.recordedPeering {
            let found = try await call(target) { () async throws(AWSError) in
                try await cloud.describePeerings(
                    requesterVPC: target.clusterVPC,
                    id: recorded,
                    region: target.clusterRegion
                )
            }
            return found.first
        }
        let all = try await call(target) { () async throws(AWSError) in
            try await cloud.describePeerings(requesterVPC: target.clusterVPC, id: nil, region: target.clusterRegion)
        }
        let live = all.filter(\.isLive)
        if let tagged = live.first(where: { $0.tags[PeeringTarget.tagKey] == target.reference }) { return tagged }
        return live.first { $0.accepter.vpcID == target.customerVPC.rawValue }
    }

    private func describe(
        _ id: PeeringID,
        _ target: PeeringTarget,
        _ cloud: any PeeringCloud
    ) async throws(ProvisioningError) -> PeeringConnection {
        let found = try await call(target) { () async throws(AWSError) in
            try await cloud.describePeerings(requesterVPC: target.clusterVPC, id: id, region: target.clusterRegion)
        }
        guard let peering = found.first else {
            throw .aws(
                ticket: target.reference,
                AWSError(operation: "DescribeVpcPeeringConnections", code: nil, message: "\(id) is gone"),
                advice: "run apply again"
            )
        }
        return peering
    }

    /// Polls while the peering's status is one of `statuses`, up to the timeout, with progress.
    private func waitWhile(
        _ statuses: Set<String>,
        _ start: PeeringConnection,
        _ target: PeeringTarget,
        _ cloud: any PeeringCloud
    ) async throws(ProvisioningError) -> PeeringConnection {
        var peering = start
        let id = try parsePeeringID(target, peering.id)
        var waited: Duration = .zero
        // A status just returned by a create or an accept is often already stale: read once first.
        if statuses.contains(peering.status) { peering = try await describe(id, target, cloud) }
        while statuses.contains(peering.status) {
            if waited >= settings.activeTimeout {
                throw .peeringTimeout(
                    ticket: target.reference,
                    peering: peering.id,
                    status: peering.status,
                    seconds: Int(settings.activeTimeout.components.seconds)
                )
            }
            progress(
                "\(target.reference): \(peering.id) is \(peering.status); waiting "
                    + "(\(waited.components.seconds) s of \(settings.activeTimeout.components.seconds) s)"
            )
            await settings.sleep(settings.pollInterval)
            waited += settings.pollInterval
            peering = try await describe(id, target, cloud)
        }
        if ["failed", "rejected", "deleted", "expired"].contains(peering.status) {
            throw .peeringFailed(
                ticket: target.reference,
                peering: peering.id,
                status: peering.status,
                message: peering.statusMessage
            )
        }
        return peering
    }

    private func parsePeeringID(_ target: PeeringTarget, _ text: String) throws(ProvisioningError) -> PeeringID {
        do {
            return try PeeringID(parsing: text)
        } catch {
            throw .aws(
                ticket: target.reference,
                AWSError(
                    operation: "CreateVpcPeeringConnection",
                    code: nil,
                    message: "no valid peering ID: \(error.message)"
                ),
                advice: "run apply again"
            )
        }
    }

    private func conflictError(_ target: PeeringTarget, _ action: PeeringAction) -> ProvisioningError {
        let table = action.arguments.dropFirst().first ?? "?"
        let destination = action.arguments.dropFirst(3).first ?? "?"
        let to = action.detail?.components(separatedBy: " to ").last ?? "another target"
        return .routeConflict(ticket: target.reference, table: table, destination: destination, target: to)
    }

    /// A call, retried when throttled, its failure in AWS's words.
    private func call<T: Sendable>(
        _ target: PeeringTarget,
        advice: String = "",
        _ body: () async throws(AWSError) -> T
    ) async throws(ProvisioningError) -> T {
        do {
            return try await retrying(body)
        } catch {
            throw .aws(ticket: target.reference, error, advice: advice)
        }
    }

    /// Retries a throttled call with a pause that doubles, `settings.attempts` tries in all.
    private func retrying<T: Sendable>(_ body: () async throws(AWSError) -> T) async throws(AWSError) -> T {
        var pause = settings.initialBackoff
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch  where error.isThrottling && attempt < settings.attempts {
                progress("AWS throttled \(error.operation) (\(error.code ?? "")); retrying in \(pause)")
                await settings.sleep(pause)
                pause *= 2
                attempt += 1
            }
        }
    }
}
