import DeskTestSupport
import Foundation
import PeeringModel
import Provisioning
import Registry
import Runbook
import Testing

/// The flow against a real EC2/STS API: a moto server per test, through the AWS CLI.
///
/// Skipped (and reported as skipped by Swift Testing) when `moto_server` or `aws` is not on PATH:
/// `.ci/run` installs both (`pip install 'moto[server]==5.2.1' awscli` in `.build/venv`).
@Suite(
    .serialized,
    .enabled(if: MotoServer.isAvailable, "needs moto_server and the aws CLI on PATH (see .ci/run); skipped")
)
struct MotoIntegrationTests {
    /// The demo's northwind-prod cluster (account 406793422161, us-east-1, 10.10.0.0/20 and
    /// 10.40.0.0/20, two route tables) and a customer VPC in moto; PD-1 asks to peer them.
    struct World {
        let moto: MotoServer
        let cluster: [String: String?]
        let clusterVPC: String
        let customerVPC: String
        let customerRegion: String
        let desk: Desk

        init(customerRegion: String = "us-east-1", customerVPCCIDR: String = "10.50.0.0/16") throws {
            moto = try MotoServer()
            cluster = try moto.clusterEnvironment()
            clusterVPC = try moto.createVPC("10.10.0.0/20", region: "us-east-1", environment: cluster)
            try moto.aws(
                ["ec2", "associate-vpc-cidr-block", "--vpc-id", clusterVPC, "--cidr-block", "10.40.0.0/20"],
                environment: cluster
            )
            try moto.aws(["ec2", "create-route-table", "--vpc-id", clusterVPC], environment: cluster)
            customerVPC = try moto.createVPC(customerVPCCIDR, region: customerRegion)
            self.customerRegion = customerRegion
            desk = try Desk()
            _ = try desk.store.importRegistry([try Self.clusters(vpc: clusterVPC)])
            let body = Details.northwind.replacingOccurrences(of: "vpc-0abc1234def567890", with: customerVPC)
                .replacingOccurrences(of: "Region: us-east-1", with: "Region: \(customerRegion)")
            _ = try desk.ingestOne(mail(messageID: "<p1@northwind.example>", body: body))
        }

        /// The demo's clusters file with northwind-prod's VPC replaced by moto's.
        static func clusters(vpc: String, profile: String? = nil) throws -> RegistryFile {
            let text = try clustersCSV(vpc: vpc, profile: profile)
            return try RegistryFile.parse(csv: Array(text.utf8), name: "clusters.csv")
        }

