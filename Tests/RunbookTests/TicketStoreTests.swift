import DeskTestSupport
import Foundation
import GRDB
import PeeringModel
import Testing

@testable import Runbook

@Suite struct IngestOutcomeTests {
    @Test func aRequestBecomesATicketWithItsFindingsAndAutomaticSteps() throws {
        let desk = try Desk()
        let result = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        #expect(result.outcome == .new)
        let ticket = try desk.store.ticket(try #require(result.ticket))
        #expect(ticket.reference == "PD-1")
        #expect(ticket.status == .ready)
        #expect(ticket.nextStep == .peeringRequested)
        #expect(ticket.completedSteps == [.detailsReceived, .validated])
        #expect(ticket.state.values[.clusterID]?.first?.canonical == "cau29pc7zl4ht2dtcbslfpr1u")
        #expect(ticket.state.values[.vpcID]?.first?.source == "in/0.eml")
        #expect(ticket.messages.count == 1)
        #expect(ticket.events.map(\.kind) == [.message, .automaticStep, .automaticStep])
        #expect(
            try desk.store.rawMessage(row: ticket.messages[0].row).map { String(decoding: $0, as: UTF8.self) }?
                .contains("cau29pc7zl4ht2dtcbslfpr1u") == true
        )
    }

    @Test func theSameMessageIDIsADuplicateAndChangesNothing() throws {
        let desk = try Desk()
        let message = mail(messageID: "<a1@northwind.example>", body: Details.northwind)
        _ = try desk.ingestOne(message)
        let before = try desk.store.ticket(1)
        let again = try desk.ingest(message, message)
        #expect(again.map(\.outcome) == [.duplicate, .duplicate])
        #expect(again.map(\.ticket) == [1, 1])
        #expect(try desk.store.tickets().count == 1)
        let after = try desk.store.ticket(1)
        #expect(after.events == before.events)
        #expect(after.messages == before.messages)
    }

    @Test func withoutAMessageIDTheSameBytesAreADuplicateButOtherBytesAreNot() throws {
        let desk = try Desk()
        let first = mail(messageID: nil, body: Details.northwind)
        let second = mail(subject: "another", messageID: nil, body: Details.northwind)
        let results = try desk.ingest(first, first, second)
        #expect(results.map(\.outcome) == [.new, .duplicate, .new])
    }

    @Test func findingAnInputByItsBytesUsesTheContentIndexNotAScan() throws {
        let desk = try Desk()
        _ = try desk.ingest((0..<50).map { mail(subject: "s\($0)", messageID: nil, body: Details.northwind) })
        let plan = try desk.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + MessageRecord.contentDuplicateSQL, arguments: [Data()])
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("USING INDEX message_on_content_hash (content_hash=?)") }, "\(plan)")
    }

    @Test func anAutoReplyIsIgnoredStoredWithItsReasonAndNeverATicket() throws {
        let desk = try Desk()
        let result = try desk.ingestOne(
            mail(
                from: "Ana <ana@northwind.example>",
                subject: "Out of office",
                messageID: "<ooo@northwind.example>",
                extraHeaders: ["Auto-Submitted: auto-replied"],
                body: "I am away until Monday."
            )
        )
        #expect(result.outcome == .ignored)
        #expect(result.reason == "Auto-Submitted: auto-replied")
        #expect(result.ticket == nil)
        #expect(try desk.store.tickets().isEmpty)
        // Stored: the same message again is a duplicate.
        #expect(
            try desk.ingestOne(
                mail(subject: "Out of office", messageID: "<ooo@northwind.example>", body: "x")
            ).outcome == .duplicate
        )
    }

    @Test func anUnreadableInputIsQuarantinedWithItsBytesAndReason() throws {
        var desk = try Desk()
        desk.settings.now = Date(timeIntervalSince1970: 1_795_000_000)
        let result = try desk.ingestOne("")
        #expect(result.outcome == .quarantined)
        #expect(result.reason == "the input is empty")
        let entries = try desk.store.quarantined()
        #expect(entries.count == 1)
        #expect(entries.first?.reason == "the input is empty")
        let id = try #require(result.quarantineID)
        #expect(try desk.store.quarantined(id).raw == [])
        // Quarantining the same input again stores nothing new.
        #expect(try desk.ingestOne("").outcome == .duplicate)
        #expect(try desk.store.quarantined().count == 1)
    }

    @Test func aQuarantineRowWithAnUnknownSourceKindIsCorrupt() throws {
        let desk = try Desk()
        let id = try #require(try desk.ingestOne("").quarantineID)
        try desk.database.write { db in
            try db.execute(sql: "UPDATE quarantine SET source_kind = 'fax' WHERE id = ?", arguments: [id])
        }
        let corrupt = RunbookError.corruptRow(table: "quarantine", id: id, reason: "unknown source kind fax")
        #expect(throws: corrupt) { try desk.store.quarantined() }
        #expect(throws: corrupt) { try desk.store.quarantined(id) }
    }

    @Test func anOversizedMessageKeepsItsBytesInQuarantine() throws {
        let desk = try Desk()
        let text = mail(messageID: "<big@northwind.example>", body: String(repeating: "x", count: 64))
        let request = PeeringRequest(source: .init(kind: .email, path: "big.eml"), unparseableReason: "too big")
        let input = IngestInput(request: request, raw: Array(text.utf8), findings: [])
        let results = try desk.store.ingest([input], settings: desk.settings)
        #expect(results.first?.outcome == .quarantined)
        let id = try #require(results.first?.quarantineID)
        #expect(try desk.store.quarantined(id).raw == Array(text.utf8))
    }
}

