import DeskTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Provisioning
import Runbook
import Synchronization
import Testing

@testable import Web

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_796_000_000))

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// What the router answered.
struct TestResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var location: String? { headers[.location] }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }
}

/// A signed-in browser: the session cookie and the form token of its pages.
struct Browser {
    var cookie: String
    var csrf: String
}

/// The web app on a private in-memory desk (demo registry, a fixed clock), driven through its
/// router without a socket, as Hummingbird's own router tests do.
struct WebHarness {
    let desk: Desk
    let accounts: Accounts
    let app: WebApp
    let clock: TestClock
    let responder: RouterResponder<WebContext>

    static let password = "correct horse battery"

    init(
        configuration: WebConfiguration = WebConfiguration(replyFrom: "support@astronomer.example"),
        log: LogLines? = nil,
        cloud: FakeCloud? = nil
    ) throws {
        desk = try Desk(schemas: [Accounts.schema])
        let clock = TestClock()
        self.clock = clock
        // bcrypt at its lowest cost keeps the tests fast; production uses Accounts.passwordCost.
        accounts = Accounts(database: desk.database, cost: 4, now: { clock.now })
        var logger = Logger(label: "peerdesk.web.test") { _ in
            if let log { return log } else { return SwiftLogNoOpLogHandler() }
        }
        logger.logLevel = log == nil ? .critical : .info
        var settings = PeeringProvisioner.Settings()
        settings.pollInterval = .milliseconds(1)
        settings.activeTimeout = .milliseconds(20)
        settings.initialBackoff = .milliseconds(1)
        // Without a fake, AWS is a cloud that refuses every call: no test reaches the real one.
        let fallback = FakeCloud(FakeCloud.State())
        app = try WebApp(
            store: desk.store,
            accounts: accounts,
            configuration: configuration,
            logger: logger,
            now: { clock.now },
            peeringSettings: settings,
            cloud: { _ in cloud ?? fallback }
        )
        responder = app.makeRouter().buildResponder()
        try accounts.addUser("ana", password: Self.password, isAdmin: true)
        try accounts.addUser("ben", password: Self.password)
    }

    /// One request through the router.
    func request(
        _ method: HTTPRequest.Method,
        _ path: String,
        headers: [String: String] = [:],
        body: [UInt8] = []
    ) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers {
            fields[try #require(HTTPField.Name(name))] = value
        }
        if !body.isEmpty { fields[.contentLength] = String(body.count) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: fields),
            body: RequestBody(buffer: ByteBuffer(bytes: body))
        )
        let channel = EmbeddedChannel()
        let context = WebContext(source: ApplicationRequestContextSource(channel: channel, logger: app.logger))
        let response = try await responder.respond(to: request, context: context)
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return TestResponse(status: response.status, headers: response.headers, body: writer.text)
    }

    func get(_ path: String, as browser: Browser? = nil, headers: [String: String] = [:]) async throws -> TestResponse {
        var headers = headers
        if let browser { headers["Cookie"] = browser.cookie }
        return try await request(.get, path, headers: headers)
    }

    /// A form POST; the browser's CSRF token unless `csrf` says otherwise.
    func post(
        _ path: String,
        _ fields: [(String, String)],
        as browser: Browser?,
        csrf: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        var fields = fields
        if let browser {
            headers["Cookie"] = browser.cookie
            fields.append(("csrf_token", csrf ?? browser.csrf))
        }
        return try await request(.post, path, headers: headers, body: Array(Self.encode(fields).utf8))
    }

    /// Signs in through the login form.
    func signIn(_ name: String = "ana", password: String = WebHarness.password) async throws -> Browser {
        let response = try await post("/login", [("username", name), ("password", password)], as: nil)
        #expect(response.status == .seeOther)
        let setCookie = try #require(response.headers[.setCookie])
        let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
        let session = String(cookie.dropFirst("peerdesk_session=".count))
        return Browser(cookie: cookie, csrf: Secret.csrfToken(session: session))
    }

    /// JSON to the API with a bearer token.
    func api(
        _ method: HTTPRequest.Method,
        _ path: String,
        token: String?,
        json: Any? = nil
    ) async throws -> TestResponse {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        var body: [UInt8] = []
        if let json {
            headers["Content-Type"] = "application/json"
            body = Array(try JSONSerialization.data(withJSONObject: json))
        }
        return try await request(method, path, headers: headers, body: body)
    }

    /// The demo's valid northwind request as PD-1 (ready), and a second ticket when asked.
    @discardableResult
    func ingestReadyTicket(
        subject: String = "VPC peering request",
        from: String = "Ana Lopez <ana@northwind.example>"
    )
        throws -> Int64
    {
        let result = try desk.ingestOne(
            mail(
                from: from,
                subject: subject,
                messageID: "<\(UUID().uuidString)@northwind.example>",
                body: Details.northwind
            )
        )
        return try #require(result.ticket)
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

/// Collects a response body.
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    private var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func write(_ buffer: ByteBuffer) async throws {
        bytes += Array(buffer.readableBytesView)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// A log handler that keeps every line, for tests of what the server logs.
struct LogLines: LogHandler {
    private let storage = Storage()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    final class Storage: Sendable {
        let lines = Mutex<[String]>([])
    }

    var lines: [String] { storage.lines.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        storage.lines.withLock { $0.append("\(event.level) \(event.message)") }
    }
}
