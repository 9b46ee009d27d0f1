import DeskTestSupport
import Foundation
import HTTPTypes
import Runbook
import Testing

@testable import Web

@Suite("Sign-in, sessions, tokens")
struct WebAuthTests {
    static let pages = [
        "/", "/?status=ready", "/tickets/PD-1", "/tickets/PD-1/reply", "/registry", "/quarantine", "/ingest",
    ]

    @Test("a page without a session redirects to /login (303), naming the page asked for", arguments: pages)
    func pagesNeedASession(path: String) async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let response = try await web.get(path)
        #expect(response.status == .seeOther)
        let location = try #require(response.location)
        #expect(location == "/login" || location.hasPrefix("/login?next="))
        if path != "/" { #expect(location.contains("next=")) }
    }

    static let posts = [
        "/tickets/PD-1/steps", "/tickets/PD-1/undo", "/tickets/PD-1/fields", "/tickets/PD-1/assign",
        "/tickets/PD-1/notes", "/tickets/PD-1/reject", "/tickets/PD-1/reopen", "/quarantine/Q-1/retry", "/ingest",
        "/logout",
    ]

    @Test("a form POST without a session changes nothing and redirects to /login", arguments: posts)
    func postsNeedASession(path: String) async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let before = try web.desk.store.ticket(1).events.count
        let response = try await web.post(
            path,
            [("text", "hello"), ("reason", "no"), ("step", "peering-requested")],
            as: nil
        )
        #expect(response.status == .seeOther)
        #expect(response.location == "/login")
        #expect(try web.desk.store.ticket(1).events.count == before)
    }

    static let apiRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/tickets"), (.get, "/api/tickets/PD-1"), (.post, "/api/tickets/PD-1/steps"),
        (.post, "/api/tickets/PD-1/fields"), (.post, "/api/inbound"),
    ]

    @Test("the API without a token or session is 401 with a JSON error", arguments: apiRoutes)
    func apiNeedsAToken(method: HTTPRequest.Method, path: String) async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        for token in [nil, "not-a-token"] as [String?] {
            let response = try await web.api(method, path, token: token, json: ["step": "peering-requested"])
            #expect(response.status == .unauthorized)
            let error = try #require(try response.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "unauthorized")
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Lax session cookie and goes to the page asked for")
    func signIn() async throws {
        let web = try WebHarness()
        let response = try await web.post(
            "/login",
            [("username", "ana"), ("password", WebHarness.password), ("next", "/quarantine")],
            as: nil
        )
        #expect(response.status == .seeOther)
        #expect(response.location == "/quarantine")
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.hasPrefix("peerdesk_session="))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        #expect(!cookie.contains("Secure"))
        // Only the digest of the session ID is stored.
        let value = String(try #require(cookie.split(separator: ";").first).dropFirst("peerdesk_session=".count))
        let stored = try web.desk.database.read { db in
            try Data.fetchAll(db, sql: "SELECT id_hash FROM web_session")
        }
        #expect(stored == [Secret.digest(value)])
    }

    @Test("the cookie is Secure when the base URL is https")
    func secureCookie() async throws {
        let web = try WebHarness(configuration: WebConfiguration(baseURL: "https://desk.example.com"))
        let response = try await web.post(
            "/login",
            [("username", "ana"), ("password", WebHarness.password)],
            as: nil,
            headers: ["Origin": "https://desk.example.com"]
        )
        #expect(response.status == .seeOther)
        #expect(try #require(response.headers[.setCookie]).contains("Secure"))
    }

    @Test(
        "an open redirect through next is refused",
        arguments: ["//evil.example/", "https://evil.example/", "/\\evil"]
    )
    func noOpenRedirect(next: String) async throws {
        let web = try WebHarness()
        let response = try await web.post(
            "/login",
            [("username", "ana"), ("password", WebHarness.password), ("next", next)],
            as: nil
        )
        #expect(response.location == "/")
    }

    @Test("a wrong password is 401 with the form again; the same answer for an unknown user")
    func wrongPassword() async throws {
        let web = try WebHarness()
        for name in ["ana", "nobody"] {
            let response = try await web.post("/login", [("username", name), ("password", "wrong password")], as: nil)
            #expect(response.status == .unauthorized)
            #expect(response.body.contains("Wrong user name or password."))
            #expect(response.headers[.setCookie] == nil)
        }
    }

    @Test("10 failures in 15 minutes lock the name for that address (429) for 15 minutes, even with the right password")
    func rateLimit() async throws {
        let web = try WebHarness()
        for attempt in 1...10 {
            let response = try await web.post(
                "/login",
                [("username", "ana"), ("password", "guess \(attempt)")],
                as: nil
            )
            #expect(response.status == (attempt < 10 ? .unauthorized : .tooManyRequests))
            web.clock.advance(30)
        }
        let locked = try await web.post("/login", [("username", "ana"), ("password", WebHarness.password)], as: nil)
        #expect(locked.status == .tooManyRequests)
        #expect(locked.body.contains("Too many failed sign-ins"))
        // Another name from the same address is not locked.
        let other = try await web.post("/login", [("username", "ben"), ("password", WebHarness.password)], as: nil)
        #expect(other.status == .seeOther)
        web.clock.advance(15 * 60)
        let later = try await web.post("/login", [("username", "ana"), ("password", WebHarness.password)], as: nil)
        #expect(later.status == .seeOther)
    }

    @Test("signing out ends the session: its cookie no longer signs in")
    func signOut() async throws {
        let web = try WebHarness()
        let browser = try await web.signIn()
        #expect(try await web.get("/", as: browser).status == .ok)
        let response = try await web.post("/logout", [], as: browser)
        #expect(response.status == .seeOther)
        #expect(response.location == "/login")
        #expect(try #require(response.headers[.setCookie]).contains("Max-Age=0"))
        #expect(try await web.get("/", as: browser).status == .seeOther)
    }

    @Test("a session unused for 12 hours is over")
    func idleSession() async throws {
        let web = try WebHarness()
        let browser = try await web.signIn()
        web.clock.advance(11 * 3_600)
        #expect(try await web.get("/", as: browser).status == .ok)
        web.clock.advance(11 * 3_600)  // used 11 h ago: still alive
        #expect(try await web.get("/", as: browser).status == .ok)
        web.clock.advance(12 * 3_600 + 1)
        let response = try await web.get("/", as: browser)
        #expect(response.status == .seeOther)
        #expect(response.location == "/login")
    }

    @Test("a changed password ends the account's sessions")
    func passwordChangeEndsSessions() async throws {
        let web = try WebHarness()
        let browser = try await web.signIn()
        try web.accounts.setPassword("ana", password: "another long password")
        #expect(try await web.get("/", as: browser).status == .seeOther)
    }

    @Test("a token reads the API as its user; once revoked it is 401")
    func tokenRevoke() async throws {
        let web = try WebHarness()
        try web.ingestReadyTicket()
        let token = try web.accounts.createToken("script", user: "ben")
        #expect(token.count == 43)
        let stored = try web.desk.database.read { db in try Data.fetchAll(db, sql: "SELECT token_hash FROM api_token") }
        #expect(stored == [Secret.digest(token)])
        let response = try await web.api(.get, "/api/tickets", token: token)
        #expect(response.status == .ok)
        try web.accounts.revokeToken("script")
        #expect(try await web.api(.get, "/api/tickets", token: token).status == .unauthorized)
    }

    @Test("a token does not open the pages: they need a session")
    func tokenIsNotASession() async throws {
        let web = try WebHarness()
        let token = try web.accounts.createToken("script", user: "ana")
        let response = try await web.get("/", headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .seeOther)
    }

    @Test("passwords are bcrypt hashes of cost 12 by default")
    func bcryptCost() throws {
        let desk = try Desk(schemas: [Accounts.schema])
        let accounts = Accounts(database: desk.database)
        try accounts.addUser("cara", password: "long enough password")
        let hash = try desk.database.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM web_user WHERE name = 'cara'")
        }
        #expect(try #require(hash).hasPrefix("$2b$12$"))
        guard case .signedIn = try accounts.signIn(name: "cara", password: "long enough password", address: "a") else {
            Issue.record("cara could not sign in")
            return
        }
    }

    @Test(
        "account input is checked",
        arguments: [("", "long enough"), ("bad name", "long enough"), ("ok", "short"), ("<b>", "long enough")]
    )
    func accountChecks(name: String, password: String) throws {
        let web = try WebHarness()
        #expect(throws: AccountsError.self) { try web.accounts.addUser(name, password: password) }
    }

    @Test("a second user of the same name (any case) is refused")
    func duplicateUser() throws {
        let web = try WebHarness()
        #expect(throws: AccountsError(.userExists, "there is already a user ANA")) {
            try web.accounts.addUser("ANA", password: "long enough password")
        }
    }

    @Test("one log line per request: method, path, status, duration, user; no query, body, password or address")
    func requestLog() async throws {
        let log = LogLines()
        let web = try WebHarness(log: log)
        _ = try await web.post("/login", [("username", "ana"), ("password", "wrong secret words")], as: nil)
        let browser = try await web.signIn()
        _ = try await web.get("/?q=secret-search", as: browser)
        let lines = log.lines
        #expect(lines.contains { $0.hasPrefix("info GET / 200 ") && $0.hasSuffix("ms ana") })
        #expect(lines.contains { $0.hasPrefix("info POST /login 401 ") })
        #expect(lines.contains { $0 == "notice sign-in refused for ana" })
        for line in lines {
            #expect(!line.contains("wrong secret"))
            #expect(!line.contains(WebHarness.password))
            #expect(!line.contains("secret-search"))
            #expect(!line.contains(browser.cookie.dropFirst("peerdesk_session=".count)))
        }
    }
}
