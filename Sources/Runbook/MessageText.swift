import Foundation
public import Intake
import PeeringModel

/// The readable text of a stored message: what the customer wrote, or the draft we sent.
public enum MessageText {
    /// The longest characters shown for one message; the rest is cut with a note.
    public static let limit = 20_000

    /// The first readable part of a message (text/plain, else the HTML rendered as text); an
    /// export record's columns, one per line; "" for bytes that do not read.
    public static func of(_ raw: [UInt8], limits: MailLimits = .standard) -> String {
        guard !raw.isEmpty else { return "" }
        if raw.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any]
        {
            return cut(
                object.keys.sorted().map { "\($0): \(object[$0].map { "\($0)" } ?? "")" }.joined(separator: "\n")
            )
        }
        guard ContentSniffer.nonRequestReason(raw) == nil, let message = try? MailMessage.parse(raw, limits: limits)
        else { return "" }
        let body = message.textSources.first { $0.name != "subject" }
        return cut(body?.text ?? "")
    }

    private static func cut(_ text: String) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "\n… (\(text.count - limit) more characters)"
    }
}

extension TicketStore {
    /// Each of the ticket's messages' text, by message row.
    public func messageTexts(_ ticket: Ticket) throws(RunbookError) -> [Int64: String] {
        var texts: [Int64: String] = [:]
        for message in ticket.messages {
            if let raw = try rawMessage(row: message.row) { texts[message.row] = MessageText.of(raw) }
        }
        return texts
    }
}
