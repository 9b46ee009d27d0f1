import DeskTestSupport
import Foundation
import Testing

/// Problem 3 of "a ticket the desk can trust": staff had no way to correct a field, and
/// findings went stale after a registry import. `set`, `revalidate`, `reopen`, `assign`, `note`.
@Suite struct StaffCommandTests {
    func show(_ desk: PeerDeskRunner) throws -> [String: Any] {
        let result = try desk.run(["show", "--db", desk.databasePath, "PD-1", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.jsonLines().first)
    }

    func ticket(
        _ body: String,
        id: String = "staff-1",
        from: String = "Ana Lopez <ana@northwind.example>"
    ) throws
        -> PeerDeskRunner
    {
        let desk = try DeskCommandTests().desk()
        let path = try desk.write("1.eml", DeskCommandTests.message(id: id, from: from, body: body))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, path]).status == 0)
        return desk
    }

    @Test func staffCorrectAFieldAndALaterCustomerValueIsHeld() throws {
        let wrong = DeskCommandTests.details.replacingOccurrences(of: "10.50.0.0/16", with: "10.10.0.0/16")
        let desk = try ticket(wrong)
        defer { desk.cleanUp() }
        #expect(try show(desk)["status"] as? String == "needs-info")
        let invalid = try desk.run(["set", "--db", desk.databasePath, "PD-1", "vpc_cidrs", "10.50.0.0/33"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("vpc_cidrs"))
        let unchanged = try show(desk)
        #expect((unchanged["fields"] as? [String: Any])?["vpc_cidrs"] as? [String] == ["10.10.0.0/16"])
        let set = try desk.run([
            "set", "--db", desk.databasePath, "PD-1", "vpc_cidrs", "10.50.0.0/16", "--by", "kim", "--note", "phone",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("PD-1: field-set vpc_cidrs by kim; status ready"))
        let ticket = try show(desk)
        #expect((ticket["fields"] as? [String: Any])?["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        #expect(ticket["status"] as? String == "ready")
        let history = try #require(ticket["history"] as? [[String: Any]])
        let event = try #require(history.first { $0["kind"] as? String == "field-set" })
        #expect(event["old_value"] as? String == "10.10.0.0/16")
        #expect(event["new_value"] as? String == "10.50.0.0/16")
        #expect(event["actor"] as? String == "kim")
        // The customer writes the old value again: held, not applied.
        let again = try desk.write(
            "2.eml",
            DeskCommandTests.message(id: "staff-2", subject: "Re: VPC peering [PD-1]", body: "CIDR block: 10.10.0.0/16")
        )
        #expect(try desk.run(["ingest", "--db", desk.databasePath, again]).status == 0)
        let held = try show(desk)
        #expect((held["fields"] as? [String: Any])?["vpc_cidrs"] as? [String] == ["10.50.0.0/16"])
        let codes = (held["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("change-held"))
        // --clear, and a field name that does not exist.
        #expect(try desk.run(["set", "--db", desk.databasePath, "PD-1", "--clear", "peer_role_arn"]).status == 0)
        #expect(try show(desk)["status"] as? String == "needs-info")
        let unknown = try desk.run(["set", "--db", desk.databasePath, "PD-1", "cidr", "10.0.0.0/16"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("vpc_cidrs"))
    }

    /// A cluster made active in the registry: the open ticket's cluster-not-active goes away.
    @Test func aRegistryImportReevaluatesOpenTickets() throws {
        let body = DeskCommandTests.details.replacingOccurrences(
            of: "cau29pc7zl4ht2dtcbslfpr1u",
            with: "cqwlp66i5qudzp52yu2nubu3b"
        ).replacingOccurrences(of: "us-east-1", with: "eu-central-1")
        let desk = try ticket(body, from: "Gus <gus@globex.example>")
        defer { desk.cleanUp() }
        let before = (try show(desk)["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(before.contains("cluster-not-active"))
        let clusters = try String(contentsOfFile: "Data/demo/registry/clusters.csv", encoding: .utf8)
            .replacingOccurrences(
                of: "cqwlp66i5qudzp52yu2nubu3b,org-globex,globex-eu,hybrid,aws,eu-central-1,,,,creating",
                with: "cqwlp66i5qudzp52yu2nubu3b,org-globex,globex-eu,hybrid,aws,eu-central-1,290145877630,"
                    + "vpc-0aa1b2c3d4e5f6789,10.80.0.0/20,active"
            )
        let path = try desk.write("clusters.csv", clusters)
        let imported = try desk.run(["registry", "import", "--db", desk.databasePath, path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("1 ticket changed status"))
        let after = try show(desk)
        let codes = (after["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(!codes.contains("cluster-not-active"))
        #expect(after["status"] as? String == "ready")
        // Nothing left to change.
        let again = try desk.run(["revalidate", "--db", desk.databasePath])
        #expect(again.stdout.contains("0 changed"))
    }

    @Test func reopenAssignAndNote() throws {
        let desk = try ticket(DeskCommandTests.details)
        defer { desk.cleanUp() }
        let db = ["--db", desk.databasePath]
        #expect(try desk.run(["reject"] + db + ["PD-1", "--reason", "duplicate"]).status == 0)
        #expect(try show(desk)["status"] as? String == "rejected")
        #expect(try desk.run(["reopen"] + db + ["PD-1", "--reason", "not a duplicate after all"]).status == 0)
        #expect(try show(desk)["status"] as? String == "ready")
        let notRejected = try desk.run(["reopen"] + db + ["PD-1", "--reason", "again"])
        #expect(notRejected.status == 2)
        #expect(notRejected.stderr.contains("nothing to reopen"))
        #expect(try desk.run(["assign"] + db + ["PD-1", "ana"]).stdout.contains("assigned to ana"))
        let mine = try desk.run(["queue"] + db + ["--mine", "--format", "json"], environment: ["USER": "ana"])
        #expect(try mine.jsonLines().map { $0["owner"] as? String } == ["ana"])
        #expect(try desk.run(["queue"] + db + ["--owner", "kim", "--format", "json"]).stdout.isEmpty)
        #expect(try desk.run(["queue"] + db + ["--org", "org-northwind", "--format", "json"]).jsonLines().count == 1)
        #expect(
            try desk.run(["queue"] + db + ["--cluster", "northwind-prod", "--format", "json"]).jsonLines().count == 1
        )
        #expect(try desk.run(["queue"] + db + ["--requester", "bob@", "--format", "json"]).stdout.isEmpty)
        let found = try desk.run(["queue"] + db + ["--search", "peer AWS", "--format", "json"])
        #expect(try found.jsonLines().map { $0["ticket"] as? String } == ["PD-1"], "\(found.stderr)")
        #expect(try desk.run(["queue"] + db + ["--search", "nowhere-in-any-message"]).stdout.contains("PD-1") == false)
        #expect(try desk.run(["note"] + db + ["PD-1", "customer prefers email"]).status == 0)
        let history = try #require(try show(desk)["history"] as? [[String: Any]])
        #expect(
            history.contains { $0["kind"] as? String == "note" && $0["note"] as? String == "customer prefers email" }
        )
        #expect(try show(desk)["owner"] as? String == "ana")
        #expect(try desk.run(["assign"] + db + ["PD-1", "--unassign"]).status == 0)
        #expect(try show(desk)["owner"] is NSNull)
    }
}

/// Problem 5 of "a ticket the desk can trust": the same pcx-… was accepted on two tickets, and
/// a second request for a VPC just peered on another ticket passed as ready.
@Suite struct DeskPeeringTests {
    func peerings(_ desk: PeerDeskRunner) throws -> [[String: Any]] {
        try desk.run(["registry", "list", "peerings", "--db", desk.databasePath, "--format", "json"]).jsonLines()
    }

    func codes(_ desk: PeerDeskRunner, _ ticket: String) throws -> [String] {
        let show = try desk.run(["show", "--db", desk.databasePath, ticket, "--format", "json"])
        let object = try #require(try show.jsonLines().first)
        return (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test func aPeeringRecordedOnATicketIsInTheRegistryAndCannotBeRecordedTwice() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let db = ["--db", desk.databasePath]
        let pcx = "pcx-0123456789abcdef0"
        let first = try desk.write("1.eml", DeskCommandTests.message(id: "p-1"))
        #expect(try desk.run(["ingest"] + db + [first]).status == 0)
        #expect(try desk.run(["step"] + db + ["PD-1", "peering-requested", "--peering-id", pcx]).status == 0)
        #expect(try peerings(desk).first { $0["id"] as? String == pcx }?["status"] as? String == "pending-acceptance")
        #expect(try desk.run(["step"] + db + ["PD-1", "routes-created"]).status == 0)
        #expect(try peerings(desk).first { $0["id"] as? String == pcx }?["status"] as? String == "active")
        // The ticket's own peering is not a duplicate of itself.
        #expect(try desk.run(["revalidate"] + db + ["PD-1"]).stdout.contains("0 changed"))
        #expect(try !codes(desk, "PD-1").contains("duplicate-peering"))
        // A second request for the same VPC: duplicate-peering, not ready.
        let second = try desk.write("2.eml", DeskCommandTests.message(id: "p-2", subject: "Peering again"))
        #expect(try desk.run(["ingest"] + db + [second]).status == 0)
        #expect(try codes(desk, "PD-2").contains("duplicate-peering"))
        // Another VPC cannot take the same pcx-….
        let other = DeskCommandTests.details.replacingOccurrences(
            of: "vpc-0abc1234def567890",
            with: "vpc-0fed1234def567890"
        )
        .replacingOccurrences(of: "10.50.0.0/16", with: "10.52.0.0/16")
        let third = try desk.write("3.eml", DeskCommandTests.message(id: "p-3", subject: "Other VPC", body: other))
        #expect(try desk.run(["ingest"] + db + [third]).status == 0)
        let refused = try desk.run(["step"] + db + ["PD-3", "peering-requested", "--peering-id", pcx])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(pcx) is already recorded on PD-1"))
        // Undone, the peering leaves the registry.
        #expect(try desk.run(["step"] + db + ["PD-1", "--undo"]).status == 0)
        #expect(try peerings(desk).first { $0["id"] as? String == pcx }?["status"] as? String == "pending-acceptance")
        #expect(try desk.run(["step"] + db + ["PD-1", "--undo"]).status == 0)
        #expect(try peerings(desk).allSatisfy { $0["id"] as? String != pcx })
        #expect(try desk.run(["step"] + db + ["PD-3", "peering-requested", "--peering-id", pcx]).status == 0)
    }

    @Test func aSecondOpenTicketForTheSameVPCIsADuplicateRequest() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let db = ["--db", desk.databasePath]
        let first = try desk.write("1.eml", DeskCommandTests.message(id: "dup-1"))
        let second = try desk.write("2.eml", DeskCommandTests.message(id: "dup-2", subject: "Peering (resent)"))
        #expect(try desk.run(["ingest"] + db + [first, second]).status == 0)
        #expect(try codes(desk, "PD-1").contains("duplicate-request"))
        let show = try desk.run(["show"] + db + ["PD-2"])
        #expect(show.stdout.contains("PD-1 also asks to peer vpc-0abc1234def567890"), "\(show.stdout)")
        #expect(try desk.run(["reject"] + db + ["PD-2", "--reason", "duplicate of PD-1"]).status == 0)
        #expect(try desk.run(["revalidate"] + db).status == 0)
        #expect(try !codes(desk, "PD-1").contains("duplicate-request"))
    }

    @Test func aPeeringIDFromTheRegistryIsRefused() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let imported = try #require(try peerings(desk).first?["id"] as? String)
        let mail = try desk.write("1.eml", DeskCommandTests.message(id: "reg-1"))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, mail]).status == 0)
        let refused = try desk.run([
            "step", "--db", desk.databasePath, "PD-1", "peering-requested", "--peering-id", imported,
        ])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is already in the registry"))
    }
}
