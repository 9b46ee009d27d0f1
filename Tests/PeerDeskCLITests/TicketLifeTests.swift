import DeskTestSupport
import Foundation
import Testing

/// A ticket's values over its life (DESIGN.md): follow-ups that quote our drafts or older mail,
/// values after peering-requested, through the built binary.
@Suite struct TicketLifeTests {
    func desk() throws -> PeerDeskRunner { try DeskCommandTests().desk() }

    func show(_ desk: PeerDeskRunner, _ ticket: String) throws -> [String: Any] {
        let result = try desk.run(["show", "--db", desk.databasePath, ticket, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.jsonLines().first)
    }

    func ingest(_ desk: PeerDeskRunner, _ name: String, _ text: String) throws -> PeerDeskRunner.Result {
        let result = try desk.run(["ingest", "--db", desk.databasePath, try desk.write(name, text)])
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    func run(_ desk: PeerDeskRunner, _ arguments: String...) throws {
        let result = try desk.run(Array(arguments.prefix(1)) + ["--db", desk.databasePath] + arguments.dropFirst())
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// Problem 1: the customer answers "routes added" above a quote of our peering-ready draft,
    /// which carries the Astro VPC CIDRs (10.10.0.0/20 …). Nothing of the quote becomes theirs,
    /// no finding appears, and the ticket does not move backwards.
    @Test func aReplyQuotingOurPeeringReadyDraftChangesNothing() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        _ = try ingest(desk, "1.eml", DeskCommandTests.message(id: "life-1"))
        try run(desk, "step", "PD-1", "peering-requested", "--peering-id", "pcx-0a1b2c3d4e5f67890")
        try run(desk, "step", "PD-1", "routes-created")
        let draftPath = desk.folder.appendingPathComponent("draft.eml").path
        try run(desk, "reply", "PD-1", "--format", "eml", "--from", "support@astronomer.example", "--output", draftPath)
        try run(desk, "step", "PD-1", "reply-sent")
        let draft = try String(contentsOfFile: draftPath, encoding: .utf8)
        let messageID = try #require(
            draft.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }?.dropFirst("Message-ID: ".count)
        )
        let body = draft.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.contains("Astro VPC CIDRs: 10.10.0.0/20"))
        let quoted = body.split(separator: "\r\n", omittingEmptySubsequences: false).map { "> " + $0 }
            .joined(separator: "\n")
        let answer = DeskCommandTests.message(
            id: "life-2",
            subject: "Re: VPC peering [PD-1]",
            body: "Routes added on our side, thanks!\n\nOn Tue, Nov 24, 2026 support wrote:\n" + quoted
        ).replacingOccurrences(of: "Content-Type:", with: "In-Reply-To: \(messageID)\r\nContent-Type:")
        let followUp = try ingest(desk, "2.eml", answer)
        #expect(followUp.stdout.contains("follow-up"))
        let ticket = try show(desk, "PD-1")
        let fields = try #require(ticket["fields"] as? [String: Any])
        #expect(fields["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        #expect(fields["aws_account_id"] as? String == "123456789012")
        let codes = (ticket["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(!codes.contains("cidr-overlaps-cluster"))
        #expect(ticket["status"] as? String == "waiting-on-customer")
        #expect(ticket["next_step"] as? String == "customer-route-added")
        // show has each message's text: the customer's words and our draft.
        let texts = (ticket["messages"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.hasPrefix("Routes added on our side, thanks!") })
        #expect(texts.contains { $0.contains("Astro VPC CIDRs: 10.10.0.0/20") })
        let history = try #require(ticket["history"] as? [[String: Any]])
        #expect(!history.contains { $0["kind"] as? String == "field-changed" })
        #expect(!history.contains { $0["kind"] as? String == "automatic-step" && $0["note"] as? String == "undone" })
        try run(desk, "step", "PD-1", "customer-route-added")
        let done = try show(desk, "PD-1")
        #expect(done["status"] as? String == "done")
        #expect(done["next_step"] is NSNull)
    }

    /// Problem 2: a follow-up gives the two missing details on top and quotes a colleague's
    /// older mail with other values below: only the new text counts.
    @Test func aFollowUpsQuotedHistoryNeverOverridesTheTicket() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let first = """
            AWS account ID: 123456789012
            Region: us-east-1
            VPC ID: vpc-0abc1234def567890
            CIDR block: 10.50.0.0/16
            """
        _ = try ingest(desk, "1.eml", DeskCommandTests.message(id: "hist-1", body: first))
        #expect(try show(desk, "PD-1")["status"] as? String == "needs-info")
        let reply = """
            Here are the two missing ones:
            PeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ
            Cluster ID: cau29pc7zl4ht2dtcbslfpr1u

            On Mon, Nov 23, 2026 Bob <bob@northwind.example> wrote:
            > Ana, for the test I used our sandbox:
            > sandbox VPC ID: vpc-0fedcba9876543210
            > CIDR block: 10.99.0.0/16
            > AWS account ID: 210987654321
            """
        _ = try ingest(
            desk,
            "2.eml",
            DeskCommandTests.message(id: "hist-2", subject: "Re: VPC peering [PD-1]", body: reply)
        )
        let ticket = try show(desk, "PD-1")
        let fields = try #require(ticket["fields"] as? [String: Any])
        #expect(fields["vpc_id"] as? String == "vpc-0abc1234def567890")
        #expect(fields["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        #expect(fields["aws_account_id"] as? String == "123456789012")
        #expect(fields["peer_role_arn"] as? String == "arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ")
        #expect(fields["cluster_id"] as? String == "cau29pc7zl4ht2dtcbslfpr1u")
        #expect(ticket["status"] as? String == "ready")
    }

