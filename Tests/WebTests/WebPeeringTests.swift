import DeskTestSupport
import Foundation
import HTTPTypes
import PeeringModel
import Provisioning
import Runbook
import Testing

@testable import Web

/// "Execute in AWS" from the ticket page: the plan first (read only), then apply as the signed-in
/// user, refused when the ticket or AWS changed since the plan was shown. AWS is the fake seam;
/// the same provisioner runs against moto in ProvisioningTests.
@Suite("Execute in AWS from the web")
struct WebPeeringTests {
    /// The plan page's hidden `name` field.
    static func hidden(_ name: String, in page: String) throws -> String {
        let marker = "name=\"\(name)\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        let end = try #require(page[start...].firstIndex(of: "\""))
        return String(page[start..<end])
    }

    /// Applies the plan `page` showed, with the version it was shown at.
    static func apply(_ web: WebHarness, _ page: String, as browser: Browser) async throws -> TestResponse {
        try await web.post(
            "/tickets/PD-1/peering",
            [("version", try hidden("version", in: page)), ("plan", try hidden("plan", in: page))],
            as: browser
        )
    }

    static func changes(_ cloud: FakeCloud) -> [String] {
        cloud.calls.filter { $0.hasPrefix("create") || $0.hasPrefix("accept") || $0.hasPrefix("assume") }
    }

    @Test("a ready ticket offers Execute in AWS; one that is not says why, with no button")
    func offered() async throws {
        let web = try WebHarness(cloud: try FakeCloud.northwind())
        try web.ingestReadyTicket()
        _ = try web.desk.ingestOne(mail(messageID: "<x2@northwind.example>", body: "Please peer our VPC."))
        let browser = try await web.signIn()
        let ready = try await web.get("/tickets/PD-1", as: browser)
        #expect(ready.body.contains("href=\"/tickets/PD-1/peering\""))
        let needsInfo = try await web.get("/tickets/PD-2", as: browser)
        #expect(!needsInfo.body.contains("href=\"/tickets/PD-2/peering\""))
        #expect(needsInfo.body.contains("Execute in AWS: not now"))
    }

    @Test("the plan page lists every call with its state and changes nothing in AWS")
    func planShownFirst() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1/peering", as: browser)
        #expect(page.status == .ok)
        #expect(page.body.contains("ec2 create-vpc-peering-connection"))
        #expect(page.body.contains("sts assume-role"))
        #expect(page.body.contains("rtb-0000000000000000a") || page.body.contains("create-route"))
        #expect(page.body.contains(">to-do<"))
        #expect(page.body.contains("Apply in AWS"))
        #expect(try Self.hidden("plan", in: page.body).count == 16)
        #expect(Self.changes(cloud).isEmpty)
        #expect(try web.desk.store.ticket(1).status == .ready)
    }

    @Test("apply of the plan shown: 303 to the ticket, peered, both steps recorded by the signed-in user")
    func apply() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn("ben")
        let page = try await web.get("/tickets/PD-1/peering", as: browser).body
        let response = try await Self.apply(web, page, as: browser)
        #expect(response.status == .seeOther)
        #expect(response.location == "/tickets/PD-1")
        let ticket = try web.desk.store.ticket(1)
        #expect(ticket.completedSteps.isSuperset(of: [.peeringRequested, .routesCreated]))
        #expect(ticket.peeringID == "pcx-00000000000000001")
        #expect(ticket.manualSteps[.peeringRequested]?.actor == "ben")
        #expect(ticket.manualSteps[.routesCreated]?.actor == "ben")
        #expect(cloud.state.withLock { $0.peerings.count } == 1)
        // Done: the ticket page no longer offers it, and says why.
        let after = try await web.get("/tickets/PD-1", as: browser)
        #expect(!after.body.contains("href=\"/tickets/PD-1/peering\""))
        #expect(after.body.contains("is peered: pcx-00000000000000001"))
    }

    @Test("a plan that AWS changed since it was shown is not applied: 409 with the plan as it is now")
    func planChanged() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1/peering", as: browser).body
        // Someone adds a route table to the cluster's VPC meanwhile: the plan now has a third route.
        cloud.state.withLock {
            $0.routeTables["vpc-0348f92c1409fba12", default: []].append(
                RouteTable(id: "rtb-0000000000000000c", routes: [])
            )
        }
        let response = try await Self.apply(web, page, as: browser)
        #expect(response.status == .conflict)
        #expect(response.body.contains("changed since the plan was shown"))
        #expect(response.body.contains("rtb-0000000000000000c"))
        #expect(Self.changes(cloud).isEmpty)
        #expect(!(try web.desk.store.ticket(1).completedSteps.contains(.peeringRequested)))
    }

    @Test("a ticket changed since the plan was shown is not applied: changed since you opened it")
    func ticketChanged() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1/peering", as: browser).body
        try web.desk.store.note(ticket: 1, text: "customer asked to wait", actor: "ben")
        let response = try await Self.apply(web, page, as: browser)
        #expect(response.status == .conflict)
        #expect(response.body.contains("changed since you opened it"))
        #expect(Self.changes(cloud).isEmpty)
    }

    @Test("apply without the form token is 403 and nothing happens in AWS")
    func csrf() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1/peering", as: browser).body
        let response = try await web.post(
            "/tickets/PD-1/peering",
            [("plan", try Self.hidden("plan", in: page))],
            as: browser,
            csrf: "forged"
        )
        #expect(response.status == .forbidden)
        #expect(Self.changes(cloud).isEmpty)
        let anonymous = try await web.get("/tickets/PD-1/peering")
        #expect(anonymous.status == .seeOther)
        #expect(anonymous.location?.hasPrefix("/login") == true)
    }

    @Test("a failure in AWS is 502 with AWS's words and what was done; the steps are as they were")
    func awsFailure() async throws {
        let cloud = try FakeCloud.northwind()
        cloud.state.withLock {
            $0.assumeRoleError = AWSError(
                operation: "AssumeRole",
                code: "AccessDenied",
                message: "not authorized to perform: sts:AssumeRole on resource: "
                    + "arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ"
            )
        }
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1/peering", as: browser).body
        let response = try await Self.apply(web, page, as: browser)
        #expect(response.status == .badGateway)
        #expect(response.body.contains("AccessDenied") || response.body.contains("cannot be assumed"))
        #expect(response.body.contains("Done before it stopped"))
        #expect(response.body.contains("create-vpc-peering-connection"))
        #expect(!(try web.desk.store.ticket(1).completedSteps.contains(.peeringRequested)))
        #expect(!response.body.contains(FakeCloud.secret))
    }

    @Test("the fingerprint is the plan's: equal plans agree, a changed action does not")
    func fingerprint() async throws {
        let cloud = try FakeCloud.northwind()
        let web = try WebHarness(cloud: cloud)
        try web.ingestReadyTicket()
        let first = try await web.app.provisioner.plan(ticket: 1)
        let again = try await web.app.provisioner.plan(ticket: 1)
        #expect(first.fingerprint == again.fingerprint)
        var changed = first
        changed.actions[2].state = .exists
        #expect(changed.fingerprint != first.fingerprint)
    }
}
