import DeskTestSupport
import Foundation
import Testing

/// `ingest`, `queue`, `show`, `step`, `reject` and `quarantine` through the built binary.
@Suite struct DeskCommandTests {
    static let details = Details.northwind

    /// A message from Ana (DeskTestSupport's `mail`), Message-ID `<id@northwind.example>`.
    static func message(
        id: String,
        from: String = "Ana Lopez <ana@northwind.example>",
        subject: String = "VPC peering",
        body: String = details
    ) -> String {
        mail(from: from, subject: subject, messageID: "<\(id)@northwind.example>", body: body)
    }

    /// PD-1's waiting_since in the queue (nil when nothing waits).
    static func queueWaiting(_ desk: PeerDeskRunner) throws -> String? {
        let rows = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"]).jsonLines()
        return rows.first { $0["ticket"] as? String == "PD-1" }?["waiting_since"] as? String
    }

    /// A runner with the demo registry imported.
    func desk() throws -> PeerDeskRunner {
        let desk = try PeerDeskRunner()
        let files = ["organizations", "clusters", "peerings"].map { "Data/demo/registry/\($0).csv" }
        let imported = try desk.run(["registry", "import", "--db", desk.databasePath] + files)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        return desk
    }

    func folder(_ desk: PeerDeskRunner, _ name: String, count: Int) throws -> String {
        let url = desk.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for index in 0..<count {
            let text = Self.message(id: "bulk-\(index)")
            try text.write(
                to: url.appendingPathComponent(String(format: "%05d.eml", index)),
                atomically: false,
                encoding: .utf8
            )
        }
        return url.path
    }

