import Foundation
import Intake
import Testing

@Suite struct InputSourceTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func messages(_ paths: [String]) -> [Result<RawMessage, InputError>] {
        InputSource(paths: paths).map { result in
            result.flatMap { item in
                guard case .message(let raw) = item else {
                    return .failure(InputError(path: item.origin.path, reason: "not a message"))
                }
                return .success(raw)
            }
        }
    }

    @Test func anMboxIsSplitAndFromLinesAreUnquoted() throws {
        let mbox = """
            From ana@example.com Mon Nov 23 09:00:00 2026
            Subject: one

            >From the start
            >>From deeper
            body one

            From bo@example.com Mon Nov 23 10:00:00 2026
            Subject: two

            body two

            """
        // The file is named like a single message: the kind comes from its content.
        let path = try write("requests.eml", mbox)
        let results = messages([path])
        let raws = try results.map { try $0.get() }
        #expect(raws.map(\.origin.index) == [1, 2])
        #expect(raws.allSatisfy { $0.origin.kind == .mbox })
        #expect(
            String(decoding: raws[0].bytes, as: UTF8.self) == "Subject: one\n\nFrom the start\n>From deeper\nbody one\n"
        )
        #expect(String(decoding: raws[1].bytes, as: UTF8.self) == "Subject: two\n\nbody two\n")
    }

    /// A message given as a symbolic link is the file it points to, whole: the size read before
    /// a small file is read into memory was the link's own (8 bytes here), so the message was cut.
    @Test func aSymbolicLinkIsReadAsTheFileItPointsTo() throws {
        let text = "Subject: peering\n\nVPC ID: vpc-0a1b2c3d4e5f67890\nAWS account ID: 123456789012\n"
        let target = try write("real.eml", text)
        let link = folder.appendingPathComponent("link.eml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.eml")
        let folderOfLinks = folder.appendingPathComponent("links").path
        try FileManager.default.createDirectory(atPath: folderOfLinks, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folderOfLinks + "/a.eml", withDestinationPath: target)
        for path in [link, folderOfLinks] {
            let raws = try messages([path]).map { try $0.get() }
            #expect(raws.map { String(decoding: $0.bytes, as: UTF8.self) } == [text], "\(path)")
        }
    }

    @Test func aMaildirReadsCurAndNewButNotTmp() throws {
        _ = try write("box/cur/1.host:2,S", "Subject: cur\n\nx")
        _ = try write("box/new/2.host", "Subject: new\n\nx")
        _ = try write("box/tmp/3.host", "Subject: tmp\n\nx")
        let raws = try messages([folder.appendingPathComponent("box").path]).map { try $0.get() }
        #expect(raws.map { String(decoding: $0.bytes.prefix(12), as: UTF8.self) } == ["Subject: cur", "Subject: new"])
        #expect(raws.allSatisfy { $0.origin.kind == .maildir })
    }

    @Test func aFolderIsReadRecursivelyInOrderSkippingHiddenFiles() throws {
        _ = try write("in/b.eml", "Subject: b\n\nx")
        _ = try write("in/a/1.eml", "Subject: a1\n\nx")
        _ = try write("in/.DS_Store", "junk")
        let raws = try messages([folder.appendingPathComponent("in").path]).map { try $0.get() }
        #expect(raws.map { URL(fileURLWithPath: $0.origin.path).lastPathComponent } == ["1.eml", "b.eml"])
    }

    @Test func aMissingPathIsReportedAndTheOthersGoOn() throws {
        let good = try write("ok.eml", "Subject: ok\n\nx")
        let results = messages(["/no/such/path.eml", good])
        #expect(results.count == 2)
        guard case .failure(let error) = results[0] else {
            Issue.record("expected a failure for the missing path")
            return
        }
        #expect(error.description == "/no/such/path.eml: no such file or folder")
        #expect((try? results[1].get())?.origin.kind == .email)
    }
}