@Suite struct ThreadingTests {
    @Test func aReplyToAStoredMessageIsAFollowUpThatUpdatesTheTicket() throws {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwindWithoutRole))
        #expect(try desk.store.ticket(1).status == .needsInfo)
        let result = try desk.ingestOne(
            mail(
                subject: "Re: VPC peering request",
                messageID: "<a2@northwind.example>",
                inReplyTo: "<a1@northwind.example>",
                references: "<a1@northwind.example>",
                body: "Here it is:\nPeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ"
            )
        )
        #expect(result.outcome == .followUp)
        #expect(result.ticket == 1)
        #expect(result.reason == "reply to stored message <a1@northwind.example>")
        let ticket = try desk.store.ticket(1)
        #expect(ticket.status == .ready)
        let change = try #require(ticket.events.first { $0.kind == .fieldChanged })
        #expect(change.field == .peerRoleARN)
        #expect(change.oldValue == nil)
        #expect(change.newValue == "arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1XYZ")
        #expect(change.messageRow == ticket.messages.last?.row)
        #expect(ticket.events.contains { $0.kind == .findingsChanged && $0.oldValue == "missing-peer-role-arn" })
        #expect(ticket.state.values[.peerRoleARN]?.first?.source == "in/0.eml")  // the second batch's first input
        // Values from the message that opened the ticket name no row; a follow-up's name theirs.
        #expect(ticket.state.values[.vpcID]?.first?.message == nil)
        #expect(ticket.state.values[.peerRoleARN]?.first?.message == ticket.messages.last?.row)
    }

    @Test func aChangedValueIsAnEventWithOldAndNewAndFindingsAreReevaluated() throws {
        let desk = try Desk()
        let overlapping = Details.northwind.replacingOccurrences(of: "10.50.0.0/16", with: "10.10.0.0/16")
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: overlapping))
        #expect(try desk.store.ticket(1).state.findings.contains { $0.code == .cidrOverlapsCluster })
        _ = try desk.ingestOne(
            mail(
                messageID: "<a2@northwind.example>",
                references: "<unknown@x> <a1@northwind.example>",
                body: "Sorry, the CIDR is 10.50.0.0/16"
            )
        )
        let ticket = try desk.store.ticket(1)
        let change = try #require(ticket.events.first { $0.kind == .fieldChanged })
        #expect(change.field == .vpcCIDRs)
        #expect(change.oldValue == "10.10.0.0/16")
        #expect(change.newValue == "10.50.0.0/16")
        #expect(!ticket.state.findings.contains { $0.code == .cidrOverlapsCluster })
        #expect(ticket.status == .ready)
    }

    @Test func ourSignedMessageIDThreadsFromAnySender() throws {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        let ours = desk.settings.signer.messageID(ticket: 1, domain: "astronomer.example")
        let result = try desk.ingestOne(
            mail(
                from: "Colleague <bob@elsewhere.example>",
                subject: "Re: something else",
                messageID: "<b1@elsewhere.example>",
                inReplyTo: ours,
                body: "Thanks, route added."
            )
        )
        #expect(result.outcome == .followUp)
        #expect(result.reason == "our reply \(ours)")
    }

    @Test func aForgedSignatureDoesNotThread() throws {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        let ours = desk.settings.signer.messageID(ticket: 1, domain: "astronomer.example")
        // Same shape, another ticket number: the signature no longer matches.
        let forged = ours.replacingOccurrences(of: "<pd.1.", with: "<pd.2.")
        _ = try desk.ingestOne(mail(subject: "other", messageID: "<a0@northwind.example>", body: "hello"))
        #expect(desk.settings.signer.ticket(in: forged) == nil)
        let result = try desk.ingestOne(
            mail(from: "x@elsewhere.example", subject: "hi", messageID: "<f@x>", inReplyTo: forged, body: "hi")
        )
        #expect(result.outcome == .new)
    }

    @Test(arguments: [
        ("Ana Lopez <ana@northwind.example>", IngestOutcome.followUp),
        ("Dee <dee@nw-data.example>", .followUp),  // another domain of the same organization
        ("Lee <lee@corp.northwind.example>", .followUp),  // a subdomain of it
        ("Mallory <mallory@gmail.com>", .new),  // an outsider reusing the tag
        ("Eve <eve@northwind.example.evil.test>", .new),
    ])
    func theSubjectTagAloneThreadsOnlyForTheRequesterOrTheOrganization(
        sender: String,
        expected: IngestOutcome
    )
        throws
    {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        let result = try desk.ingestOne(
            mail(from: sender, subject: "Re: [PD-1] VPC peering", messageID: "<t@x.example>", body: "Any news?")
        )
        #expect(result.outcome == expected)
        if expected == .new { #expect(result.ticket == 2) } else { #expect(result.ticket == 1) }
    }

    @Test func aTagForATicketThatDoesNotExistMakesANewTicket() throws {
        let desk = try Desk()
        let result = try desk.ingestOne(mail(subject: "[PD-99] hello", messageID: "<t@x>", body: Details.northwind))
        #expect(result.outcome == .new)
        #expect(result.ticket == 1)
    }

    @Test func aBounceOfOurReplyIsIgnoredAttachedAndMarksTheReplyNotDelivered() throws {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        let ours = desk.settings.signer.messageID(ticket: 1, domain: "astronomer.example")
        try desk.store.recordReply(
            ticket: 1,
            kind: .requestChanges,
            messageID: ours,
            from: "support@astronomer.example",
            subject: "Re: VPC peering request [PD-1]",
            raw: Array("draft".utf8),
            actor: "sam"
        )
        let bounce = """
            From: Mail Delivery System <MAILER-DAEMON@mx.northwind.example>\r
            To: support@astronomer.example\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <bounce1@mx.northwind.example>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            Your message could not be delivered.\r
            --b\r
            Content-Type: message/delivery-status\r
            \r
            Final-Recipient: rfc822; ana@northwind.example\r
            Action: failed\r
            Status: 5.1.1\r
            --b\r
            Content-Type: text/rfc822-headers\r
            \r
            Message-ID: \(ours)\r
            Subject: Re: VPC peering request [PD-1]\r
            --b--\r

            """
        let result = try desk.ingestOne(bounce)
        #expect(result.outcome == .ignored)
        #expect(result.ticket == 1)
        let ticket = try desk.store.ticket(1)
        let reply = try #require(ticket.messages.first { $0.direction == .outgoing })
        #expect(reply.deliveryFailure?.hasPrefix("bounced") == true)
        #expect(ticket.events.contains { $0.kind == .bounce && $0.newValue == ours })
        #expect(ticket.events.contains { $0.kind == .ignoredMessage })
    }
}

