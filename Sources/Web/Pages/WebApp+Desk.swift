import Foundation
import HTTPTypes
import Hummingbird
import Intake
import Runbook

/// The registry (read-only, for administrators), the quarantine, and ingest by upload.
extension WebApp {
    struct RegistryValues {
        struct Organization {
            var id: String
            var name: String
            var domains: String
        }

        struct Cluster {
            var id: String
            var name: String
            var organization: String
            var deployment: String
            var cloud: String
            var region: String
            var account: String
            var vpc: String
            var cidrs: String
            var status: String
        }

        struct Peering {
            var id: String
            var cluster: String
            var account: String
            var vpc: String
            var region: String
            var cidrs: String
            var status: String
        }

        var organizations: [Organization]
        var clusters: [Cluster]
        var peerings: [Peering]
        var organizationCount: Int
        var clusterCount: Int
        var peeringCount: Int
    }

    func registryPage(_ request: Request, _ context: WebContext) async throws -> Response {
        guard try user(context).isAdmin else { throw WebError.adminOnly }
        let database = store.database
        let (organizations, clusters, peerings) = try await blocking {
            (try database.organizations(), try database.clusters(), try database.peerings())
        }
        let values = RegistryValues(
            organizations: organizations.map {
                .init(id: $0.id, name: $0.name, domains: $0.emailDomains.joined(separator: ", "))
            },
            clusters: clusters.map {
                .init(
                    id: $0.id.rawValue,
                    name: $0.name,
                    organization: $0.organizationID,
                    deployment: $0.deployment.rawValue,
                    cloud: $0.cloud.rawValue,
                    region: $0.region,
                    account: $0.awsAccountID?.rawValue ?? "",
                    vpc: $0.vpcID?.rawValue ?? "",
                    cidrs: $0.vpcCIDRs.map(\.description).joined(separator: ", "),
                    status: $0.status.rawValue
                )
            },
            peerings: peerings.map {
                .init(
                    id: $0.id.rawValue,
                    cluster: $0.clusterID.rawValue,
                    account: $0.peerAccountID.rawValue,
                    vpc: $0.peerVPCID.rawValue,
                    region: $0.peerRegion,
                    cidrs: $0.peerCIDRs.map(\.description).joined(separator: ", "),
                    status: $0.status.rawValue
                )
            },
            organizationCount: organizations.count,
            clusterCount: clusters.count,
            peeringCount: peerings.count
        )
        var chrome = chrome("Registry", context)
        chrome.navRegistry = true
        return Self.html(pages.page("registry", values, chrome: chrome))
    }

    struct QuarantineValues {
        struct Entry {
            var id: String
            var at: String
            var source: String
            var kind: String
            var size: String
            var reason: String
        }

        var entries: [Entry]
        var csrf: String
        var error: String?
        var results: [String]
    }

    func quarantinePage(_ request: Request, _ context: WebContext) async throws -> Response {
        try await renderQuarantine(context, results: [], error: nil, status: .ok)
    }

    private func renderQuarantine(
        _ context: WebContext,
        results: [String],
        error: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        _ = try user(context)
        let store = store
        let entries = try await blocking { try store.quarantined() }
        let values = QuarantineValues(
            entries: entries.map {
                .init(
                    id: $0.reference,
                    at: PageTime.format($0.quarantinedAt),
                    source: $0.source,
                    kind: $0.sourceKind,
                    size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    reason: $0.reason
                )
            },
            csrf: context.csrfToken,
            error: error,
            results: results
        )
        var chrome = chrome("Quarantine", context)
        chrome.navQuarantine = true
        return Self.html(pages.page("quarantine", values, chrome: chrome), status: status)
    }

    /// `POST /quarantine/Q-3/retry`: `quarantine retry Q-3`; 303 back to the quarantine.
    func retry(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        guard let text = context.parameters.get("entry"), let id = try? QuarantineReference.parse(text) else {
            throw WebError.notFound("no such quarantined input")
        }
        let store = store
        let retries = try await blocking { try IngestPipeline(store: store).retryQuarantined([id]) }
        guard let retry = retries.first else { return Self.seeOther("/quarantine") }
        switch retry.outcome {
        case .released: return Self.seeOther(retry.result?.ticket.map { "/tickets/PD-\($0)" } ?? "/quarantine")
        case .kept:
            return try await renderQuarantine(
                context,
                results: [],
                error: "\(retry.entry.reference) still does not read: \(retry.result?.reason ?? "unknown reason")",
                status: .conflict
            )
        case .alreadyReleased:
            return try await renderQuarantine(
                context,
                results: [],
                error: "\(retry.entry.reference) was already released",
                status: .conflict
            )
        case .noBytes:
            return try await renderQuarantine(
                context,
                results: [],
                error: "\(retry.entry.reference): the export reader could not isolate this record's bytes; "
                    + "fix \(retry.entry.source) and ingest it again",
                status: .conflict
            )
        }
    }

