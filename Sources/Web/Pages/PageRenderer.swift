import Foundation
import Mustache

/// Renders the pages from the templates of `Templates/web` (built into the program): each page's
/// template, then the layout around it. Mustache escapes every value for HTML, so a customer's
/// subject, name or message is shown as text, never run as markup.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in WebAssets.templates {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// What the layout shows around every page.
    struct Chrome {
        var title: String
        var user: String?
        var isAdmin = false
        var csrf = ""
        var navQueue = false
        var navQuarantine = false
        var navIngest = false
        var navRegistry = false
        var body = ""
    }

    /// `template` rendered with `values`, inside the layout.
    func page(_ template: String, _ values: Any, chrome: Chrome) -> String {
        var chrome = chrome
        chrome.body = library.render(values, withTemplate: template) ?? ""
        return library.render(chrome, withTemplate: "layout") ?? ""
    }

    struct ErrorValues {
        var status: Int
        var reason: String
        var message: String
    }

    func errorPage(_ error: WebError, user: User?, csrf: String) -> String {
        let values = ErrorValues(status: error.status.code, reason: error.status.reasonPhrase, message: error.message)
        return page(
            "error",
            values,
            chrome: Chrome(
                title: error.status.reasonPhrase,
                user: user?.name,
                isAdmin: user?.isAdmin ?? false,
                csrf: csrf
            )
        )
    }
}

/// How times show on the pages: UTC, to the minute.
enum PageTime {
    static func format(_ date: Date?) -> String {
        guard let date else { return "" }
        let text = date.formatted(.iso8601)  // 2026-11-24T09:12:00Z
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
