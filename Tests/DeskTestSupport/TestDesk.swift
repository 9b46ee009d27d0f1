package import Foundation
import Intake
import PeeringModel
package import Registry
package import Runbook
import Validation

/// A desk on a private in-memory database with the demo registry imported, storing through the
/// same `IngestPipeline` as `peerdesk ingest` (with a fixed clock).
package struct Desk {
    package let database: PeerDeskDatabase
    package let store: TicketStore
    /// What the pipeline stores with; tests move `settings.now`.
    package var settings: IngestSettings

    package static let registryFolder = PeerDeskRunner.packageRoot.appendingPathComponent("Data/demo/registry")

    /// `schemas`: the tables of other modules under test (the web's accounts).
    package init(schemas: [DatabaseSchema] = []) throws {
        database = try PeerDeskDatabase.makeInMemory(schemas: [TicketStore.schema] + schemas)
        var files: [RegistryFile] = []
        for name in ["organizations", "clusters", "peerings"] {
            let url = Self.registryFolder.appendingPathComponent("\(name).csv")
            files.append(try RegistryFile.parse(csv: Array(try Data(contentsOf: url)), name: url.path))
        }
        _ = try database.importRegistry(files)
        store = TicketStore(database: database)
        settings = IngestSettings(
            validator: Validator(snapshot: try database.snapshot()),
            signer: try store.signer(),
            now: Date(timeIntervalSince1970: 1_795_000_000)
        )
    }

    /// Ingests messages (one batch) as `peerdesk ingest` does.
    package func ingest(_ messages: String...) throws -> [IngestResult] {
        try ingest(messages)
    }

    package func ingest(_ messages: [String]) throws -> [IngestResult] {
        let now = settings.now
        let pipeline = try IngestPipeline(store: store, now: { now })
        let items = messages.enumerated().map { index, text in
            InputItem.message(
                RawMessage(origin: Origin(kind: .email, path: "in/\(index).eml"), bytes: Array(text.utf8))
            )
        }
        return try pipeline.ingest(items).results
    }

    package func ingestOne(_ message: String) throws -> IngestResult {
        let results = try ingest([message])
        guard let result = results.first else { throw DeskError.noResult }
        return result
    }

    package enum DeskError: Error { case noResult }
}

/// The six details of a valid request for the demo's northwind-prod cluster.
package enum Details {
    package static let northwind = """
        AWS account ID: 123456789012
        Region: us-east-1
        VPC ID: vpc-0abc1234def567890
        CIDR block: 10.50.0.0/16
        PeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ
        Cluster ID: cau29pc7zl4ht2dtcbslfpr1u
        """

    /// The same request without its PeerRole ARN.
    package static let northwindWithoutRole = northwind.split(separator: "\n").filter { !$0.hasPrefix("PeerRole") }
        .joined(separator: "\n")
}

/// A plain-text message, CRLF line endings.
package func mail(
    from: String = "Ana Lopez <ana@northwind.example>",
    subject: String = "VPC peering request",
    messageID: String?,
    inReplyTo: String? = nil,
    references: String? = nil,
    extraHeaders: [String] = [],
    body: String
) -> String {
    var lines = ["From: \(from)", "To: support@astronomer.example", "Subject: \(subject)"]
    lines.append("Date: Tue, 24 Nov 2026 09:12:00 +0000")
    if let messageID { lines.append("Message-ID: \(messageID)") }
    if let inReplyTo { lines.append("In-Reply-To: \(inReplyTo)") }
    if let references { lines.append("References: \(references)") }
    lines += extraHeaders
    lines.append("Content-Type: text/plain; charset=utf-8")
    lines.append("")
    lines += body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return lines.joined(separator: "\r\n") + "\r\n"
}