    struct IngestValues {
        struct Result {
            var ticket: String
            var href: String?
            var outcome: String
            var source: String
            var status: String?
            var reason: String
        }

        var csrf: String
        var error: String?
        var hasResults: Bool
        var summary: String
        var results: [Result]
    }

    func ingestPage(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        return renderIngest(context, IngestValues(csrf: context.csrfToken, hasResults: false, summary: "", results: []))
    }

    private func renderIngest(
        _ context: WebContext,
        _ values: IngestValues,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var chrome = chrome("Ingest", context)
        chrome.navIngest = true
        return Self.html(pages.page("ingest", values, chrome: chrome), status: status)
    }

    /// `POST /ingest` with files: each is read as `peerdesk ingest FILE` reads it (the format from
    /// its content), under the name `upload/NAME`.
    func upload(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let files = context.form.files
        guard !files.isEmpty else {
            return renderIngest(
                context,
                IngestValues(
                    csrf: context.csrfToken,
                    error: "Choose at least one file.",
                    hasResults: false,
                    summary: "",
                    results: []
                ),
                status: .badRequest
            )
        }
        let store = store
        let (results, summary) = try await blocking { try Self.ingest(files, store: store) }
        let values = IngestValues(
            csrf: context.csrfToken,
            error: nil,
            hasResults: true,
            summary: summary,
            results: results
        )
        return renderIngest(context, values)
    }

    /// `item` with `prefix` dropped from where it came from.
    static func renamed(_ item: InputItem, dropping prefix: String) -> InputItem {
        func rename(_ origin: Origin) -> Origin {
            var origin = origin
            if origin.path.hasPrefix(prefix) { origin.path = String(origin.path.dropFirst(prefix.count)) }
            return origin
        }
        switch item {
        case .message(var raw):
            raw.origin = rename(raw.origin)
            return .message(raw)
        case .record(var record):
            record.origin = rename(record.origin)
            return .record(record)
        case .damaged(let origin, let reason):
            return .damaged(rename(origin), reason: reason)
        }
    }

    /// Writes the uploads to a private folder (their names reduced to safe characters), ingests it,
    /// and removes it.
    static func ingest(_ files: [FormData.UploadedFile], store: TicketStore) throws -> ([IngestValues.Result], String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "peerdesk-upload-\(UUID().uuidString)"
        )
        let upload = folder.appendingPathComponent("upload")
        try FileManager.default.createDirectory(at: upload, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, file) in files.enumerated() {
            // The name without any folders a browser (or an attacker) put in it, then safe characters.
            let base = file.name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            let safe = String(
                base.unicodeScalars.map { scalar -> Character in
                    scalar.isASCII
                        && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                        ? Character(scalar) : "_"
                }
            )
            let name = "\(index + 1)-" + (safe.isEmpty || safe.hasPrefix(".") ? "upload" : safe)
            let url = upload.appendingPathComponent(name)
            try Data(file.bytes).write(to: url)
            paths.append(url.path)
        }
        let pipeline = try IngestPipeline(store: store)
        var results: [IngestValues.Result] = []
        let prefix = folder.path + "/"
        for item in InputSource(paths: paths) {
            switch item {
            case .success(let input):
                // Stored as `upload/1-NAME.eml`, not under the private folder that is gone next.
                for result in try pipeline.ingest([Self.renamed(input, dropping: prefix)]).results {
                    let source = result.request.source.description
                    results.append(
                        IngestValues.Result(
                            ticket: result.ticket.map(TicketReference.format)
                                ?? result.quarantineID.map(QuarantineReference.format) ?? "-",
                            href: result.ticket.map { "/tickets/PD-\($0)" },
                            outcome: result.outcome.rawValue,
                            source: source.hasPrefix(prefix) ? String(source.dropFirst(prefix.count)) : source,
                            status: result.ticketStatus?.rawValue,
                            reason: result.reason ?? ""
                        )
                    )
                }
            case .failure(let error):
                results.append(
                    IngestValues.Result(
                        ticket: "-",
                        href: nil,
                        outcome: "unreadable",
                        source: error.path.hasPrefix(prefix) ? String(error.path.dropFirst(prefix.count)) : error.path,
                        status: nil,
                        reason: error.reason
                    )
                )
            }
        }
        return (results, pipeline.counts.summary)
    }
}
