import DeskTestSupport
import Foundation
import HTTPTypes
import PeeringModel
import Runbook
import Testing

@testable import Web

@Suite("HTTP API")
struct WebAPITests {
    @Test("GET /api/tickets: the rows of queue --format json, with the queue's filters")
    func tickets() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        _ = try web.desk.ingestOne(mail(messageID: "<x@northwind.example>", body: "hello"))
        let token = try web.accounts.createToken("script", user: "ana")
        let response = try await web.api(.get, "/api/tickets?status=ready", token: token)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        let rows = try #require(try response.json()["tickets"] as? [[String: Any]])
        #expect(rows.map { $0["ticket"] as? String } == ["PD-1"])
        let expected = try JSONLines.encode(
            try #require(try web.desk.store.queue(QueueFilter(statuses: [.ready]), now: web.clock.now).first)
        )
        #expect(response.body.contains(expected))
    }

    @Test("GET /api/tickets pages: per_page rows, the total, and the next page's address")
    func ticketPages() async throws {
        let web = try WebHarness()
        for index in 1...3 {
            _ = try web.desk.ingestOne(mail(messageID: "<p-\(index)@northwind.example>", body: "hello \(index)"))
        }
        let token = try web.accounts.createToken("script", user: "ana")
        let first = try await web.api(.get, "/api/tickets?per_page=2", token: token)
        #expect(first.status == .ok)
        let body = try first.json()
        #expect((body["tickets"] as? [[String: Any]])?.map { $0["ticket"] as? String } == ["PD-1", "PD-2"])
        #expect(body["total"] as? Int == 3)
        #expect(body["per_page"] as? Int == 2)
        let next = try #require(body["next"] as? String)
        #expect(next == "/api/tickets?per_page=2&page=2")
        let second = try await web.api(.get, next, token: token).json()
        #expect((second["tickets"] as? [[String: Any]])?.map { $0["ticket"] as? String } == ["PD-3"])
        #expect(second["next"] is NSNull)
        for bad in ["per_page=0", "per_page=1001", "page=x"] {
            #expect(try await web.api(.get, "/api/tickets?\(bad)", token: token).status == .badRequest)
        }
    }

    @Test("GET /api/tickets/PD-1: the object of show --format json; 404 for none")
    func ticket() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let token = try web.accounts.createToken("script", user: "ana")
        let response = try await web.api(.get, "/api/tickets/PD-1", token: token)
        #expect(response.status == .ok)
        #expect(response.body == (try JSONLines.encode(try web.desk.store.report(1))))
        let missing = try await web.api(.get, "/api/tickets/PD-7", token: token)
        #expect(missing.status == .notFound)
        #expect((try missing.json()["error"] as? [String: Any])?["code"] as? String == "not-found")
    }

    @Test("POST steps: done by the token's user; a refused guard is 409 with its reason")
    func steps() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let token = try web.accounts.createToken("script", user: "ben")
        let refused = try await web.api(
            .post,
            "/api/tickets/PD-1/steps",
            token: token,
            json: ["step": "routes-created"]
        )
        #expect(refused.status == .conflict)
        let error = try #require(try refused.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "guard-failed")
        #expect((error["message"] as? String)?.contains("routes-created needs peering-requested first") == true)
        let done = try await web.api(
            .post,
            "/api/tickets/PD-1/steps",
            token: token,
            json: ["step": "peering-requested", "peering_id": "pcx-0a1b2c3d4e5f67890", "note": "api"]
        )
        #expect(done.status == .ok)
        let body = try done.json()
        #expect(body["status"] as? String == "in-progress")
        #expect(body["by"] as? String == "ben")
        #expect(try web.desk.store.ticket(1).events.last?.actor == "ben")
        let bad = try await web.api(.post, "/api/tickets/PD-1/steps", token: token, json: ["step": "fly"])
        #expect(bad.status == .badRequest)
        let notJSON = try await web.request(
            .post,
            "/api/tickets/PD-1/steps",
            headers: ["Authorization": "Bearer \(token)"],
            body: Array("step=x".utf8)
        )
        #expect(notJSON.status == .badRequest)
    }

    @Test("POST fields: a string, a list, or null to clear; an invalid value is 400")
    func fields() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let token = try web.accounts.createToken("script", user: "ana")
        let set = try await web.api(
            .post,
            "/api/tickets/PD-1/fields",
            token: token,
            json: ["field": "vpc_cidrs", "value": ["10.50.0.0/16", "10.52.0.0/16"]]
        )
        #expect(set.status == .ok)
        #expect(try set.json()["action"] as? String == "field-set")
        #expect(try web.desk.store.ticket(1).state.values[.vpcCIDRs]?.count == 2)
        let invalid = try await web.api(
            .post,
            "/api/tickets/PD-1/fields",
            token: token,
            json: ["field": "vpc_id", "value": "vpc-zz"]
        )
        #expect(invalid.status == .badRequest)
        #expect((try invalid.json()["error"] as? [String: Any])?["code"] as? String == "invalid-value")
        let cleared = try await web.api(
            .post,
            "/api/tickets/PD-1/fields",
            token: token,
            json: ["field": "aws_region", "value": NSNull()]
        )
        #expect(cleared.status == .ok)
        #expect(try web.desk.store.ticket(1).state.values[.awsRegion] == nil)
    }

    @Test("POST /api/inbound: one raw message, stored as ingest - stores it; the same message again is a duplicate")
    func inbound() async throws {
        let web = try WebHarness()
        let token = try web.accounts.createToken("mta", user: "ana")
        let message = Array(mail(messageID: "<inbound@northwind.example>", body: Details.northwind).utf8)
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "message/rfc822"]
        let first = try await web.request(.post, "/api/inbound", headers: headers, body: message)
        #expect(first.status == .ok)
        #expect(try first.json()["ticket"] as? String == "PD-1")
        #expect(try first.json()["outcome"] as? String == "new")
        #expect(try first.json()["status"] as? String == "ready")
        let again = try await web.request(.post, "/api/inbound", headers: headers, body: message)
        #expect(try again.json()["outcome"] as? String == "duplicate")
        headers["Content-Type"] = "application/json"
        #expect(
            try await web.request(.post, "/api/inbound", headers: headers, body: message).status
                == .unsupportedMediaType
        )
    }

    @Test("the API with a session: a POST needs the X-CSRF-Token header")
    func sessionAPI() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        #expect(try await web.get("/api/tickets", as: browser).status == .ok)
        let body = Array(#"{"step": "peering-requested", "peering_id": "pcx-0a1b2c3d4e5f67890"}"#.utf8)
        let refused = try await web.request(
            .post,
            "/api/tickets/PD-1/steps",
            headers: ["Cookie": browser.cookie, "Content-Type": "application/json"],
            body: body
        )
        #expect(refused.status == .forbidden)
        let accepted = try await web.request(
            .post,
            "/api/tickets/PD-1/steps",
            headers: ["Cookie": browser.cookie, "Content-Type": "application/json", "X-CSRF-Token": browser.csrf],
            body: body
        )
        #expect(accepted.status == .ok)
    }
}

@Suite("Two staff on one ticket")
struct WebVersionTests {
    @Test("the API refuses a change meant for an older version of the ticket (409 changed)")
    func apiVersion() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let token = try web.accounts.createToken("script", user: "ana")
        let version = try web.desk.store.ticket(1).version
        try web.desk.store.note(ticket: 1, text: "meanwhile", actor: "ben")
        let refused = try await web.api(
            .post,
            "/api/tickets/PD-1/fields",
            token: token,
            json: ["field": "aws_region", "value": "eu-west-1", "version": version]
        )
        #expect(refused.status == .conflict)
        let error = try #require(try refused.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "changed")
        #expect((error["message"] as? String)?.contains("note by ben") == true)
        #expect(try web.desk.store.ticket(1).state.values[.awsRegion]?.first?.canonical == "us-east-1")
    }
}
