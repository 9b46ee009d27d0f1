import DeskTestSupport
import Foundation
import HTTPTypes
import PeeringModel
import Runbook
import Testing

@testable import Web

@Suite("Queue, ticket and their forms")
struct WebDeskTests {
    @Test("the queue lists the tickets, with status tabs and counts, and filters by text, status and owner")
    func queue() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket(subject: "Prod peering")
        try web.ingestReadyTicket(subject: "Staging peering", from: "Bo <bo@northwind.example>")
        try web.desk.store.assign(ticket: 2, to: "ben", actor: "ana")
        let browser = try await web.signIn()
        let all = try await web.get("/", as: browser)
        #expect(all.status == .ok)
        #expect(all.body.contains("/tickets/PD-1"))
        #expect(all.body.contains("/tickets/PD-2"))
        #expect(all.body.contains(#"ready <span class="count">2</span>"#))
        let searched = try await web.get("/?q=staging", as: browser)
        #expect(!searched.body.contains("/tickets/PD-1\""))
        #expect(searched.body.contains("/tickets/PD-2"))
        let owned = try await web.get("/?owner=ben&status=ready", as: browser)
        #expect(owned.body.contains("/tickets/PD-2"))
        #expect(!owned.body.contains("/tickets/PD-1\""))
        let none = try await web.get("/?status=done", as: browser)
        #expect(none.body.contains("No tickets match."))
        #expect(try await web.get("/?status=bogus", as: browser).status == .badRequest)
    }

    @Test("the queue pages 50 rows at a time")
    func pagination() async throws {
        let web = try WebHarness()
        for index in 1...55 {
            _ = try web.desk.ingestOne(
                mail(subject: "Request \(index)", messageID: "<page-\(index)@northwind.example>", body: "hello")
            )
        }
        let browser = try await web.signIn()
        let first = try await web.get("/", as: browser)
        #expect(first.body.contains("1–50 of 55"))
        #expect(first.body.contains("page=2"))
        let second = try await web.get("/?page=2", as: browser)
        #expect(second.body.contains("51–55 of 55"))
    }

    @Test("the ticket page shows fields with provenance, findings in both languages, the runbook and messages")
    func ticketPage() async throws {
        let web = try WebHarness()
        _ = try web.desk.ingestOne(
            mail(messageID: "<partial@northwind.example>", body: Details.northwindWithoutRole)
        )
        let browser = try await web.signIn()
        let page = try await web.get("/tickets/PD-1", as: browser)
        #expect(page.status == .ok)
        #expect(page.body.contains("vpc-0abc1234def567890"))
        #expect(page.body.contains("missing-peer-role-arn"))
        #expect(page.body.contains(FindingCode.missingPeerRoleARN.customerExplanation.prefix(20)))
        #expect(page.body.contains("peering-requested needs validated first"))
        #expect(page.body.contains("Cluster ID: cau29pc7zl4ht2dtcbslfpr1u"))
        #expect(try await web.get("/tickets/PD-9", as: browser).status == .notFound)
        #expect(try await web.get("/tickets/nonsense", as: browser).status == .notFound)
    }

    @Test("a step through the form: 303 back to the ticket, an event by the signed-in user")
    func step() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn("ben")
        let response = try await web.post(
            "/tickets/PD-1/steps",
            [("step", "peering-requested"), ("peering_id", "pcx-0a1b2c3d4e5f67890"), ("note", "from the console")],
            as: browser
        )
        #expect(response.status == .seeOther)
        #expect(response.location == "/tickets/PD-1")
        let ticket = try web.desk.store.ticket(1)
        #expect(ticket.peeringID == "pcx-0a1b2c3d4e5f67890")
        let event = try #require(ticket.events.last)
        #expect(event.actor == "ben")
        #expect(event.step == .peeringRequested)
        #expect(event.note == "from the console")
        // And undo.
        #expect(try await web.post("/tickets/PD-1/undo", [], as: browser).status == .seeOther)
        #expect(try web.desk.store.ticket(1).peeringID == nil)
    }

    @Test("a step its guard refuses is 409 with the guard's reason, and nothing changes")
    func guardRefused() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let before = try web.desk.store.ticket(1).events.count
        let response = try await web.post("/tickets/PD-1/steps", [("step", "reply-sent")], as: browser)
        #expect(response.status == .conflict)
        #expect(response.body.contains("reply-sent needs routes-created first"))
        #expect(try web.desk.store.ticket(1).events.count == before)
        let automatic = try await web.post("/tickets/PD-1/steps", [("step", "validated")], as: browser)
        #expect(automatic.status == .conflict)
        #expect(automatic.body.contains("validated is automatic"))
        let missing = try await web.post("/tickets/PD-1/steps", [("step", "peering-requested")], as: browser)
        #expect(missing.status == .badRequest)
    }

    static let csrfCases: [(String, [String: String])] = [
        ("wrong", [:]), ("", [:]), ("good", ["Origin": "http://evil.example"]),
        ("good", ["Referer": "http://evil.example/tickets/PD-1"]), ("good", ["Origin": "null"]),
    ]

    @Test(
        "a POST without the right form token, or from another origin, is 403 and changes nothing",
        arguments: csrfCases
    )
    func csrf(token: String, headers: [String: String]) async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let before = try web.desk.store.ticket(1).events.count
        for (path, fields) in [
            ("/tickets/PD-1/notes", [("text", "hi")]), ("/tickets/PD-1/reject", [("reason", "no")]),
            ("/tickets/PD-1/fields", [("field", "aws_region"), ("value", "eu-west-1")]),
            ("/tickets/PD-1/steps", [("step", "peering-requested"), ("peering_id", "pcx-0a1b2c3d4e5f67890")]),
        ] {
            let response = try await web.post(
                path,
                fields,
                as: browser,
                csrf: token == "good" ? browser.csrf : token,
                headers: headers
            )
            #expect(response.status == .forbidden, "\(path)")
        }
        let logout = try await web.post("/logout", [], as: browser, csrf: "wrong")
        #expect(logout.status == .forbidden)
        #expect(try web.desk.store.ticket(1).events.count == before)
        #expect(try await web.get("/", as: browser).status == .ok)
    }

    @Test("a POST from our own origin passes the origin check")
    func sameOrigin() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let response = try await web.post(
            "/tickets/PD-1/notes",
            [("text", "checked")],
            as: browser,
            headers: ["Origin": "http://localhost", "Referer": "http://localhost/tickets/PD-1"]
        )
        #expect(response.status == .seeOther)
    }

    @Test("correcting a field: the value is checked and stored canonically, by the signed-in user")
    func fieldCorrection() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn("ben")
        let response = try await web.post(
            "/tickets/PD-1/fields",
            [("field", "vpc_cidrs"), ("value", "10.50.0.0/16, 10.51.0.0/16")],
            as: browser
        )
        #expect(response.status == .seeOther)
        let ticket = try web.desk.store.ticket(1)
        #expect(ticket.state.values[.vpcCIDRs]?.map(\.canonical) == ["10.50.0.0/16", "10.51.0.0/16"])
        #expect(ticket.events.last?.kind == .fieldSet)
        #expect(ticket.events.last?.actor == "ben")
        let invalid = try await web.post(
            "/tickets/PD-1/fields",
            [("field", "aws_region"), ("value", "mars-1")],
            as: browser
        )
        #expect(invalid.status == .badRequest)
        #expect(invalid.body.contains("aws_region:"))
        let cleared = try await web.post(
            "/tickets/PD-1/fields",
            [("field", "aws_region"), ("clear", "1")],
            as: browser
        )
        #expect(cleared.status == .seeOther)
        #expect(try web.desk.store.ticket(1).state.values[.awsRegion] == nil)
    }

    @Test("owner, notes, reject and reopen through their forms")
    func staffActions() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        #expect(try await web.post("/tickets/PD-1/assign", [("owner", "ben")], as: browser).status == .seeOther)
        #expect(try web.desk.store.ticket(1).owner == "ben")
        #expect(try await web.post("/tickets/PD-1/assign", [("owner", "")], as: browser).status == .seeOther)
        #expect(try web.desk.store.ticket(1).owner == nil)
        let take = try await web.post("/tickets/PD-1/assign", [("owner", "ben"), ("take", "1")], as: browser)
        #expect(take.status == .seeOther)
        #expect(try web.desk.store.ticket(1).owner == "ana")
        #expect(try await web.post("/tickets/PD-1/assign", [("owner", "")], as: browser).status == .seeOther)
        #expect(try await web.post("/tickets/PD-1/notes", [("text", "called them")], as: browser).status == .seeOther)
        #expect(try web.desk.store.ticket(1).events.last?.note == "called them")
        #expect(try await web.post("/tickets/PD-1/notes", [("text", " ")], as: browser).status == .conflict)
        #expect(try await web.post("/tickets/PD-1/reopen", [("reason", "x")], as: browser).status == .conflict)
        #expect(try await web.post("/tickets/PD-1/reject", [("reason", "cancelled")], as: browser).status == .seeOther)
        #expect(try web.desk.store.ticket(1).status == .rejected)
        let refused = try await web.post(
            "/tickets/PD-1/steps",
            [("step", "peering-requested"), ("peering_id", "pcx-0a1b2c3d4e5f67890")],
            as: browser
        )
        #expect(refused.status == .conflict)
        #expect(
            try await web.post("/tickets/PD-1/reopen", [("reason", "they came back")], as: browser).status == .seeOther
        )
        #expect(try web.desk.store.ticket(1).status == .ready)
        #expect(
            try web.desk.store.ticket(1).events.allSatisfy {
                $0.kind == .message || $0.actor == "ana" || $0.kind == .automaticStep || $0.kind == .findingsChanged
            }
        )
    }

    @Test("a form shown before someone else changed the ticket is refused: changed since you opened it")
    func staleVersion() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let ana = try await web.signIn()
        let ben = try await web.signIn("ben")
        let version = WebApp.version(try web.desk.store.ticket(1))
        let first = try await web.post(
            "/tickets/PD-1/steps",
            [("version", version), ("step", "peering-requested"), ("peering_id", "pcx-0a1b2c3d4e5f67890")],
            as: ana
        )
        #expect(first.status == .seeOther)
        let second = try await web.post(
            "/tickets/PD-1/steps",
            [("version", version), ("step", "peering-requested"), ("peering_id", "pcx-0a1b2c3d4e5f67891")],
            as: ben
        )
        #expect(second.status == .conflict)
        #expect(second.body.contains("changed since you opened it"))
        #expect(second.body.contains("by ana"))
        #expect(try web.desk.store.ticket(1).peeringID == "pcx-0a1b2c3d4e5f67890")
    }

    static let hostile = "<script>alert(1)</script>"

    @Test("customer text is text: a hostile subject, name, body and field value are escaped on every page")
    func xss() async throws {
        let web = try WebHarness()
        _ = try web.desk.ingestOne(
            mail(
                from: "\"<img src=x onerror=alert(2)>\" <ana@northwind.example>",
                subject: Self.hostile,
                messageID: "<xss@northwind.example>",
                body: Details.northwindWithoutRole + "\n<b onmouseover=alert(3)>hi</b>\nRegion: <script>x</script>"
            )
        )
        let browser = try await web.signIn()
        _ = try await web.post("/tickets/PD-1/notes", [("text", "<i>note</i>" + Self.hostile)], as: browser)
        _ = try await web.post("/tickets/PD-1/assign", [("owner", "<u>owner</u>")], as: browser)
        let invalid = try await web.post(
            "/tickets/PD-1/fields",
            [("field", "peer_role_arn"), ("value", Self.hostile)],
            as: browser
        )
        #expect(invalid.status == .badRequest)
        let pages = [
            try await web.get("/", as: browser).body, try await web.get("/tickets/PD-1", as: browser).body,
            try await web.get("/tickets/PD-1/reply", as: browser).body, invalid.body,
            try await web.get("/?q=%3Cscript%3E", as: browser).body,
        ]
        for page in pages {
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<img src=x"))
            #expect(!page.contains("<b onmouseover"))
            #expect(!page.contains("<i>note"))
            #expect(!page.contains("<u>owner"))
            #expect(!page.contains("<script>x"))
        }
        #expect(pages[0].contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(pages[1].contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(pages[1].contains("&lt;b onmouseover=alert(3)&gt;"))
        #expect(pages[1].contains("&lt;i&gt;note&lt;/i&gt;"))
    }

    @Test("every page forbids inline script and framing")
    func securityHeaders() async throws {
        let web = try WebHarness()
        let browser = try await web.signIn()
        for path in ["/login", "/", "/quarantine", "/static/app.css", "/static/app.js"] {
            let response = try await web.get(path, as: browser)
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
        }
        let page = try await web.get("/", as: browser)
        #expect(!page.body.contains("<script>"))
        #expect(page.body.contains(#"<script src="/static/app.js" defer></script>"#))
        let css = try await web.get("/static/app.css")
        #expect(css.status == .ok)
        #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
    }

    @Test("the reply preview records nothing; the .eml download is the draft, recorded by the user")
    func reply() async throws {
        let web = try WebHarness()
        _ = try web.desk.ingestOne(mail(messageID: "<partial@northwind.example>", body: Details.northwindWithoutRole))
        let browser = try await web.signIn("ben")
        let before = try web.desk.store.ticket(1).events.count
        let preview = try await web.get("/tickets/PD-1/reply", as: browser)
        #expect(preview.status == .ok)
        #expect(preview.body.contains("request-changes"))
        #expect(preview.body.contains("Hello Ana Lopez,"))
        #expect(preview.body.contains("/tickets/PD-1/reply?format=eml"))
        #expect(try web.desk.store.ticket(1).events.count == before)
        let download = try await web.get("/tickets/PD-1/reply?format=eml", as: browser)
        #expect(download.status == .ok)
        #expect(download.headers[.contentType] == "message/rfc822")
        #expect(download.headers[.contentDisposition] == "attachment; filename=\"PD-1-request-changes.eml\"")
        #expect(download.body.contains("Subject: Re: VPC peering request [PD-1]"))
        #expect(download.body.contains("From: support@astronomer.example"))
        let event = try #require(try web.desk.store.ticket(1).events.last)
        #expect(event.kind == .replyDrafted)
        #expect(event.actor == "ben")
    }

    @Test("no reply due is 409 with the reason")
    func noReplyDue() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let browser = try await web.signIn()
        let response = try await web.get("/tickets/PD-1/reply", as: browser)
        #expect(response.status == .conflict)
        #expect(response.body.contains("no reply is due"))
    }

    @Test("the registry page is for administrators")
    func registry() async throws {
        let web = try WebHarness()
        let ana = try await web.signIn()
        let page = try await web.get("/registry", as: ana)
        #expect(page.status == .ok)
        #expect(page.body.contains("northwind-prod"))
        let ben = try await web.signIn("ben")
        #expect(try await web.get("/registry", as: ben).status == .forbidden)
        #expect(!(try await web.get("/", as: ben).body.contains("href=\"/registry\"")))
    }

    @Test("quarantine: listed with reason and size; retry of one that still does not read keeps it (409)")
    func quarantine() async throws {
        let web = try WebHarness()
        let pipeline = try IngestPipeline(store: web.desk.store)
        _ = try pipeline.ingest([
            .damaged(.init(kind: .email, path: "in/broken.pdf"), reason: "a PDF, not a message")
        ])
        let browser = try await web.signIn()
        let page = try await web.get("/quarantine", as: browser)
        #expect(page.status == .ok)
        let entries = try web.desk.store.quarantined()
        #expect(page.body.contains(try #require(entries.first).reference))
        #expect(page.body.contains("in/broken.pdf"))
        #expect(try await web.post("/quarantine/Q-99/retry", [], as: browser).status == .notFound)
        let retry = try await web.post("/quarantine/\(try #require(entries.first).reference)/retry", [], as: browser)
        #expect(retry.status == .conflict)
    }

    @Test("ingest by upload: each file's outcome, as peerdesk ingest stores it")
    func upload() async throws {
        let web = try WebHarness()
        let browser = try await web.signIn()
        #expect(try await web.get("/ingest", as: browser).status == .ok)
        let boundary = "----peerdesk-test"
        let message = mail(messageID: "<upload@northwind.example>", body: Details.northwind)
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(browser.csrf)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"../../etc/req.eml\"\r\n"
        body += "Content-Type: message/rfc822\r\n\r\n\(message)\r\n--\(boundary)--\r\n"
        let response = try await web.request(
            .post,
            "/ingest",
            headers: ["Cookie": browser.cookie, "Content-Type": "multipart/form-data; boundary=\(boundary)"],
            body: Array(body.utf8)
        )
        #expect(response.status == .ok)
        #expect(response.body.contains("1 read, 1 new"))
        #expect(response.body.contains("/tickets/PD-1"))
        #expect(try web.desk.store.ticket(1).subject == "VPC peering request")
        // Kept as where it came from: the upload's name, its folders dropped.
        let source = try web.desk.store.ticket(1).messages.first?.source
        #expect(source == "upload/1-req.eml", "\(source ?? "none")")
    }

    static func trimmed(_ text: String) -> String { text.trimmed }

    @Test("the bundled templates are Templates/web as committed (run Templates/web/generate-bundled.sh)")
    func bundledTemplates() throws {
        let folder = PeerDeskRunner.packageRoot.appendingPathComponent("Templates/web")
        for (name, text) in WebAssets.templates {
            let file = try String(contentsOf: folder.appendingPathComponent("\(name).mustache"), encoding: .utf8)
            #expect(Self.trimmed(file) == Self.trimmed(text), "\(name).mustache")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(names.count == WebAssets.templates.count)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("app.css"), encoding: .utf8).trimmed
                == WebAssets.css.trimmed
        )
        #expect(
            try String(contentsOf: folder.appendingPathComponent("app.js"), encoding: .utf8).trimmed
                == WebAssets.javascript.trimmed
        )
    }
}

extension String {
    /// Without the line breaks at the end (a Swift multi-line literal drops the last one).
    fileprivate var trimmed: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