@Suite struct StepTests {
    private func readyTicket() throws -> Desk {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwind))
        return desk
    }

    @Test func theRunbookRunsToDoneWithWhoAndWhen() throws {
        let desk = try readyTicket()
        let at = Date(timeIntervalSince1970: 1_795_000_100)
        var ticket = try desk.store.step(
            .peeringRequested,
            ticket: 1,
            peeringID: "PCX-0A1B2C3D4E5F67890",
            actor: "sam",
            at: at
        )
        #expect(ticket.status == .inProgress)
        #expect(ticket.peeringID == "pcx-0a1b2c3d4e5f67890")
        ticket = try desk.store.step(.routesCreated, ticket: 1, actor: "sam", note: "rtb-1")
        ticket = try desk.store.step(.replySent, ticket: 1, actor: "sam")
        #expect(ticket.status == .waitingOnCustomer)
        ticket = try desk.store.step(.roleStackDeleted, ticket: 1, actor: "kim")
        ticket = try desk.store.step(.customerRouteAdded, ticket: 1, actor: "kim")
        #expect(ticket.status == .done)
        #expect(ticket.nextStep == nil)
        let event = try #require(ticket.manualSteps[.peeringRequested])
        #expect(event.actor == "sam")
        #expect(event.at == at)
        #expect(ticket.manualSteps[.routesCreated]?.note == "rtb-1")
    }

    @Test(arguments: [
        (RunbookStep.routesCreated, "routes-created needs peering-requested first"),
        (.replySent, "reply-sent needs routes-created first"),
        (.customerRouteAdded, "customer-route-added needs reply-sent first"),
        (.roleStackDeleted, "role-stack-deleted needs peering-requested first"),
        (.validated, "validated is automatic"),
        (.detailsReceived, "details-received is automatic"),
    ])
    func aRefusedStepSaysWhichGuardAndChangesNothing(step: RunbookStep, message: String) throws {
        let desk = try readyTicket()
        let before = try desk.store.ticket(1).events
        do {
            try desk.store.step(step, ticket: 1, actor: "sam")
            Issue.record("\(step) was not refused")
        } catch {
            #expect(error.description.contains(message))
            #expect(error.description.contains("nothing was changed"))
        }
        #expect(try desk.store.ticket(1).events == before)
    }

    @Test func peeringRequestedNeedsValidated() throws {
        let desk = try Desk()
        _ = try desk.ingestOne(mail(messageID: "<a1@northwind.example>", body: Details.northwindWithoutRole))
        #expect(throws: RunbookError.guardFailed(ticket: 1, .needs(.peeringRequested, .validated))) {
            try desk.store.step(.peeringRequested, ticket: 1, peeringID: "pcx-0a1b2c3d4e5f67890", actor: "sam")
        }
    }

    @Test(arguments: [nil, "vpc-0a1b2c3d4e5f67890", "pcx-123", "pcx-0a1b2c3d4e5f6789z"])
    func peeringRequestedNeedsAValidPeeringID(peeringID: String?) throws {
        let desk = try readyTicket()
        #expect(throws: RunbookError.self) {
            try desk.store.step(.peeringRequested, ticket: 1, peeringID: peeringID, actor: "sam")
        }
        #expect(try desk.store.ticket(1).manualSteps.isEmpty)
    }

    @Test func aPeeringIDOnAnotherStepIsRefused() throws {
        let desk = try readyTicket()
        try desk.store.step(.peeringRequested, ticket: 1, peeringID: "pcx-0a1b2c3d", actor: "sam")
        #expect(throws: RunbookError.self) {
            try desk.store.step(.routesCreated, ticket: 1, peeringID: "pcx-0a1b2c3d", actor: "sam")
        }
    }

    @Test func undoRemovesTheLatestStepAndKeepsBothEvents() throws {
        let desk = try readyTicket()
        try desk.store.step(.peeringRequested, ticket: 1, peeringID: "pcx-0a1b2c3d", actor: "sam")
        try desk.store.step(.routesCreated, ticket: 1, actor: "sam")
        let undone = try desk.store.undo(ticket: 1, actor: "kim")
        #expect(undone.step == .routesCreated)
        #expect(undone.ticket.completedSteps == [.detailsReceived, .validated, .peeringRequested])
        #expect(undone.ticket.status == .inProgress)
        #expect(undone.ticket.events.filter { $0.kind == .step }.count == 2)
        #expect(undone.ticket.events.last?.kind == .undo)
        #expect(undone.ticket.events.last?.actor == "kim")
        // The step can be done again after its undo.
        let again = try desk.store.step(.routesCreated, ticket: 1, actor: "sam")
        #expect(again.completedSteps.contains(.routesCreated))
        _ = try desk.store.undo(ticket: 1, actor: "kim")
        _ = try desk.store.undo(ticket: 1, actor: "kim")
        #expect(throws: RunbookError.self) { try desk.store.undo(ticket: 1, actor: "kim") }
    }

    @Test func aRejectedTicketTakesNoStepAndNeedsAReason() throws {
        let desk = try readyTicket()
        #expect(throws: RunbookError.self) { try desk.store.reject(ticket: 1, reason: "  ", actor: "sam") }
        let ticket = try desk.store.reject(ticket: 1, reason: "customer cancelled", actor: "sam")
        #expect(ticket.status == .rejected)
        #expect(ticket.nextStep == nil)
        #expect(ticket.waitingSince == nil)
        #expect(ticket.rejection?.note == "customer cancelled")
        #expect(throws: RunbookError.self) {
            try desk.store.step(.peeringRequested, ticket: 1, peeringID: "pcx-0a1b2c3d", actor: "sam")
        }
        #expect(throws: RunbookError.self) { try desk.store.reject(ticket: 1, reason: "again", actor: "sam") }
    }

    @Test func anUnknownTicketIsNamed() throws {
        let desk = try readyTicket()
        #expect(throws: RunbookError.noSuchTicket(7)) { try desk.store.step(.routesCreated, ticket: 7, actor: "sam") }
        #expect(RunbookError.noSuchTicket(7).description.contains("PD-7"))
    }

    @Test(arguments: [("PD-12", Int64(12)), ("pd-3", 3), ("42", 42), (" PD-7 ", 7)])
    func ticketReferencesParse(text: String, id: Int64) throws {
        #expect(try TicketReference.parse(text) == id)
    }

    @Test(arguments: ["PD-", "PD-x", "-1", "0", "PD-1; DROP TABLE ticket", ""])
    func badTicketReferencesAreRefused(text: String) {
        #expect(throws: RunbookError.self) { try TicketReference.parse(text) }
    }

    @Test func quarantineReferencesParseAndSayHowToWriteThem() throws {
        #expect(try QuarantineReference.parse("q-3") == 3)
        #expect(try QuarantineReference.parse(" Q-12 ") == 12)
        #expect(QuarantineReference.format(3) == "Q-3")
        do {
            _ = try QuarantineReference.parse("PD-3")
            Issue.record("PD-3 is not a quarantine reference")
        } catch {
            #expect(error.description.contains("Q-3 (or 3)"))
        }
    }

    @Test func waitingSinceIsTheFirstUnansweredCustomerMessage() throws {
        let desk = try readyTicket()
        let first = try desk.store.ticket(1)
        #expect(first.waitingSince == first.messages[0].sentAt)
        try desk.store.recordReply(
            ticket: 1,
            kind: .requestChanges,
            messageID: desk.settings.signer.messageID(ticket: 1, domain: "astronomer.example"),
            from: "support@astronomer.example",
            subject: "Re",
            raw: [],
            actor: "sam",
            at: desk.settings.now.addingTimeInterval(60)
        )
        #expect(try desk.store.ticket(1).waitingSince == nil)
    }
}

