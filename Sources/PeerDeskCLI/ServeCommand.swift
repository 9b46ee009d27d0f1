import ArgumentParser
import Foundation
import Logging
import Runbook
import Web

/// `peerdesk serve`: the staff web app and HTTP API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the staff web app and the HTTP API (default 127.0.0.1:8080).",
        discussion: """
            Open the printed address and sign in with an account from peerdesk user add. The pages \
            are the queue, each ticket (fields, findings, runbook, reply, history), the quarantine, \
            ingest by upload, and for administrators the registry. The API (JSON) takes \
            Authorization: Bearer TOKEN (peerdesk token create) or a session: GET /api/tickets, \
            GET /api/tickets/PD-12, POST /api/tickets/PD-12/steps, POST /api/tickets/PD-12/fields, \
            POST /api/inbound (one raw message, as peerdesk ingest - stores it).

            One log line per request goes to standard error (method, path, status, duration, user); \
            SIGTERM or SIGINT stops the server once the requests in flight are answered.

            Examples:
              peerdesk serve
              peerdesk serve --listen 0.0.0.0:8443 --base-url https://desk.example.com --from support@example.com
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The address to listen on (port 0: any free port).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The URL staff open (behind a proxy): POSTs must come from its origin; https makes the cookie Secure.",
            valueName: "url"
        )
    )
    var baseURL: String?

    @Option(
        help: ArgumentHelp(
            "The support address reply drafts are from (default: $PEERDESK_FROM).",
            valueName: "address"
        )
    )
    var from: String?

    func validate() throws {
        _ = try Self.hostAndPort(listen)
        if let baseURL {
            guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https",
                url.host != nil
            else { throw ValidationError("--base-url: \"\(baseURL)\" is not an http:// or https:// URL") }
        }
    }

    static func hostAndPort(_ text: String) throws(ValidationError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ValidationError("--listen: give HOST:PORT, e.g. 127.0.0.1:8080")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen: give HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        return (host, port)
    }

    func run() async throws {
        let (host, port) = try Self.hostAndPort(listen)
        let database = try global.openDatabase()
        var logger = Logger(label: "peerdesk.web")
        logger.logLevel = Environment.logLevel ?? .info
        let app: WebApp
        do {
            app = try WebApp(
                store: TicketStore(database: database),
                accounts: Accounts(database: database),
                configuration: WebConfiguration(
                    baseURL: baseURL,
                    replyFrom: from ?? Environment.value("PEERDESK_FROM").flatMap { $0.isEmpty ? nil : $0 },
                    roleTemplateURL: Environment.value("PEERDESK_ROLE_TEMPLATE_URL")
                ),
                logger: logger
            )
        } catch {
            throw CLIError(message: error.description)
        }
        let shownBase = baseURL
        do {
            try await app.serve(host: host, port: port) { address in
                var line = "peerdesk: serving on \(address)"
                if let shownBase { line += " (staff open \(shownBase))" }
                Terminal.write(line)
            }
        } catch {
            // A port in use, an address this machine does not have: NIO's words, with ours.
            throw CLIError(message: "cannot serve on \(listen): \(error)")
        }
    }
}