    /// An account ID read off a follow-up's PeerRole ARN fills a gap but never replaces the
    /// account the customer gave.
    @Test func anAccountDerivedFromAFollowUpsARNNeverReplacesTheGivenOne() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        _ = try ingest(desk, "1.eml", DeskCommandTests.message(id: "derived-1"))
        _ = try ingest(
            desk,
            "2.eml",
            DeskCommandTests.message(
                id: "derived-2",
                subject: "Re: VPC peering [PD-1]",
                body: "New role: arn:aws:iam::210987654321:role/astro-peering-role-PeerRole-2ABC"
            )
        )
        let ticket = try show(desk, "PD-1")
        let fields = try #require(ticket["fields"] as? [String: Any])
        #expect(fields["aws_account_id"] as? String == "123456789012")
        let codes = (ticket["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("role-account-mismatch"))
    }

    /// After peering-requested a customer's different value is held for staff, never applied.
    @Test func aChangeAfterPeeringRequestedIsHeldNotApplied() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        _ = try ingest(desk, "1.eml", DeskCommandTests.message(id: "held-1"))
        try run(desk, "step", "PD-1", "peering-requested", "--peering-id", "pcx-0a1b2c3d4e5f67890")
        _ = try ingest(
            desk,
            "2.eml",
            DeskCommandTests.message(
                id: "held-2",
                subject: "Re: VPC peering [PD-1]",
                body: "Sorry, the CIDR block is 10.51.0.0/16"
            )
        )
        let ticket = try show(desk, "PD-1")
        let fields = try #require(ticket["fields"] as? [String: Any])
        #expect(fields["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        let held = try #require(
            (ticket["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "change-held" }
        )
        #expect(held["severity"] as? String == "warning")
        #expect(held["field"] as? String == "vpc_cidrs")
        let message = try #require(held["message"] as? String)
        #expect(message.contains("10.50.0.0/16") && message.contains("10.51.0.0/16") && message.contains("2.eml"))
        #expect(ticket["status"] as? String == "in-progress")
        #expect(ticket["next_step"] as? String == "routes-created")
    }
}

/// Problem 7: printing an eml draft used to count as answering the customer.
@Suite struct ReplyPreviewTests {
    func history(_ desk: PeerDeskRunner) throws -> [String] {
        let result = try desk.run(["show", "--db", desk.databasePath, "PD-1", "--format", "json"])
        let ticket = try #require(try result.jsonLines().first)
        return (ticket["history"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    @Test func aPreviewRecordsNothingAndADraftIsRecordedOnlyWhenWrittenOrAsked() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let mail = try desk.write(
            "1.eml",
            DeskCommandTests.message(id: "prev-1", body: "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u")
        )
        #expect(try desk.run(["ingest", "--db", desk.databasePath, mail]).status == 0)
        let from = ["--from", "support@astronomer.example"]
        let waiting = try DeskCommandTests.queueWaiting(desk)
        let preview = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--format", "eml"] + from)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("Message-ID: "))
        #expect(try !history(desk).contains("reply-drafted"))
        #expect(try DeskCommandTests.queueWaiting(desk) == waiting)
        let recorded = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--format", "eml", "--record"] + from)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try history(desk).filter { $0 == "reply-drafted" }.count == 1)
        #expect(try DeskCommandTests.queueWaiting(desk) == nil)
        let text = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--record"])
        #expect(text.status == 2)
        #expect(text.stderr.contains("--format eml"))
    }

    @Test func staffChooseTheKindOfReply() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let mail = try desk.write("1.eml", DeskCommandTests.message(id: "kind-1"))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, mail]).status == 0)
        // A ready ticket is due no reply; staff may still answer it as not-authorized, say.
        #expect(try desk.run(["reply", "--db", desk.databasePath, "PD-1"]).status == 2)
        let chosen = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--kind", "not-authorized"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        let unknown = try desk.run(["reply", "--db", desk.databasePath, "PD-1", "--kind", "thanks"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("request-changes, peering-ready, not-authorized"))
    }
}

/// What a customer reads never contains our internals: where in their mail we found a value.
@Suite struct CustomerWordingTests {
    @Test func aReplyNamesNoLineOrColumnOfTheInput() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let body = DeskCommandTests.details.replacingOccurrences(of: "123456789012", with: "12345678901")
        let mail = try desk.write("1.eml", DeskCommandTests.message(id: "words-1", body: body))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, mail]).status == 0)
        // Staff see where the value was.
        let show = try desk.run(["show", "--db", desk.databasePath, "PD-1"])
        #expect(show.stdout.contains("text/plain line"))
        let reply = try desk.run(["reply", "--db", desk.databasePath, "PD-1"])
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(reply.stdout.contains("What we found"))
        #expect(!reply.stdout.contains("text/plain"))
        #expect(!reply.stdout.contains("line 1"))
    }
}
