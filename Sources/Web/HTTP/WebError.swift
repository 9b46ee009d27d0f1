import HTTPTypes

/// A request the web app refuses: the HTTP status, a stable code for the API's
/// `{"error": {"code", "message"}}`, and a message for people (never a secret or a body).
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static let signInRequired = WebError(.unauthorized, "unauthorized", "sign in, or send Authorization: Bearer TOKEN")
    static let csrf = WebError(
        .forbidden,
        "csrf",
        "the form is out of date or came from another site; nothing was changed: reload the page and try again"
    )
    static let adminOnly = WebError(.forbidden, "forbidden", "this page is for administrators")

    static func notFound(_ message: String = "no such page") -> WebError { WebError(.notFound, "not-found", message) }
    static func badRequest(_ message: String) -> WebError { WebError(.badRequest, "bad-request", message) }
}