    @Test func theDemoTicketsGetOneOutcomeEachAndASecondRunChangesNothing() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let first = try desk.run(["ingest", "--db", desk.databasePath, "Data/demo/tickets"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.last == "9 read, 7 new, 1 follow-up, 0 duplicate, 1 ignored, 0 quarantined")
        #expect(
            lines.contains {
                $0.hasPrefix("PD-3") && $0.contains("follow-up") && $0.contains("09-globex-follow-up.eml")
            }
        )
        let queue = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"])
        let before = try queue.jsonLines().map { $0["status"] as? String }
        let second = try desk.run(["ingest", "--db", desk.databasePath, "Data/demo/tickets"])
        #expect(
            second.stdout.split(separator: "\n").last
                == "9 read, 0 new, 0 follow-up, 9 duplicate, 0 ignored, 0 quarantined"
        )
        let after = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"])
        #expect(try after.jsonLines().map { $0["status"] as? String } == before)
        let show = try desk.run(["show", "--db", desk.databasePath, "PD-3", "--format", "json"])
        let history = try #require(try show.jsonLines().first?["history"] as? [[String: Any]])
        #expect(history.filter { $0["kind"] as? String == "message" }.count == 2)
        // The change names the old value, the new one and the message it came from.
        let change = try #require(history.first { $0["kind"] as? String == "field-changed" })
        #expect(change["field"] as? String == "peer_role_arn")
        #expect(change["old_value"] is NSNull)
        #expect(change["new_value"] as? String == "arn:aws:iam::345678901234:role/astro-peering-role-PeerRole-7QW2E")
        let message = try #require(change["message"] as? [String: Any])
        #expect(message["message_id"] as? String == "<demo-09@corp.globex.example>")
        #expect(message["source"] as? String == "Data/demo/tickets/09-globex-follow-up.eml")
    }

    @Test func jsonRecordsCarryTicketAndOutcomeAndTheSummaryGoesToStderr() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let path = try desk.write("a.eml", Self.message(id: "a1"))
        let result = try desk.run(["ingest", "--db", desk.databasePath, "--format", "json", path, path])
        #expect(result.status == 0)
        let records = try result.jsonLines()
        #expect(records.map { $0["outcome"] as? String } == ["new", "duplicate"])
        #expect(records.map { $0["ticket"] as? String } == ["PD-1", "PD-1"])
        #expect(records.first?["status"] as? String == "ready")
        #expect(records.first?["next_step"] as? String == "peering-requested")
        #expect(result.stderr.contains("2 read, 1 new, 0 follow-up, 1 duplicate, 0 ignored, 0 quarantined"))
    }

    @Test func aBatchKilledMidwayKeepsWhatItStoredAndTheRerunStoresTheRest() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let inbox = try folder(desk, "inbox", count: 600)
        // The folder's 600 messages come first; then ingest waits on standard input, which we
        // never close, with the last 88 messages read but not yet stored. Then it is killed.
        let process = Process()
        process.executableURL = PeerDeskRunner.binary
        process.arguments = ["ingest", "--db", desk.databasePath, inbox, "-"]
        process.currentDirectoryURL = PeerDeskRunner.packageRoot
        let outURL = desk.folder.appendingPathComponent("killed.out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outURL)
        defer { try? output.close() }
        process.standardOutput = output
        let input = Pipe()
        process.standardInput = input
        try process.run()
        var printed = 0
        for _ in 0..<6_000 where printed < 512 {
            Thread.sleep(forTimeInterval: 0.01)
            printed = (try? String(contentsOf: outURL, encoding: .utf8))?.split(separator: "\n").count ?? 0
        }
        Thread.sleep(forTimeInterval: 0.2)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        let killedLines = try String(contentsOf: outURL, encoding: .utf8).split(separator: "\n")
        #expect(killedLines.count == 512, "two batches of 256 were stored and printed before the kill")

        let rerun = try desk.run(["ingest", "--db", desk.databasePath, inbox])
        #expect(rerun.status == 0, "stderr: \(rerun.stderr)")
        #expect(
            rerun.stdout.split(separator: "\n").last
                == "600 read, 88 new, 0 follow-up, 512 duplicate, 0 ignored, 0 quarantined"
        )
        let queue = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"])
        let tickets = try queue.jsonLines().compactMap { $0["ticket"] as? String }
        #expect(tickets.count == 600)
        #expect(Set(tickets).count == 600)
    }

    @Test func twoStepProcessesAtTheSameMomentNeverLoseAnEvent() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let inbox = try folder(desk, "inbox", count: 8)
        #expect(try desk.run(["ingest", "--db", desk.databasePath, inbox]).status == 0)
        // For every ticket, two people request the peering at once: exactly one wins, the
        // other is refused by the guard, and no event is lost or doubled.
        var processes: [(Process, URL)] = []
        for ticket in 1...8 {
            for person in ["sam", "kim"] {
                let process = Process()
                process.executableURL = PeerDeskRunner.binary
                process.arguments = [
                    "step", "--db", desk.databasePath, "PD-\(ticket)", "peering-requested",
                    "--peering-id", "pcx-0a1b2c3d4e5f6789\(ticket)", "--by", person,
                ]
                let errURL = desk.folder.appendingPathComponent("err-\(ticket)-\(person)")
                _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: errURL)
                process.standardOutput = FileHandle.nullDevice
                processes.append((process, errURL))
            }
        }
        for (process, _) in processes { try process.run() }
        for (process, _) in processes { process.waitUntilExit() }
        let statuses = processes.map { $0.0.terminationStatus }
        #expect(statuses.filter { $0 == 0 }.count == 8)
        #expect(statuses.filter { $0 == 2 }.count == 8)
        for (process, errURL) in processes where process.terminationStatus == 2 {
            let message = try String(contentsOf: errURL, encoding: .utf8)
            #expect(message.contains("already done"), "\(message)")
        }
        for ticket in 1...8 {
            let show = try desk.run(["show", "--db", desk.databasePath, "PD-\(ticket)", "--format", "json"])
            let history = try #require(try show.jsonLines().first?["history"] as? [[String: Any]])
            #expect(history.filter { $0["kind"] as? String == "step" }.count == 1)
            #expect(try show.jsonLines().first?["status"] as? String == "in-progress")
        }
    }

    @Test func stepUndoAndRejectThroughTheBinary() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let path = try desk.write("a.eml", Self.message(id: "a1"))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, path]).status == 0)
        let refused = try desk.run(["step", "--db", desk.databasePath, "PD-1", "routes-created"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("routes-created needs peering-requested first"))
        let noID = try desk.run(["step", "--db", desk.databasePath, "PD-1", "peering-requested"])
        #expect(noID.status == 2)
        #expect(noID.stderr.contains("--peering-id"))
        let done = try desk.run([
            "step", "--db", desk.databasePath, "PD-1", "peering-requested", "--peering-id", "pcx-0a1b2c3d",
            "--by", "sam", "--note", "initiated from the console", "--format", "json",
        ])
        #expect(done.status == 0, "\(done.stderr)")
        let record = try #require(try done.jsonLines().first)
        #expect(record["status"] as? String == "in-progress")
        #expect(record["peering_id"] as? String == "pcx-0a1b2c3d")
        #expect(record["by"] as? String == "sam")
        let byDefault = try desk.run(
            ["step", "--db", desk.databasePath, "PD-1", "routes-created"],
            environment: ["USER": "kim"]
        )
        #expect(byDefault.stdout.contains("by kim"))
        let undo = try desk.run(["step", "--db", desk.databasePath, "PD-1", "--undo", "--by", "sam"])
        #expect(undo.status == 0)
        #expect(undo.stdout.contains("routes-created undone by sam"))
        let unknown = try desk.run(["step", "--db", desk.databasePath, "PD-1", "peering-done"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown step"))
        let reject = try desk.run([
            "reject", "--db", desk.databasePath, "PD-1", "--reason", "customer cancelled", "--by", "sam",
        ])
        #expect(reject.status == 0)
        #expect(reject.stdout.contains("status rejected"))
        let show = try desk.run(["show", "--db", desk.databasePath, "PD-1", "--format", "json"])
        let ticket = try #require(try show.jsonLines().first)
        #expect(
            Set(ticket.keys) == [
                "ticket", "status", "next_step", "requester", "subject", "created_at", "waiting_since",
                "organization", "cluster", "peering_id", "fields", "provenance", "findings", "checklist",
                "rejection", "history", "messages", "owner",
            ]
        )
        #expect(ticket["rejection"] as? String == "customer cancelled")
        let checklist = try #require(ticket["checklist"] as? [[String: Any]])
        #expect(
            checklist.map { $0["step"] as? String } == [
                "details-received", "validated", "peering-requested", "routes-created", "reply-sent",
                "customer-route-added", "role-stack-deleted",
            ]
        )
        #expect(checklist[2]["by"] as? String == "sam")
        #expect(checklist[2]["done"] as? Bool == true)
        #expect(checklist[3]["done"] as? Bool == false)
        let missing = try desk.run(["show", "--db", desk.databasePath, "PD-9"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no ticket PD-9"))
    }

    @Test func theQueueIsOldestWaitingFirstFiltersByStatusAndItsCSVIsSpreadsheetSafe() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let late = Self.message(id: "late").replacingOccurrences(of: "09:12:00", with: "11:00:00")
        let early = Self.message(
            id: "early",
            from: "-2+3@northwind.example",
            body: "Cluster ID: cau29pc7zl4ht2dtcbslfpr1u"
        )
        .replacingOccurrences(of: "09:12:00", with: "08:00:00")
        let lateURL = try desk.write("late.eml", late)
        let earlyURL = try desk.write("early.eml", early)
        #expect(try desk.run(["ingest", "--db", desk.databasePath, lateURL, earlyURL]).status == 0)
        let json = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"]).jsonLines()
        #expect(json.map { $0["ticket"] as? String } == ["PD-2", "PD-1"])
        #expect(json.first?["waiting_since"] as? String == "2026-11-24T08:00:00Z")
        // The original keys, and the owner, cluster name and subject added with staff controls.
        #expect(
            Set(json.first?.keys.map { $0 } ?? []) == [
                "ticket", "status", "next_step", "created_at", "age_seconds", "waiting_since", "requester",
                "organization", "cluster", "finding", "owner", "cluster_name", "subject",
            ]
        )
        let finding = try #require(json.first?["finding"] as? [String: Any])
        #expect(finding["severity"] as? String == "error")
        let ready = try desk.run(["queue", "--db", desk.databasePath, "--status", "ready", "--format", "json"])
        #expect(try ready.jsonLines().map { $0["ticket"] as? String } == ["PD-1"])
        let csv = try desk.run(["queue", "--db", desk.databasePath, "--format", "csv"])
        let rows = csv.stdout.split(separator: "\n")
        // New columns come after the original ones, so scripts reading by position keep working.
        #expect(
            rows.first
                == "ticket,status,next_step,age,waiting_since,requester,organization,cluster,finding,owner,cluster_name,subject"
        )
        #expect(rows[1].contains(",'-2+3@northwind.example,"))
        let badStatus = try desk.run(["queue", "--db", desk.databasePath, "--status", "open"])
        #expect(badStatus.status == 2)
        #expect(badStatus.stderr.contains("needs-info"))
    }

    @Test func quarantineKeepsBytesAndReasonAndARetryReleasesWhatNowReads() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let text = Self.message(id: "big")
        let path = try desk.write("big.eml", text)
        let ingest = try desk.run(["ingest", "--db", desk.databasePath, "--max-message-size", "100", path])
        #expect(ingest.stdout.hasPrefix("Q-1"))
        #expect(ingest.stdout.contains(" quarantined "))
        #expect(ingest.stdout.contains("over the 100-byte limit"))
        let list = try desk.run(["quarantine", "list", "--db", desk.databasePath, "--format", "json"]).jsonLines()
        #expect(list.count == 1)
        #expect(list.first?["id"] as? String == "Q-1")
        #expect((list.first?["reason"] as? String)?.contains("over the 100-byte limit") == true)
        let raw = try desk.run(["quarantine", "show", "--db", desk.databasePath, "Q-1", "--raw"])
        #expect(raw.stdout == text)
        let retry = try desk.run(["quarantine", "retry", "--db", desk.databasePath])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("PD-1"))
        #expect(retry.stdout.contains("1 read, 1 new"))
        #expect(
            try desk.run(["quarantine", "list", "--db", desk.databasePath, "--format", "json"]).jsonLines().isEmpty
        )
        let all = try desk.run(["quarantine", "list", "--db", desk.databasePath, "--all", "--format", "json"])
        #expect(try all.jsonLines().first?["ticket"] as? String == "PD-1")
    }

    /// A retry that fails again keeps the entry with its reason (it used to release it: the
    /// store answered "already quarantined" as a duplicate, which the command took as stored).
    @Test func aRetryThatFailsAgainKeepsTheEntryQuarantined() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let path = try desk.write("big.eml", Self.message(id: "big-again"))
        let limit = ["--max-message-size", "100"]
        #expect(try desk.run(["ingest", "--db", desk.databasePath] + limit + [path]).stdout.hasPrefix("Q-1"))
        let retry = try desk.run(["quarantine", "retry", "--db", desk.databasePath] + limit)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("1 read, 0 new, 0 follow-up, 0 duplicate, 0 ignored, 1 quarantined"))
        let list = try desk.run(["quarantine", "list", "--db", desk.databasePath, "--format", "json"]).jsonLines()
        #expect(list.map { $0["id"] as? String } == ["Q-1"])
        #expect(list.first?["released_at"] is NSNull)
        #expect((list.first?["reason"] as? String)?.contains("over the 100-byte limit") == true)
        let queue = try desk.run(["queue", "--db", desk.databasePath, "--format", "json"])
        #expect(queue.stdout.isEmpty)
        // It still reads once the limit is lifted.
        let lifted = try desk.run(["quarantine", "retry", "--db", desk.databasePath])
        #expect(lifted.stdout.contains("1 read, 1 new"))
    }

    @Test func aFollowUpReportsTheTicketsStatusWithSupportsSteps() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let first = try desk.write("a.eml", Self.message(id: "s1"))
        #expect(try desk.run(["ingest", "--db", desk.databasePath, first]).status == 0)
        #expect(
            try desk.run([
                "step", "--db", desk.databasePath, "PD-1", "peering-requested", "--peering-id", "pcx-0a1b2c3d",
            ]).status == 0
        )
        let reply = Self.message(id: "s2", subject: "Re: VPC peering", body: "Any news?")
            .replacingOccurrences(of: "Content-Type:", with: "In-Reply-To: <s1@northwind.example>\r\nContent-Type:")
        let second = try desk.write("b.eml", reply)
        let result = try desk.run(["ingest", "--db", desk.databasePath, "--format", "json", second])
        let record = try #require(try result.jsonLines().first)
        #expect(record["outcome"] as? String == "follow-up")
        #expect(record["status"] as? String == "in-progress")
        #expect(record["next_step"] as? String == "routes-created")
    }

    @Test func standardInputIsOneMessage() throws {
        let desk = try desk()
        defer { desk.cleanUp() }
        let result = try desk.run(
            ["ingest", "--db", desk.databasePath, "-"],
            stdin: Data(Self.message(id: "piped").utf8)
        )
        #expect(result.status == 0)
        #expect(result.stdout.contains("PD-1     new"))
    }
}