@Suite struct MessageIDSignerTests {
    let signer = MessageIDSigner(secret: Data(repeating: 7, count: 32))

    @Test func ourIDsVerifyAndNameTheirTicket() {
        let id = signer.messageID(ticket: 42, domain: "support.example")
        #expect(id.hasPrefix("<pd.42."))
        #expect(id.hasSuffix("@support.example>"))
        #expect(signer.ticket(in: id) == 42)
        #expect(signer.messageID(ticket: 42, domain: "support.example") != id)
    }

    @Test func anotherSecretOrATamperedIDDoesNotVerify() {
        let id = signer.messageID(ticket: 42, domain: "support.example")
        #expect(MessageIDSigner(secret: Data(repeating: 8, count: 32)).ticket(in: id) == nil)
        #expect(signer.ticket(in: id.replacingOccurrences(of: "pd.42.", with: "pd.43.")) == nil)
        #expect(signer.ticket(in: "<pd.42.abc.def@x>") == nil)
        #expect(signer.ticket(in: "<random@x>") == nil)
    }

    @Test func anUnsafeDomainIsReplaced() {
        let id = signer.messageID(ticket: 1, domain: "evil>\r\nBcc: x@y")
        #expect(id.hasSuffix("@peerdesk.invalid>"))
    }

    @Test func idsQuotedInABounceAreFound() {
        let id = signer.messageID(ticket: 5, domain: "support.example")
        let text = "blah <other@x> In-Reply-To: \(id)\r\nMessage-ID: <pd.9.1.00@x>"
        let found = signer.tickets(quotedIn: Array(text.utf8))
        #expect(found.map(\.ticket) == [5])
        #expect(found.map(\.messageID) == [id])
    }
}
