public import Foundation
public import Hummingbird
public import Logging
public import Provisioning
import Replies
public import Runbook

/// How `peerdesk serve` was started.
public struct WebConfiguration: Sendable {
    /// The address staff open (`--base-url`): its origin is the only one POSTs may come from, and
    /// an https one makes the session cookie `Secure`.
    public var baseURL: String?
    /// The support address reply drafts are from (`--from`, else `$PEERDESK_FROM`).
    public var replyFrom: String?
    /// The role stack's template URL for quick-create links in request-changes replies.
    public var roleTemplateURL: String?

    public init(baseURL: String? = nil, replyFrom: String? = nil, roleTemplateURL: String? = nil) {
        self.baseURL = baseURL
        self.replyFrom = replyFrom
        self.roleTemplateURL = roleTemplateURL
    }

    var isSecure: Bool { baseURL?.lowercased().hasPrefix("https://") ?? false }

    /// `scheme://host[:port]` of the base URL.
    var origin: String? {
        guard let baseURL, let url = URL(string: baseURL), let scheme = url.scheme, let host = url.host else {
            return nil
        }
        return "\(scheme.lowercased())://\(host.lowercased())" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// The staff web app and HTTP API: the same desk as the CLI (the same `TicketStore`,
/// `IngestPipeline` and `ReplyDrafter` calls), for a browser and for scripts.
public struct WebApp: Sendable {
    public let store: TicketStore
    public let accounts: Accounts
    public let configuration: WebConfiguration
    let pages: PageRenderer
    let drafter: ReplyDrafter
    let logger: Logger
    /// The clock of the queue's ages (tests fix it).
    let now: @Sendable () -> Date
    /// The cluster account's AWS for "Execute in AWS", given the profile (the AWS CLI; tests
    /// give a fake), and the provisioner's waits and retries.
    let makeCloud: @Sendable (_ profile: String?) -> any PeeringCloud
    let peeringSettings: PeeringProvisioner.Settings

    /// The cookie that carries the session ID.
    static let sessionCookie = "peerdesk_session"
    /// Queue rows per page.
    static let pageSize = 50

    public init(
        store: TicketStore,
        accounts: Accounts,
        configuration: WebConfiguration = WebConfiguration(),
        logger: Logger = Logger(label: "peerdesk.web"),
        now: @escaping @Sendable () -> Date = { Date() },
        peeringSettings: PeeringProvisioner.Settings = PeeringProvisioner.Settings(),
        cloud: @escaping @Sendable (_ profile: String?) -> any PeeringCloud = { AWSCommandLine(profile: $0) }
    ) throws(WebSetupError) {
        self.now = now
        self.makeCloud = cloud
        self.peeringSettings = peeringSettings
        self.store = store
        self.accounts = accounts
        self.configuration = configuration
        self.logger = logger
        do {
            pages = try PageRenderer()
        } catch {
            throw WebSetupError(message: "the web templates do not load: \(error)")
        }
        do {
            drafter = ReplyDrafter(
                store: store,
                renderer: try ReplyRenderer(),
                roleTemplateURL: configuration.roleTemplateURL
            )
        } catch {
            throw WebSetupError(message: error.description)
        }
    }

    /// Every route of DESIGN.md's "Web app and HTTP API", behind `WebMiddleware`.
    public func makeRouter() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: WebMiddleware(app: self))
        router.get("/static/app.css") { _, _ in Self.asset(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("/static/app.js") { _, _ in Self.asset(WebAssets.javascript, type: "text/javascript; charset=utf-8")
        }
        router.get("/login") { request, context in try await self.loginPage(request, context) }
        router.post("/login") { request, context in try await self.signIn(request, context) }
        router.post("/logout") { request, context in try await self.signOut(request, context) }
        router.get("/") { request, context in try await self.queuePage(request, context) }
        router.get("/tickets/:ticket") { request, context in try await self.ticketPage(request, context) }
        router.get("/tickets/:ticket/reply") { request, context in try await self.replyPage(request, context) }
        router.get("/tickets/:ticket/peering") { request, context in try await self.peeringPage(request, context) }
        router.post("/tickets/:ticket/peering") { request, context in try await self.applyPeering(request, context) }
        router.post("/tickets/:ticket/:action") { request, context in try await self.ticketAction(request, context) }
        router.get("/registry") { request, context in try await self.registryPage(request, context) }
        router.get("/quarantine") { request, context in try await self.quarantinePage(request, context) }
        router.post("/quarantine/:entry/retry") { request, context in try await self.retry(request, context) }
        router.get("/ingest") { request, context in try await self.ingestPage(request, context) }
        router.post("/ingest") { request, context in try await self.upload(request, context) }
        router.get("/api/tickets") { request, context in try await self.apiQueue(request, context) }
        router.get("/api/tickets/:ticket") { request, context in try await self.apiTicket(request, context) }
        router.post("/api/tickets/:ticket/steps") { request, context in try await self.apiStep(request, context) }
        router.post("/api/tickets/:ticket/fields") { request, context in try await self.apiField(request, context) }
        router.post("/api/inbound") { request, context in try await self.apiInbound(request, context) }
        return router
    }

    private static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Shared helpers

    /// Runs blocking work (SQLite, bcrypt) off the concurrency pool's threads.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The signed-in user (the middleware lets no request without one reach a handler that asks).
    func user(_ context: WebContext) throws -> User {
        guard let user = context.user else { throw WebError.signInRequired }
        return user
    }

    /// The ticket named in the path (`PD-12`); 404 for anything else.
    func ticketID(_ context: WebContext) throws -> Int64 {
        guard let text = context.parameters.get("ticket"), let id = try? TicketReference.parse(text) else {
            throw WebError.notFound("no such ticket")
        }
        return id
    }

    /// A 303 to `location` (after a form POST, after signing in or out).
    static func seeOther(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON body (the CLI's encoding: snake_case keys, explicit nulls, ISO 8601 times).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let data = try JSONLines.data(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The web app cannot start (its templates, the reply templates).
public struct WebSetupError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
