public import Hummingbird
import NIOCore

/// The request context of the web app: who is signed in (by session cookie or API token), the
/// client's address (for the sign-in limit, never logged), and the parsed form of a POST.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, "unknown" when the channel has none (tests).
    public let address: String
    /// The signed-in user, set by `WebMiddleware`.
    var user: User?
    /// The session ID from the cookie, when the user signed in with one.
    var sessionID: String?
    /// The form of a POST, read and CSRF-checked by `WebMiddleware`.
    var form = FormData()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Uploads (ingest) may be large; everything else is small.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The form token of the session (empty without one).
    var csrfToken: String { sessionID.map { Secret.csrfToken(session: $0) } ?? "" }
}