@Suite struct MessageSummaryTests {
    @Test func keepsWhatLaterStepsNeed() throws {
        let text = """
            Authentication-Results: mx.astronomer.example; dmarc=fail header.from=example.com
            Authentication-Results: relay.example; dmarc=pass
            From: "Lopez, Ana" <Ana.Lopez@Example.com>
            Reply-To: ops@example.com
            To: support@astronomer.example, Bo <bo@example.com>
            Cc: =?UTF-8?B?Q2zDqW1lbnQ=?= <clement@example.com>
            Subject: Re: VPC peering [PD-12]
            Date: Tue, 24 Nov 2026 09:12:00 +0100
            Message-ID: <abc@mail.example.com>
            In-Reply-To: <pd-12.1@peerdesk.example>
            References: <first@example.com>
             <pd-12.1@peerdesk.example>
            Auto-Submitted: no
            Precedence: bulk
            X-Autoreply: yes
            Return-Path: <>

            body
            """
        let summary = MessageSummary(try parse(text))
        #expect(summary.from == MailAddress(name: "Lopez, Ana", address: "Ana.Lopez@Example.com"))
        #expect(summary.from?.domain == "example.com")
        #expect(summary.replyTo?.address == "ops@example.com")
        #expect(summary.to.map(\.address) == ["support@astronomer.example", "bo@example.com"])
        #expect(summary.cc.first?.name == "Clément")
        #expect(summary.subject == "Re: VPC peering [PD-12]")
        #expect(summary.date == Date(timeIntervalSince1970: 1_795_507_920))
        #expect(summary.messageID == "<abc@mail.example.com>")
        #expect(summary.inReplyTo == ["<pd-12.1@peerdesk.example>"])
        #expect(summary.references == ["<first@example.com>", "<pd-12.1@peerdesk.example>"])
        #expect(summary.autoSubmitted == "no")
        #expect(summary.precedence == "bulk")
        #expect(summary.autoReplyHeaders == ["x-autoreply": "yes"])
        #expect(summary.returnPath == "<>")
        #expect(summary.authenticationResults?.contains("dmarc=fail") == true)
        #expect(!summary.isDeliveryReport)
    }

    @Test(arguments: [
        ("Tue, 24 Nov 2026 09:12:00 +0100", 1_795_507_920.0),
        ("24 Nov 2026 08:12:00 GMT", 1_795_507_920.0),
        ("Tue, 24 Nov 26 03:12 EST", 1_795_507_920.0),
        ("Tue,  24 Nov 2026 08:12:00 +0000 (UTC)", 1_795_507_920.0),
    ])
    func datesParse(text: String, seconds: Double) {
        let message = try? parse("Date: \(text)\n\nx")
        #expect(message.map { MessageSummary($0).date } == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: ["", "yesterday", "32 Nov 2026 08:12:00 +0000", "Tue, 24 Foo 2026 08:12 +0000"])
    func badDatesAreNil(text: String) throws {
        #expect(MessageSummary(try parse("Date: \(text)\n\nx")).date == nil)
    }

    @Test(arguments: [
        ("undisclosed-recipients:;", [String]()),
        ("Team: a@example.com, b@example.com;", ["a@example.com", "b@example.com"]),
        ("a@example.com (Ana)", ["a@example.com"]),
        ("<@route.example:a@example.com>", ["a@example.com"]),
        ("\"Weird, Name\" <w@example.com>, , x@example.com", ["w@example.com", "x@example.com"]),
    ])
    func addressLists(raw: String, addresses: [String]) throws {
        #expect(MessageSummary(try parse("To: \(raw)\n\nx")).to.map(\.address) == addresses)
    }
}

/// Folders are listed as the walk reaches them; the order and the paths are those of a full
/// listing (files in name order, sub-folders in place, hidden names skipped).
@Suite struct LazyFolderListingTests {
    @Test func nestedFoldersKeepNameOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-lazy-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for path in ["b/2.eml", "b/a/1.eml", "a.eml", "c/d/e/3.eml", "c/.hidden/4.eml", "c/z.eml"] {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data("Subject: \(path)\n\nbody\n".utf8).write(to: url)
        }
        let paths = InputSource(paths: [root]).compactMap { result -> String? in
            guard case .success(let item) = result else { return nil }
            return String(item.origin.path.dropFirst(root.count + 1))
        }
        #expect(paths == ["a.eml", "b/2.eml", "b/a/1.eml", "c/d/e/3.eml", "c/z.eml"])
    }

    @Test func aFileOverTheSizeLimitIsRefusedWithItsSize() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-size-\(getpid()).eml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("Subject: big\n\n0123456789\n".utf8).write(to: URL(fileURLWithPath: path))
        var source = InputSource(paths: [path])
        source.maximumFileSize = 10
        let results = Array(source)
        guard case .failure(let error)? = results.first else {
            Issue.record("the file was read")
            return
        }
        #expect(error.reason == "is 25 bytes, over the 10-byte limit")
    }
}
