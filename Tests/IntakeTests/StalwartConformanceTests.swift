import Foundation
import Intake
import Testing

/// Stalwart mail-parser's expected results for 107 messages (RFC samples, legacy clients,
/// Dovecot's third-party and malformed tests): our subject, From address, Message-ID and text
/// bodies must agree with theirs, read with LF line ends (`NNN.json`) and with CRLF
/// (`NNN.crlf.json`).
@Suite(.enabled(if: Corpora.isPresent, "../shared/corpora is absent: the conformance corpus is not checked"))
struct StalwartConformanceTests {
    /// Differences accepted on purpose, by message and field, with the reason.
    static let acceptedDifferences: [String: String] = {
        let latin1Header =
            "8-bit header bytes that are not UTF-8 are read as Windows-1252 (\"Frösche\"); Stalwart shows U+FFFD"
        let latin1Body = "an unlabelled 8-bit body that is not UTF-8 is read as Windows-1252; Stalwart shows U+FFFD"
        let outerFirst =
            "nested multiparts with the same, prefix or unclosed boundaries: we split the outer level first, so an "
            + "outer delimiter always ends an inner part; Stalwart lets the inner part run over it. No text is lost."
        let noDelimiter =
            "a multipart body with no delimiter line: we read it as text/plain so nothing is lost; Stalwart keeps an "
            + "empty multipart with no text body"
        return [
            "stalwart/eml/legacy/010.eml": latin1Header,
            "stalwart/eml/legacy/020.eml": latin1Header,
            "stalwart/eml/legacy/022.eml": latin1Header,
            "stalwart/eml/legacy/027.eml": latin1Header,
            "stalwart/eml/legacy/052.eml": latin1Header + "; " + latin1Body,
            "stalwart/eml/legacy/033.eml": latin1Body,
            "stalwart/eml/legacy/049.eml":
                "the input ends in a lone CR (after LF conversion); we keep it, Stalwart drops it",
            "stalwart/eml/malformed/000.eml":
                "delimiters with nothing between them: we keep the empty parts, Stalwart drops them",
            "stalwart/eml/malformed/001.eml": outerFirst,
            "stalwart/eml/malformed/002.eml": noDelimiter,
            "stalwart/eml/malformed/003.eml": outerFirst,
            "stalwart/eml/malformed/004.eml": noDelimiter,
            "stalwart/eml/malformed/005.eml": outerFirst,
            "stalwart/eml/malformed/006.eml": noDelimiter,
            "stalwart/eml/malformed/008.eml": outerFirst,
            "stalwart/eml/malformed/009.eml": outerFirst,
            "stalwart/eml/malformed/011.eml": outerFirst,
            "stalwart/eml/malformed/013.eml": outerFirst,
            "stalwart/eml/malformed/014.eml": outerFirst,
            "stalwart/eml/malformed/016.eml": outerFirst,
            "stalwart/eml/malformed/019.eml": outerFirst,
            "stalwart/eml/malformed/020.eml":
                "a part with two Content-Type fields: we use the first (multipart/alternative), Stalwart the last",
            "stalwart/eml/malformed/021.eml":
                "a part with two Content-Type fields: we use the first (multipart/alternative), Stalwart the last",
            "stalwart/eml/thirdparty/002.eml":
                "a base64 body starting with junk (\"?garbage\"): we skip the junk and decode; Stalwart keeps it raw",
            "stalwart/eml/thirdparty/005.eml":
                "a delimiter in the middle of a line (\"invalid--1--\"): RFC 2046 delimiters start a line, so we keep "
                + "the text; Stalwart cuts it",
        ]
    }()

    struct Expected {
        var subject: String?
        var from: String?
        var messageID: String?
        var textBodies: [String]
    }

