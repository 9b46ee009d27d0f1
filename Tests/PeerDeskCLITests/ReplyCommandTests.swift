import DeskTestSupport
import Foundation
import Testing

/// `peerdesk reply` through the built binary.
@Suite struct ReplyCommandTests {
    func desk(with messages: [String: String]) throws -> PeerDeskRunner {
        let desk = try PeerDeskRunner()
        let files = ["organizations", "clusters", "peerings"].map { "Data/demo/registry/\($0).csv" }
        #expect(try desk.run(["registry", "import", "--db", desk.databasePath] + files).status == 0)
        for (name, text) in messages.sorted(by: { $0.key < $1.key }) {
            let path = try desk.write(name, text)
            let result = try desk.run(["ingest", "--db", desk.databasePath, path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return desk
    }

    @Test func theReplyDueFollowsTheTicket() throws {
        let desk = try desk(with: [
            "1.eml": DeskCommandTests.message(id: "r1"),
            "2.eml": DeskCommandTests.message(id: "r2", body: "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u"),
            "3.eml": DeskCommandTests.message(id: "r3", from: "Mallory <mallory@gmail.com>"),
        ])
        defer { desk.cleanUp() }
        // Ready: support acts next, no reply is due.
        let ready = try desk.run(["reply", "--db", desk.databasePath, "PD-1"])
        #expect(ready.status == 2)
        #expect(ready.stderr.contains("no reply is due"))
        #expect(ready.stderr.contains("peering-requested"))
        // Needs info: every missing detail, in the customer's words.
        let changes = try desk.run(["reply", "--db", desk.databasePath, "PD-2"])
        #expect(changes.status == 0, "\(changes.stderr)")
        #expect(changes.stdout.contains("vpc-"))
        #expect(changes.stdout.contains("PeerRole"))
        // An outsider learns nothing about the cluster.
        let outsider = try desk.run(["reply", "--db", desk.databasePath, "PD-3"])
        #expect(outsider.status == 0, "\(outsider.stderr)")
        for secret in ["northwind-prod", "cau29pc7zl4ht2dtcbslfpr1u", "10.10.0.0", "406793422161", "us-east-1"] {
            #expect(!outsider.stdout.contains(secret), "not-authorized reveals \(secret)")
        }
        // After routes-created: the peering-ready reply with the route to add.
        #expect(
            try desk.run([
                "step", "--db", desk.databasePath, "PD-1", "peering-requested", "--peering-id", "pcx-0a1b2c3d4e5f67890",
            ]).status == 0
        )
        #expect(try desk.run(["reply", "--db", desk.databasePath, "PD-1"]).status == 2)
        #expect(try desk.run(["step", "--db", desk.databasePath, "PD-1", "routes-created"]).status == 0)
        let readyReply = try desk.run(["reply", "--db", desk.databasePath, "PD-1"])
        #expect(readyReply.status == 0, "\(readyReply.stderr)")
        #expect(readyReply.stdout.contains("Destination = 10.10.0.0/20, Target = pcx-0a1b2c3d4e5f67890"))
        #expect(readyReply.stdout.contains("Destination = 10.40.0.0/20, Target = pcx-0a1b2c3d4e5f67890"))
        #expect(readyReply.stdout.contains("vpc-0abc1234def567890"))
        // A rejected ticket gets no reply.
        #expect(
            try desk.run(["reject", "--db", desk.databasePath, "PD-2", "--reason", "duplicate of PD-1"]).status == 0
        )
        #expect(try desk.run(["reply", "--db", desk.databasePath, "PD-2"]).status == 2)
    }

    @Test func anEmlDraftCannotBeInjectedAndItsSignedIDThreadsTheAnswerBack() throws {
        let hostile = DeskCommandTests.message(
            id: "h1",
            from: "=?utf-8?q?Eve=0D=0ABcc=3A_victim=40example=2Ecom?= <ana@northwind.example>",
            subject: "=?utf-8?q?Peering=0D=0AX-Injected=3A_1?= =?utf-8?q?_Z=C3=BCrich?=",
            body: "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u"
        )
        let desk = try desk(with: ["1.eml": hostile])
        defer { desk.cleanUp() }
        let noSender = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--format", "eml"])
        #expect(noSender.status == 2)
        #expect(noSender.stderr.contains("PEERDESK_FROM"))
        let draftPath = desk.folder.appendingPathComponent("draft.eml").path
        let draft = try desk.run(
            ["reply", "--db", desk.databasePath, "PD-1", "--format", "eml", "--output", draftPath],
            environment: ["PEERDESK_FROM": "support@astronomer.example"]
        )
        #expect(draft.status == 0, "\(draft.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: draftPath)))
        let text = String(decoding: bytes, as: UTF8.self)
        let header = try #require(text.components(separatedBy: "\r\n\r\n").first)
        // Every header line ends in CRLF, nothing else is a line break, and no header was added.
        #expect(!header.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\r" || $0 == "\n" })
        let names = header.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
            .compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(
            names == [
                "From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding",
            ]
        )
        #expect(bytes.allSatisfy { $0 < 0x80 }, "non-ASCII goes through RFC 2047 and quoted-printable")
        #expect(header.contains("In-Reply-To: <h1@northwind.example>"))
        #expect(header.contains("[PD-1]"))
        // The customer answers the draft from another address with another subject: our signed
        // Message-ID threads it to PD-1.
        let messageID = try #require(
            header.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }?.dropFirst(12)
        )
        let answer = """
            From: Bob <bob@elsewhere.example>\r
            Subject: our route\r
            Message-ID: <answer@elsewhere.example>\r
            In-Reply-To: \(messageID)\r
            \r
            VPC ID: vpc-0abc1234def567890\r

            """
        let path = try desk.write("answer.eml", answer)
        let followUp = try desk.run(["ingest", "--db", desk.databasePath, path])
        #expect(followUp.stdout.hasPrefix("PD-1     follow-up"), "\(followUp.stdout)")
        #expect(followUp.stdout.contains("our reply <pd.1."))
        // The draft is stored with the ticket and answers the customer.
        let show = try desk.run(["show", "--db", desk.databasePath, "PD-1", "--format", "json"])
        let messages = try #require(try show.jsonLines().first?["messages"] as? [[String: Any]])
        #expect(messages.map { $0["direction"] as? String } == ["in", "out", "in"])
    }

    @Test func anOverrideTemplateWithAnUnknownPlaceholderFailsTheDraft() throws {
        let desk = try desk(with: ["1.eml": DeskCommandTests.message(id: "t1", body: "Region: us-east-1")])
        defer { desk.cleanUp() }
        let templates = desk.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "Hello {{ticket_referenc}}\n".write(
            to: templates.appendingPathComponent("request-changes.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let result = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--templates", templates.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("ticket_referenc"))
        #expect(result.stderr.contains("request-changes.mustache"))
        #expect(result.stdout.isEmpty)
    }
}
