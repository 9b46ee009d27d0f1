import Foundation
import Hummingbird

extension WebApp {
    struct LoginValues {
        var next: String
        var username: String
        var error: String?
    }

    func loginPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let query = FormData.urlEncoded(request.uri.query ?? "")
        let next = Self.safeNext(query["next"])
        if context.user != nil { return Self.seeOther(next) }
        return Self.html(
            pages.page("login", LoginValues(next: next, username: "", error: nil), chrome: .init(title: "Sign in"))
        )
    }

    /// A sign-in: 303 to the page asked for with a new session cookie; 401 with the form again;
    /// 429 while the name is locked for this address.
    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = context.form
        let name = form["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        let accounts = accounts
        let address = context.address
        let result = try await blocking { try accounts.signIn(name: name, password: password, address: address) }
        switch result {
        case .signedIn(let user, let sessionID):
            logger.info("signed in: \(user.name)")
            var response = Self.seeOther(next)
            response.setCookie(sessionCookie(sessionID, maxAge: nil))
            return response
        case .refused:
            logger.notice("sign-in refused for \(Self.loggable(name))")
            let values = LoginValues(next: next, username: name, error: "Wrong user name or password.")
            return Self.html(pages.page("login", values, chrome: .init(title: "Sign in")), status: .unauthorized)
        case .locked(let until):
            logger.warning("sign-in locked for \(Self.loggable(name)) until \(PageTime.format(until)) UTC")
            let values = LoginValues(
                next: next,
                username: name,
                error: "Too many failed sign-ins: try again after \(PageTime.format(until)) UTC."
            )
            return Self.html(pages.page("login", values, chrome: .init(title: "Sign in")), status: .tooManyRequests)
        }
    }

    func signOut(_ request: Request, _ context: WebContext) async throws -> Response {
        if let sessionID = context.sessionID {
            let accounts = accounts
            try await blocking { try accounts.endSession(sessionID) }
        }
        var response = Self.seeOther("/login")
        response.setCookie(sessionCookie("", maxAge: 0))
        return response
    }

    func sessionCookie(_ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: Self.sessionCookie,
            value: value,
            maxAge: maxAge,
            path: "/",
            secure: configuration.isSecure,
            httpOnly: true,
            sameSite: .lax
        )
    }

    /// Only a path of this site (`/…`, not `//host`), else the queue.
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
            !text.contains(where: { $0.isNewline })
        else { return "/" }
        return text
    }

    /// A tried user name for the log: printable, short.
    static func loggable(_ name: String) -> String {
        String(
            name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(64).map(
                Character.init
            )
        )
    }
}