        static func clustersCSV(vpc: String, profile: String? = nil) throws -> String {
            let url = Desk.registryFolder.appendingPathComponent("clusters.csv")
            var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            lines = lines.map { $0.replacingOccurrences(of: "vpc-0348f92c1409fba12", with: vpc) }
            if let profile {
                lines = lines.enumerated().map { index, line in
                    if index == 0 { return line + ",aws_profile" }
                    return line + (line.hasPrefix("cau29pc7zl4ht2dtcbslfpr1u,") ? ",\(profile)" : ",")
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }

        func provisioner(
            environment: [String: String?]? = nil,
            wrap: @escaping @Sendable (any PeeringCloud) -> any PeeringCloud = { $0 }
        ) -> PeeringProvisioner {
            var settings = PeeringProvisioner.Settings()
            settings.pollInterval = .milliseconds(200)
            settings.activeTimeout = .seconds(20)
            let environment = environment ?? cluster
            return PeeringProvisioner(store: desk.store, settings: settings) { profile in
                wrap(AWSCommandLine(profile: profile, environment: environment))
            }
        }

        func peerings() throws -> [[String: Any]] {
            try moto.peerings(of: clusterVPC, region: "us-east-1", environment: cluster)
        }

        func routes() throws -> [String: [String: String]] {
            try moto.routes(of: clusterVPC, region: "us-east-1", environment: cluster)
        }
    }

    @Test func happyPathAcrossAccountsAndRegions() async throws {
        let world = try World(customerRegion: "us-west-2")
        let results = try await world.provisioner().apply(ticket: 1, actor: "ana", confirm: { _ in true })
        #expect(results.map(\.result).filter { $0 == .created }.count == 3)  // the peering, two routes
        let ticket = try world.desk.store.ticket(1)
        let pcx = try #require(ticket.peeringID)
        #expect(ticket.completedSteps.isSuperset(of: [.peeringRequested, .routesCreated]))
        #expect(ticket.status == .inProgress)
        #expect(ticket.manualSteps[.peeringRequested]?.actor == "ana")
        let peerings = try world.peerings()
        #expect(peerings.count == 1)
        let peering = try #require(peerings.first)
        #expect(peering["VpcPeeringConnectionId"] as? String == pcx)
        #expect((peering["Status"] as? [String: Any])?["Code"] as? String == "active")
        let accepter = try #require(peering["AccepterVpcInfo"] as? [String: Any])
        #expect(accepter["OwnerId"] as? String == MotoServer.customerAccount)
        #expect(accepter["Region"] as? String == "us-west-2")
        let tags = (peering["Tags"] as? [[String: Any]] ?? []).map { "\($0["Key"] ?? "")=\($0["Value"] ?? "")" }
        #expect(tags.contains("peerdesk:ticket=PD-1"))
        let routes = try world.routes()
        #expect(routes.count == 2)
        #expect(routes.values.allSatisfy { $0["10.50.0.0/16"] == pcx })
        let report = try await world.provisioner().verify(ticket: 1)
        #expect(report.isOK, "\(report.problems)")
    }

    @Test func rerunAfterSuccessChangesNothing() async throws {
        let world = try World()
        _ = try await world.provisioner().apply(ticket: 1, actor: "ana", confirm: { _ in true })
        let events = try world.desk.store.ticket(1).events.count
        let routes = try world.routes()
        let again = try await world.provisioner().apply(
            ticket: 1,
            actor: "ana",
            confirm: { _ in
                Issue.record("asked to confirm although nothing changes")
                return false
            }
        )
        #expect(!again.contains { $0.result == .created || $0.result == .accepted || $0.result == .recorded })
        #expect(again.contains { $0.result == .alreadyRecorded })
        #expect(try world.desk.store.ticket(1).events.count == events)
        #expect(try world.peerings().count == 1)
        #expect(try world.routes() == routes)
    }

    /// A peering that cannot be recorded: created in AWS, then the connection drops.
    struct FailingAfterCreate: PeeringCloud {
        let base: any PeeringCloud
        func callerIdentity(region: String) async throws(AWSError) -> CallerIdentity {
            try await base.callerIdentity(region: region)
        }
        func describeVPC(_ vpc: VPCID, region: String) async throws(AWSError) -> VPCDescription? {
            try await base.describeVPC(vpc, region: region)
        }
        func describePeerings(
            requesterVPC: VPCID,
            id: PeeringID?,
            region: String
        ) async throws(AWSError) -> [PeeringConnection] {
            try await base.describePeerings(requesterVPC: requesterVPC, id: id, region: region)
        }
        func createPeering(_ request: PeeringCreation, region: String) async throws(AWSError) -> PeeringConnection {
            _ = try await base.createPeering(request, region: region)
            throw AWSError(operation: "CreateVpcPeeringConnection", code: nil, message: "injected: connection lost")
        }
        func createTags(resource: String, tags: [String: String], region: String) async throws(AWSError) {
            try await base.createTags(resource: resource, tags: tags, region: region)
        }
        func assumeRole(
            _ role: RoleARN,
            sessionName: String,
            durationSeconds: Int,
            region: String
        ) async throws(AWSError) -> TemporaryCredentials {
            try await base.assumeRole(role, sessionName: sessionName, durationSeconds: durationSeconds, region: region)
        }
        func acceptPeering(
            _ id: PeeringID,
            region: String,
            credentials: TemporaryCredentials
        ) async throws(AWSError) -> PeeringConnection {
            try await base.acceptPeering(id, region: region, credentials: credentials)
        }
        func describeRouteTables(vpc: VPCID, region: String) async throws(AWSError) -> [RouteTable] {
            try await base.describeRouteTables(vpc: vpc, region: region)
        }
        func createRoute(
            table: String,
            destination: IPv4CIDR,
            peering: PeeringID,
            region: String
        ) async throws(AWSError) {
            try await base.createRoute(table: table, destination: destination, peering: peering, region: region)
        }
    }

    @Test func aFailureAfterTheCreateIsFinishedByARerunThatFindsThePeeringByTag() async throws {
        let world = try World()
        do {
            _ = try await world.provisioner(wrap: { FailingAfterCreate(base: $0) })
                .apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(error.description.contains("injected: connection lost"))
        }
        #expect(try world.desk.store.ticket(1).peeringID == nil)
        #expect(try world.desk.store.ticket(1).status == .ready)
        let created = try #require(try world.peerings().first?["VpcPeeringConnectionId"] as? String)

        let results = try await world.provisioner().apply(ticket: 1, actor: "ana", confirm: { _ in true })
        #expect(results.contains { $0.command == "ec2 create-vpc-peering-connection" && $0.result == .reused })
        #expect(try world.peerings().count == 1)
        #expect(try world.desk.store.ticket(1).peeringID == created)
        #expect(try world.desk.store.ticket(1).completedSteps.contains(.routesCreated))
    }

    @Test func credentialsOfAnotherAccountAreRefusedBeforeAnyChange() async throws {
        let world = try World()
        // moto's default keys are the customer's account, not the cluster's.
        do {
            _ = try await world.provisioner(environment: world.moto.environment)
                .apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(error.isInputError)
            #expect(error.description.contains("the AWS credentials are account 123456789012"))
            #expect(error.description.contains("the cluster's VPC is in account 406793422161"))
            #expect(!error.description.contains("testing-customer"))
        }
        #expect(try world.peerings().isEmpty)
        #expect(try world.desk.store.ticket(1).status == .ready)
    }

    @Test func verifyCatchesACustomerCIDROutsideTheirVPC() async throws {
        // The customer wrote 10.50.0.0/16; their VPC is 10.51.0.0/16.
        let world = try World(customerVPCCIDR: "10.51.0.0/16")
        _ = try await world.provisioner().apply(ticket: 1, actor: "ana", confirm: { _ in true })
        let report = try await world.provisioner().verify(ticket: 1)
        #expect(!report.isOK)
        let problem = try #require(report.problems.first)
        #expect(report.problems.count == 1)
        #expect(problem.check == "cidr")
        #expect(problem.subject == "10.50.0.0/16")
        #expect(problem.detail.contains("not within the accepter VPC's CIDR blocks (10.51.0.0/16)"))
    }

    @Test func planChangesNothing() async throws {
        let world = try World()
        let routes = try world.routes()
        let events = try world.desk.store.ticket(1).events.count
        let plan = try await world.provisioner().plan(ticket: 1)
        #expect(plan.actions.filter { $0.command == "ec2 create-route" }.count == 2)
        #expect(plan.actions.first { $0.command == "ec2 create-vpc-peering-connection" }?.state == .toDo)
        #expect(try world.peerings().isEmpty)
        #expect(try world.routes() == routes)
        #expect(try world.desk.store.ticket(1).events.count == events)
    }

    /// The command line end to end: the registry's aws_profile chooses the cluster's profile,
    /// apply refuses to run unasked without a terminal, --format json lists each action.
    @Test func theCommandLineAppliesWithTheRegistrysProfile() throws {
        let moto = try MotoServer()
        let cluster = try moto.clusterEnvironment()
        let clusterVPC = try moto.createVPC("10.10.0.0/20", region: "us-east-1", environment: cluster)
        try moto.aws(
            ["ec2", "associate-vpc-cidr-block", "--vpc-id", clusterVPC, "--cidr-block", "10.40.0.0/20"],
            environment: cluster
        )
        let customerVPC = try moto.createVPC("10.50.0.0/16", region: "us-east-1")
        let runner = try PeerDeskRunner()
        defer { runner.cleanUp() }
        var environment: [String: String] = [:]
        for (key, value) in moto.environment { if let value { environment[key] = value } }
        let credentials = try runner.write(
            "credentials",
            "[northwind-prod]\naws_access_key_id = \(cluster["AWS_ACCESS_KEY_ID"].flatMap { $0 } ?? "")\n"
                + "aws_secret_access_key = \(cluster["AWS_SECRET_ACCESS_KEY"].flatMap { $0 } ?? "")\n"
                + "aws_session_token = \(cluster["AWS_SESSION_TOKEN"].flatMap { $0 } ?? "")\n"
        )
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        let clusters = try runner.write(
            "clusters.csv",
            try World.clustersCSV(vpc: clusterVPC, profile: "northwind-prod")
        )
        let request = try runner.write(
            "pd-1.eml",
            mail(
                messageID: "<p1@northwind.example>",
                body: Details.northwind.replacingOccurrences(of: "vpc-0abc1234def567890", with: customerVPC)
            )
        )
        let db = ["--db", runner.databasePath]
        let registry = Desk.registryFolder.path
        let imported = try runner.run(
            ["registry", "import", "\(registry)/organizations.csv", clusters, "\(registry)/peerings.csv"] + db
        )
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try runner.run(["ingest", request] + db).status == 0)

        let unasked = try runner.run(["peering", "apply", "PD-1"] + db, environment: environment)
        #expect(unasked.status == 2)
        #expect(unasked.stderr.contains("give --yes"))

        let applied = try runner.run(
            ["peering", "apply", "PD-1", "--yes", "--by", "ana", "--format", "json"] + db,
            environment: environment
        )
        #expect(applied.status == 0, "\(applied.stderr)")
        let lines = try applied.jsonLines()
        #expect(
            lines.contains {
                $0["command"] as? String == "ec2 create-vpc-peering-connection" && $0["result"] as? String == "created"
            }
        )
        #expect(lines.last?["command"] as? String == "peerdesk step routes-created")
        #expect(!applied.stdout.contains(cluster["AWS_SECRET_ACCESS_KEY"].flatMap { $0 } ?? "no secret"))

        let verified = try runner.run(["peering", "verify", "PD-1"] + db, environment: environment)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let plan = try runner.run(["peering", "plan", "PD-1", "--format", "json"] + db, environment: environment)
        #expect(plan.status == 0)
        #expect(try plan.jsonLines().allSatisfy { ["check", "exists", "not-needed"].contains($0["state"] as? String) })

        // Without the profile (another --profile), the credentials are not the cluster's.
        let wrong = try runner.run(
            ["peering", "verify", "PD-1", "--profile", "nobody"] + db,
            environment: environment
        )
        #expect(wrong.status != 0)
    }
}
