import DeskTestSupport
import Foundation
import PeeringModel
import Provisioning
import Runbook
import Synchronization
import Testing

/// The flow against the fake seam: the plan, the guards, and the failures AWS can give that moto
/// does not (an AssumeRole that is denied, a peering that fails on overlapping CIDRs, a full
/// route table, throttling).
@Suite struct PeeringPlanTests {
    /// A desk with PD-1, a ready northwind-prod request, and a provisioner on `cloud`.
    static func makeDesk(_ cloud: FakeCloud, body: String = Details.northwind) throws -> (Desk, PeeringProvisioner) {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<p1@northwind.example>", body: body))
        var settings = PeeringProvisioner.Settings()
        settings.pollInterval = .milliseconds(1)
        settings.activeTimeout = .milliseconds(20)
        settings.initialBackoff = .milliseconds(1)
        let provisioner = PeeringProvisioner(store: desk.store, settings: settings) { _ in cloud }
        return (desk, provisioner)
    }

    @Test func planOfAReadyTicketListsEveryCallToDo() async throws {
        let cloud = try FakeCloud.northwind()
        let (_, provisioner) = try Self.makeDesk(cloud)
        let plan = try await provisioner.plan(ticket: 1)
        let rows = plan.actions.map { "\($0.state.rawValue) \($0.command) \($0.account) \($0.region)" }
        #expect(
            rows == [
                "check sts get-caller-identity 406793422161 us-east-1",
                "check ec2 describe-vpcs 406793422161 us-east-1",
                "to-do ec2 create-vpc-peering-connection 406793422161 us-east-1",
                "to-do sts assume-role 123456789012 us-east-1",
                "to-do ec2 accept-vpc-peering-connection 123456789012 us-east-1",
                "to-do ec2 create-route 406793422161 us-east-1",
                "to-do ec2 create-route 406793422161 us-east-1",
                "to-do peerdesk step peering-requested - -",
                "to-do peerdesk step routes-created - -",
            ]
        )
        let create = try #require(plan.actions.first { $0.command == "ec2 create-vpc-peering-connection" })
        #expect(
            create.arguments.contains("ResourceType=vpc-peering-connection,Tags=[{Key=peerdesk:ticket,Value=PD-1}]")
        )
        let assume = try #require(plan.actions.first { $0.command == "sts assume-role" })
        #expect(assume.arguments.suffix(4) == ["--role-session-name", "peerdesk-PD-1", "--duration-seconds", "900"])
        #expect(plan.hasChanges)
        // Reads only.
        #expect(!cloud.calls.contains { $0.hasPrefix("create") || $0.hasPrefix("accept") || $0.hasPrefix("assume") })
    }

    @Test func planAfterApplyShowsEverythingAsExisting() async throws {
        let cloud = try FakeCloud.northwind()
        let (desk, provisioner) = try Self.makeDesk(cloud)
        _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
        let ticket = try desk.store.ticket(1)
        #expect(ticket.completedSteps.isSuperset(of: [.peeringRequested, .routesCreated]))
        #expect(ticket.peeringID == "pcx-00000000000000001")
        #expect(ticket.manualSteps[.routesCreated]?.actor == "ana")
        #expect(
            ticket.manualSteps[.routesCreated]?.note?.contains("rtb-0000000000000000a, rtb-0000000000000000b") == true
        )
        let plan = try await provisioner.plan(ticket: 1)
        #expect(!plan.hasChanges)
        #expect(plan.actions.filter { $0.command == "ec2 create-route" }.allSatisfy { $0.state == .exists })
        #expect(plan.actions.first { $0.command == "sts assume-role" }?.state == .notNeeded)
    }

    @Test func applyAssumesTheRoleAndAcceptsInTheCustomersRegion() async throws {
        let cloud = try FakeCloud.northwind()
        let body = Details.northwind.replacingOccurrences(of: "Region: us-east-1", with: "Region: eu-west-1")
        let (_, provisioner) = try Self.makeDesk(cloud, body: body)
        let results = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
        #expect(cloud.calls.contains("assume-role peerdesk-PD-1 900"))
        #expect(cloud.calls.contains("accept-vpc-peering-connection eu-west-1"))
        #expect(results.first { $0.command == "sts assume-role" }?.region == "eu-west-1")
    }

    @Test func notConfirmedChangesNothing() async throws {
        let cloud = try FakeCloud.northwind()
        let (desk, provisioner) = try Self.makeDesk(cloud)
        await #expect(throws: ProvisioningError.self) {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in false })
        }
        #expect(cloud.state.withLock { $0.peerings.isEmpty })
        #expect(try desk.store.ticket(1).peeringID == nil)
    }

    @Test func aTicketThatIsNotReadyIsRefusedBeforeAnyCall() async throws {
        let cloud = try FakeCloud.northwind()
        let (_, provisioner) = try Self.makeDesk(cloud, body: Details.northwindWithoutRole)
        do {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(error.isInputError)
            #expect(error.description.hasPrefix("PD-1: not ready to peer: peering-requested needs validated first"))
        }
        #expect(cloud.calls.isEmpty)
    }

    // moto lets any role be assumed (its docs: "the role does not need to exist"), so a denied
    // AssumeRole is tested here, with the fake.
    @Test func aPeerRoleThatCannotBeAssumedSaysWhyAndLeavesTheSteps() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock {
            $0.assumeRoleError = AWSError(
                operation: "AssumeRole",
                code: "AccessDenied",
                message: "User: arn:aws:sts::406793422161:assumed-role/support/me is not authorized to perform: "
                    + "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ"
            )
        }
        let (desk, provisioner) = try Self.makeDesk(cloud)
        do {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(!error.isInputError)
            let message = error.description
            #expect(
                message.contains(
                    "PeerRole arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ cannot be assumed"
                )
            )
            #expect(message.contains("AccessDenied"))
            #expect(message.contains("role stack is missing"))
            #expect(message.contains("\"Peer Owner IDs\" parameter is not the cluster's account 406793422161"))
        }
        #expect(try desk.store.ticket(1).peeringID == nil)
        #expect(try desk.store.ticket(1).status == .ready)
        // A rerun once the customer fixed the stack reuses the peering created the first time.
        cloud.state.withLock { $0.assumeRoleError = nil }
        let results = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
        #expect(results.contains { $0.command == "ec2 create-vpc-peering-connection" && $0.result == .reused })
        #expect(cloud.state.withLock { $0.peerings.count } == 1)
    }

    // moto does not fail a peering on overlapping CIDRs: the fake's does, as AWS does.
    @Test func aFailedPeeringIsExplainedAsOverlappingCIDRs() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock { $0.statusAfterAccept = "failed" }
        let (desk, provisioner) = try Self.makeDesk(cloud)
        do {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(
                error.description.contains(
                    "pcx-00000000000000001 is failed (AWS: Failed due to overlapping CIDR blocks)"
                )
            )
            #expect(error.description.contains("overlap"))
        }
        #expect(try desk.store.ticket(1).completedSteps.contains(.peeringRequested) == false)
        #expect(!cloud.calls.contains { $0.hasPrefix("create-route") })
    }

    @Test func aFullRouteTableSaysSo() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock {
            $0.createRouteError = AWSError(
                operation: "CreateRoute",
                code: "RouteLimitExceeded",
                message: "The maximum number of routes has been reached."
            )
        }
        let (desk, provisioner) = try Self.makeDesk(cloud)
        do {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(
                error.description
                    == "PD-1: the route table rtb-0000000000000000a is full (RouteLimitExceeded: The maximum number of "
                    + "routes has been reached.): remove unused routes or ask AWS for a higher routes-per-route-table "
                    + "quota, then run apply again"
            )
        }
        #expect(try desk.store.ticket(1).peeringID == nil)
    }

    @Test func throttlingIsRetriedWithBackoff() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock { $0.throttles = 3 }
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<p1@northwind.example>", body: Details.northwind))
        let pauses = Mutex<[Duration]>([])
        var settings = PeeringProvisioner.Settings()
        settings.initialBackoff = .milliseconds(100)
        settings.sleep = { duration in pauses.withLock { $0.append(duration) } }
        let provisioner = PeeringProvisioner(store: desk.store, settings: settings) { _ in cloud }
        _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
        #expect(pauses.withLock { $0.prefix(3) } == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(try desk.store.ticket(1).completedSteps.contains(.routesCreated))
    }

    @Test func aRouteToSomethingElseStopsApplyBeforeAnythingIsCreated() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock {
            $0.routeTables["vpc-0348f92c1409fba12"]?[1].routes.append(
                RouteTable.Route(destination: "10.50.0.0/16", otherTarget: "tgw-0123456789abcdef0")
            )
        }
        let (_, provisioner) = try Self.makeDesk(cloud)
        let plan = try await provisioner.plan(ticket: 1)
        #expect(plan.actions.contains { $0.state == .conflict })
        do {
            _ = try await provisioner.apply(ticket: 1, actor: "ana", confirm: { _ in true })
            Issue.record("apply went ahead")
        } catch {
            #expect(
                error.description.contains("rtb-0000000000000000b already sends 10.50.0.0/16 to tgw-0123456789abcdef0")
            )
        }
        #expect(cloud.state.withLock { $0.peerings.isEmpty })
    }

    @Test func theAssumedRolesKeysAreNeverShown() async throws {
        let credentials = TemporaryCredentials(
            accessKeyID: "ASIA1",
            secretAccessKey: FakeCloud.secret,
            sessionToken: "T"
        )
        #expect(!"\(credentials)".contains(FakeCloud.secret))
        #expect(!String(reflecting: credentials).contains(FakeCloud.secret))
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock {
            $0.createRouteError = AWSError(operation: "CreateRoute", code: "UnauthorizedOperation", message: "no")
        }
        let (desk, provisioner) = try Self.makeDesk(cloud)
        let reported = Mutex<[String]>([])
        do {
            _ = try await provisioner.apply(
                ticket: 1,
                actor: "ana",
                confirm: { _ in true },
                report: { action in reported.withLock { $0.append("\(action)") } }
            )
            Issue.record("apply went ahead")
        } catch {
            #expect(!error.description.contains(FakeCloud.secret))
        }
        #expect(!reported.withLock { $0.joined() }.contains(FakeCloud.secret))
        let events = try desk.store.ticket(1).events.map { "\($0)" }.joined()
        #expect(!events.contains(FakeCloud.secret))
    }

    @Test func awsErrorsAreReadFromTheCLIsWords() {
        let error = AWSError.parse(
            operation: "AssumeRole",
            standardError: "\nAn error occurred (AccessDenied) when calling the AssumeRole operation: Not authorized\n"
        )
        #expect(error == AWSError(operation: "AssumeRole", code: "AccessDenied", message: "Not authorized"))
        #expect(AWSError.parse(operation: "X", standardError: "").message.contains("said nothing"))
    }
}
