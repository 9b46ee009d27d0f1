import Hummingbird
import Logging
import NIOCore

extension WebApp {
    /// Serves the app on `host:port` until SIGTERM or SIGINT, letting requests in flight finish.
    /// `listening` is told the address it is bound to (the port chosen when `port` is 0).
    public func serve(
        host: String,
        port: Int,
        listening: @escaping @Sendable (String) -> Void
    ) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: nil
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                let shown = host.contains(":") ? "[\(host)]" : host
                listening("http://\(shown):\(port)")
            },
            logger: logger
        )
        try await app.runService()
    }
}