    static func expected(_ json: Any) -> Expected? {
        guard let root = json as? [String: Any], let parts = root["parts"] as? [[String: Any]], let first = parts.first
        else { return nil }
        var result = Expected(textBodies: [])
        for header in first["headers"] as? [[String: Any]] ?? [] {
            let value = header["value"] as? [String: Any]
            switch header["name"] as? String {
            case "subject": result.subject = result.subject ?? (value?["Text"] as? String)
            case "message_id": result.messageID = result.messageID ?? (value?["Text"] as? String)
            case "from":
                if result.from == nil, let address = value?["Address"] as? [String: Any] {
                    let list =
                        (address["List"] as? [[String: Any]])
                        ?? ((address["Group"] as? [[String: Any]])?.first?["addresses"] as? [[String: Any]])
                    result.from = list?.first?["address"] as? String
                }
            default: break
            }
        }
        for index in root["text_body"] as? [Int] ?? [] where index < parts.count {
            let body = parts[index]["body"] as? [String: Any]
            if let text = (body?["Text"] ?? body?["Html"]) as? String { result.textBodies.append(text) }
        }
        return result
    }

    struct Outcome {
        var passed = 0
        var accepted = 0
        var failures: [String] = []
    }

    static func check(lineEnds crlf: Bool) throws -> Outcome {
        var outcome = Outcome()
        for eml in Corpora.files(under: "stalwart/eml", suffix: ".eml") {
            let jsonURL = eml.deletingPathExtension().appendingPathExtension(crlf ? "crlf.json" : "json")
            guard let data = try? Data(contentsOf: jsonURL),
                let expected = expected(try JSONSerialization.jsonObject(with: data))
            else { continue }
            let stored = [UInt8](try Data(contentsOf: eml))
            let bytes = crlf ? toCRLF(stored) : toLF(stored)
            let name = Corpora.name(eml) + (crlf ? " (CRLF)" : "")
            guard let message = try? MailMessage.parse(bytes) else {
                outcome.failures.append("\(name): did not parse")
                continue
            }
            var problems: [String] = []
            if let subject = expected.subject, message.headers["subject"] != subject {
                problems.append(
                    "subject \(String(reflecting: message.headers["subject"])) != \(String(reflecting: subject))"
                )
            }
            let from = message.headers.field("from").map(MailAddress.parseList)?.first?.address
            if let expectedFrom = expected.from, from != expectedFrom {
                problems.append("from \(String(reflecting: from)) != \(String(reflecting: expectedFrom))")
            }
            let messageID = message.headers["message-id"].map(Self.stripAngles)
            if let expectedID = expected.messageID, messageID != expectedID {
                problems.append("message-id \(String(reflecting: messageID)) != \(String(reflecting: expectedID))")
            }
            let bodies = message.textBody.compactMap { message.parts[$0].text }
            if bodies != expected.textBodies {
                problems.append(
                    "text bodies differ: \(bodies.count) vs \(expected.textBodies.count) "
                        + "(first: \(String(reflecting: bodies.first?.prefix(80))) vs \(String(reflecting: expected.textBodies.first?.prefix(80))))"
                )
            }
            if problems.isEmpty {
                outcome.passed += 1
            } else if acceptedDifferences[Corpora.name(eml)] != nil {
                outcome.accepted += 1
            } else {
                outcome.failures.append("\(name): " + problems.joined(separator: "; "))
            }
        }
        return outcome
    }

    static func stripAngles(_ id: String) -> String {
        var text = id.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("<") { text.removeFirst() }
        if let close = text.firstIndex(of: ">") { text = String(text[..<close]) }
        return text
    }

    /// The input "read with LF line ends": every CRLF becomes LF.
    static func toLF(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated()
        where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            output.append(byte)
        }
        return output
    }

    /// The input read with CRLF line ends: every LF not already preceded by CR gets one.
    static func toCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D { output.append(0x0D) }
            output.append(byte)
        }
        return output
    }

    @Test(arguments: [false, true])
    func messagesAgreeWithStalwart(crlf: Bool) throws {
        let outcome = try Self.check(lineEnds: crlf)
        let total = outcome.passed + outcome.accepted + outcome.failures.count
        print(
            "Stalwart conformance (\(crlf ? "CRLF" : "LF")): \(outcome.passed) of \(total) messages agree, "
                + "\(outcome.accepted) differ as listed in acceptedDifferences, \(outcome.failures.count) differ otherwise"
        )
        for failure in outcome.failures { print("  differs: \(failure)") }
        #expect(total >= 100, "expected about 107 messages with results")
        #expect(outcome.failures.isEmpty, "\(outcome.failures.count) messages differ (listed above)")
    }
}
