import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Replies
import Runbook

/// What every request goes through: who is signed in (session cookie, or for the API a bearer
/// token), the CSRF checks of a POST (Origin/Referer and the form's `csrf_token`), sign-in for
/// every page but `/login` (303) and every API route (401), errors as a page or as
/// `{"error": {...}}`, the security headers, and one log line (method, path, status, duration,
/// user; never a body, a query, an address or a secret).
struct WebMiddleware: RouterMiddleware {
    typealias Context = WebContext

    let app: WebApp

    func handle(
        _ request: Request,
        context: WebContext,
        next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let isAPI = path == "/api" || path.hasPrefix("/api/")
        var context = context
        var response: Response
        do {
            var request = request
            try await authenticate(request, &context, isAPI: isAPI)
            if request.method == .post { try await checkPost(&request, &context, isAPI: isAPI) }
            if context.user == nil, !Self.isPublic(path) {
                if isAPI { throw WebError.signInRequired }
                response = WebApp.seeOther(Self.loginLocation(request))
            } else {
                response = try await next(request, context)
            }
        } catch {
            response = errorResponse(error, isAPI: isAPI, context: context)
        }
        Self.addSecurityHeaders(&response, isStatic: path.hasPrefix("/static/"))
        let elapsed = (ContinuousClock.now - started).components
        let milliseconds = elapsed.seconds * 1_000 + elapsed.attoseconds / 1_000_000_000_000_000
        app.logger.info(
            "\(request.method.rawValue) \(path) \(response.status.code) \(milliseconds)ms \(context.user?.name ?? "-")"
        )
        return response
    }

    static func isPublic(_ path: String) -> Bool { path == "/login" || path.hasPrefix("/static/") }

    /// `/login?next=/tickets/PD-3` for a page asked for without a session.
    static func loginLocation(_ request: Request) -> String {
        guard request.method == .get, request.uri.path != "/" || !(request.uri.query ?? "").isEmpty else {
            return "/login"
        }
        var wanted = request.uri.path
        if let query = request.uri.query, !query.isEmpty { wanted += "?" + query }
        let encoded = wanted.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
        return "/login?next=" + encoded
    }

    /// The user of the bearer token (API routes) or of the session cookie.
    private func authenticate(_ request: Request, _ context: inout WebContext, isAPI: Bool) async throws {
        let accounts = app.accounts
        if isAPI, let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw WebError.signInRequired }
            let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard let user = try await app.blocking({ try accounts.tokenUser(token) }) else {
                throw WebError.signInRequired
            }
            context.user = user
            return
        }
        guard let sessionID = request.cookies[WebApp.sessionCookie]?.value, !sessionID.isEmpty else { return }
        if let user = try await app.blocking({ try accounts.sessionUser(sessionID) }) {
            context.user = user
            context.sessionID = sessionID
        }
    }

    /// A POST from a browser must come from our origin and carry the session's form token; a
    /// script with a bearer token has no cookie to abuse and is not asked for either.
    private func checkPost(_ request: inout Request, _ context: inout WebContext, isAPI: Bool) async throws {
        if isAPI, context.sessionID == nil { return }
        guard isSameOrigin(request) else { throw WebError.csrf }
        if isAPI {
            guard let sessionID = context.sessionID, let sent = request.headers[Self.csrfHeader],
                Secret.equal(sent, Secret.csrfToken(session: sessionID))
            else { throw WebError.csrf }
            return
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let bytes = Array(body.readableBytesView)
        if type.hasPrefix("multipart/form-data") {
            let boundary = Self.boundary(request.headers[.contentType] ?? "")
            guard let boundary else { throw WebError.badRequest("a multipart form without a boundary") }
            context.form = FormData.multipart(bytes, boundary: boundary)
        } else {
            context.form = FormData.urlEncoded(String(decoding: bytes, as: UTF8.self))
        }
        // Signing in has no session yet: the origin check above is its CSRF defence.
        if request.uri.path == "/login" { return }
        guard let sessionID = context.sessionID else { return }  // not signed in: sent to /login
        guard let sent = context.form["csrf_token"], Secret.equal(sent, Secret.csrfToken(session: sessionID)) else {
            throw WebError.csrf
        }
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token") ?? .authorization

    static func boundary(_ contentType: String) -> String? {
        for piece in contentType.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"")
            )
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// `Origin` (else `Referer`) names the base URL's origin, or without `--base-url` the host the
    /// request was sent to. A request with neither (not a browser) passes to the token check.
    private func isSameOrigin(_ request: Request) -> Bool {
        let sent: String
        if let origin = request.headers[.origin] {
            sent = origin
        } else if let referer = request.headers[.referer], let url = URL(string: referer), let scheme = url.scheme,
            let host = url.host
        {
            sent = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        } else {
            return true
        }
        guard sent != "null", let url = URL(string: sent), let host = url.host else { return false }
        if let expected = app.configuration.origin {
            return sent.lowercased() == expected
        }
        let authority = host.lowercased() + (url.port.map { ":\($0)" } ?? "")
        let requested = (request.head.authority ?? "").lowercased()
        return authority == requested
    }

    private func errorResponse(_ error: any Error, isAPI: Bool, context: WebContext) -> Response {
        let failure = WebError.from(error)
        if failure.status.code >= 500 {
            app.logger.error("request failed: \(failure.message)")
        }
        if isAPI {
            let body = ErrorBody(error: .init(code: failure.code, message: failure.message))
            return (try? WebApp.json(body, status: failure.status)) ?? Response(status: failure.status)
        }
        let page = app.pages.errorPage(failure, user: context.user, csrf: context.csrfToken)
        return WebApp.html(page, status: failure.status)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// No inline script, no other origin, no framing; pages are not cached.
    static func addSecurityHeaders(_ response: inout Response, isStatic: Bool) {
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        if let name = HTTPField.Name("Referrer-Policy") { response.headers[name] = "same-origin" }
        if let name = HTTPField.Name("X-Frame-Options") { response.headers[name] = "DENY" }
        if !isStatic, response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    }
}

extension WebError {
    /// Any failure as a status and message: the desk's refusals are 409 with the guard's words,
    /// bad input 400, a missing ticket 404; anything unexpected 500 without details.
    static func from(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as RunbookError: return from(error)
        case let error as ReplyDraftError:
            switch error {
            case .runbook(let error): return from(error)
            case .reply(_, _, let reply) where reply.code == .notApplicable:
                return WebError(.conflict, "no-reply-due", error.description)
            case .reply: return WebError(.conflict, "reply-failed", error.description)
            }
        case let error as AccountsError:
            return WebError(.internalServerError, "internal", error.description)
        case let error as HTTPError:
            return WebError(error.status, "http", error.body ?? error.status.reasonPhrase)
        default:
            return WebError(.internalServerError, "internal", "something went wrong; the server log says what")
        }
    }

    static func from(_ error: RunbookError) -> WebError {
        switch error {
        case .invalidReference, .noSuchTicket, .noSuchQuarantine:
            return WebError(.notFound, "not-found", error.description)
        case .guardFailed:
            return WebError(.conflict, "guard-failed", error.description)
        case .changedSince:
            return WebError(.conflict, "changed", error.description)
        case .refused, .peeringIDInUse, .quarantineReleased:
            return WebError(.conflict, "refused", error.description)
        case .invalidPeeringID, .peeringIDRequired, .peeringIDNotExpected, .invalidValue, .noValue, .oneValueOnly:
            return WebError(.badRequest, "invalid-value", error.description)
        case .database, .encoding, .corruptRow:
            return WebError(.internalServerError, "internal", error.description)
        }
    }
}
