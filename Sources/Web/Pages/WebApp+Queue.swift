import Foundation
import Hummingbird
import PeeringModel
import Runbook

extension WebApp {
    /// The layout's values for a signed-in page.
    func chrome(_ title: String, _ context: WebContext) -> PageRenderer.Chrome {
        PageRenderer.Chrome(
            title: title,
            user: context.user?.name,
            isAdmin: context.user?.isAdmin ?? false,
            csrf: context.csrfToken
        )
    }

    /// The queue's filters from a query string (`status`, `owner`, `org`, `cluster`, `q`).
    static func queueFilter(_ query: FormData) throws -> QueueFilter {
        var statuses = Set<TicketStatus>()
        for (name, value) in query.fields where name == "status" && !value.isEmpty {
            guard let status = TicketStatus(rawValue: value) else {
                let names = TicketStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw WebError.badRequest("unknown status \"\(value)\"; statuses are: \(names)")
            }
            statuses.insert(status)
        }
        return QueueFilter(
            statuses: statuses,
            owner: query.text("owner"),
            organization: query.text("org"),
            cluster: query.text("cluster"),
            search: query.text("q")
        )
    }

    struct QueueValues {
        struct Tab {
            var label: String
            var count: Int
            var href: String
            var active: Bool
        }

        struct FindingValues {
            var code: String
            var severity: String
            var message: String
        }

        struct Row {
            var ticket: String
            var href: String
            var status: String
            var nextStep: String
            var age: String
            var waiting: String
            var requester: String
            var organization: String
            var cluster: String
            var clusterID: String
            var finding: FindingValues?
            var owner: String
            var subject: String
        }

        var tabs: [Tab]
        var status: [String]
        var q: String
        var owner: String
        var org: String
        var cluster: String
        var owners: [String]
        var organizations: [String]
        var clusters: [String]
        var isFiltered: Bool
        var clearHref: String
        var mineHref: String
        var rows: [Row]
        var pageInfo: String
        var previousHref: String?
        var nextHref: String?
    }

    func queuePage(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let query = FormData.urlEncoded(request.uri.query ?? "")
        let filter = try Self.queueFilter(query)
        let store = store
        let now = now()
        let requested = max(1, Int(query["page"] ?? "") ?? 1)
        let size = Self.pageSize
        let (first, snapshot) = try await blocking {
            (
                try store.queuePage(filter, offset: (requested - 1) * size, limit: size, now: now),
                try store.registrySnapshot()
            )
        }
        let pageCount = max(1, (first.total + size - 1) / size)
        let page = min(requested, pageCount)
        // A page past the end (the queue shrank since the link was made) shows the last one.
        let result =
            page == requested
            ? first
            : try await blocking { try store.queuePage(filter, offset: (page - 1) * size, limit: size, now: now) }
        let shown = result.rows
        let allCount = result.statusCounts.values.reduce(0, +)

        /// The queue's address with these filters (and `changes` applied).
        func href(status: [String]? = nil, owner: String?? = nil, page: Int? = nil, keepFilters: Bool = true) -> String
        {
            var items: [(String, String)] = []
            for value in status ?? filter.statuses.map(\.rawValue).sorted() { items.append(("status", value)) }
            if keepFilters {
                if let q = filter.search { items.append(("q", q)) }
                if let value = owner ?? filter.owner { items.append(("owner", value)) }
                if let org = filter.organization { items.append(("org", org)) }
                if let cluster = filter.cluster { items.append(("cluster", cluster)) }
            }
            if let page, page > 1 { items.append(("page", String(page))) }
            return Self.queryString("/", items)
        }

        var tabs = [
            QueueValues.Tab(label: "All", count: allCount, href: href(status: []), active: filter.statuses.isEmpty)
        ]
        for status in TicketStatus.allCases {
            tabs.append(
                QueueValues.Tab(
                    label: status.rawValue,
                    count: result.statusCounts[status] ?? 0,
                    href: href(status: [status.rawValue]),
                    active: filter.statuses == [status]
                )
            )
        }
        let firstShown = shown.isEmpty ? 0 : (page - 1) * size + 1
        let values = QueueValues(
            tabs: tabs,
            status: filter.statuses.map(\.rawValue).sorted(),
            q: filter.search ?? "",
            owner: filter.owner ?? "",
            org: filter.organization ?? "",
            cluster: filter.cluster ?? "",
            owners: result.owners,
            organizations: snapshot.organizations.values.map(\.name).sorted(),
            clusters: snapshot.clusters.values.map(\.name).sorted(),
            isFiltered: filter.search != nil || filter.owner != nil || filter.organization != nil
                || filter.cluster != nil,
            clearHref: href(keepFilters: false),
            mineHref: href(owner: .some(user.name)),
            rows: shown.map(Self.row),
            pageInfo: shown.isEmpty
                ? "No tickets"
                : "\(firstShown)–\(firstShown + shown.count - 1) of \(result.total) · page \(page) of \(pageCount)",
            previousHref: page > 1 ? href(page: page - 1) : nil,
            nextHref: page < pageCount ? href(page: page + 1) : nil
        )
        var chrome = chrome("Queue", context)
        chrome.navQueue = true
        return Self.html(pages.page("queue", values, chrome: chrome))
    }

    private static func row(_ row: QueueRow) -> QueueValues.Row {
        QueueValues.Row(
            ticket: row.ticket,
            href: "/tickets/\(row.ticket)",
            status: row.status.rawValue,
            nextStep: row.nextStep?.rawValue ?? "",
            age: QueueRow.age(row.ageSeconds),
            waiting: PageTime.format(row.waitingSince),
            requester: row.requester ?? "",
            organization: row.organization ?? "",
            cluster: row.clusterName ?? row.cluster ?? "",
            clusterID: row.cluster ?? "",
            finding: row.finding.map {
                QueueValues.FindingValues(code: $0.code.rawValue, severity: $0.severity.rawValue, message: $0.message)
            },
            owner: row.owner ?? "",
            subject: row.subject ?? ""
        )
    }

    /// `/path?a=1&b=two%20words`.
    static func queryString(_ path: String, _ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }
        return path + "?" + encoded.joined(separator: "&")
    }
}
