import PeeringModel

/// One node of a message's MIME tree. Part 0 is the message itself; an attached message's
/// own root is a part too, so every part of every level sits in one flat list.
public struct MailPart: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// Decoded text in `text` (HTML source for `text/html`).
        case text
        case multipart(children: [Int])
        /// An attached message (`message/rfc822`); its root part's index.
        case message(root: Int)
        case binary
    }

    public var index: Int
    public var parent: Int?
    public var depth: Int
    public var headers: MailHeaders
    public var contentType: HeaderParameters
    public var disposition: HeaderParameters?
    public var transferEncoding: String
    public var content: Content
    /// Decoded body size in bytes (after transfer decoding).
    public var size: Int
    /// The charset used to decode `text` (may differ from the declared one).
    public var charset: String?
    /// Decoding needed replacement characters, or the charset label was unknown or lied.
    public var isLossy: Bool
    public var text: String?
    public var filename: String?
    /// Byte range of the body in the input (before transfer decoding).
    public var bodyRange: Range<Int>

    /// `type/subtype`, lower case.
    public var mimeType: String { contentType.value }

    public var isAttachment: Bool { disposition?.value == "attachment" }

    /// The text a person would read: HTML rendered, format=flowed joined, CRLF made LF.
    public var readableText: String? {
        guard let text else { return nil }
        if mimeType == "text/html" { return HTMLText.plainText(fromHTML: Array(text.utf8), charset: "utf-8") }
        let normalized = FormatFlowed.normalizeLineEnds(text)
        if contentType["format"]?.lowercased() == "flowed" {
            return FormatFlowed.unflow(normalized, deleteSpace: contentType["delsp"]?.lowercased() == "yes")
        }
        return normalized
    }
}

/// A parsed message: the flat part list and the parts that make up its body.
public struct MailMessage: Sendable, Hashable {
    public var parts: [MailPart]
    /// Parts to read as the message's text body (JMAP's textBody: plain text preferred, HTML where
    /// no plain alternative exists), for the top-level message only.
    public var textBody: [Int]
    public var size: Int

    public var root: MailPart { parts[0] }
    public var headers: MailHeaders { parts[0].headers }

    /// Parses a message. Throws only for input over a limit or not a message at all; damaged MIME
    /// is repaired the way mail readers do (see the Intake README section).
    public static func parse(_ bytes: [UInt8], limits: MailLimits = .standard) throws(IntakeError) -> MailMessage {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= limits.messageSize else { throw .tooLarge(size: bytes.count, limit: limits.messageSize) }
        var parser = MIMEParser(bytes: bytes, limits: limits)
        _ = try parser.parseEntity(from: headerStart(bytes), to: bytes.count, parent: nil, depth: 0)
        guard !parser.parts.isEmpty else { throw .notAMessage("no content") }
        var message = MailMessage(parts: parser.parts, textBody: [], size: bytes.count)
        message.textBody = BodyStructure.textBody(of: message, root: 0)
        return message
    }

    /// Where the header starts: past blank (or white-space) lines that a saved or pasted message
    /// sometimes begins with, when the first line after them is a field every message has
    /// (`Received:`, `From:`, …); otherwise 0, and a leading blank line means no header at all.
    static func headerStart(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let (contentEnd, next) = bytes.lineBounds(from: index, limit: bytes.count)
            guard bytes[index..<contentEnd].allSatisfy({ $0 == Byte.space || $0 == Byte.tab }) else { break }
            index = next
        }
        guard index > 0, index < bytes.count else { return 0 }
        let (contentEnd, _) = bytes.lineBounds(from: index, limit: bytes.count)
        let line = bytes[index..<contentEnd].prefix(20).map(ASCII.lowercased)
        return messageFields.contains { line.starts(with: $0) } ? index : 0
    }

    /// Field names (with their colon) a message's header has and a body rarely starts with.
    private static let messageFields: [[UInt8]] = [
        "received:", "return-path:", "delivered-to:", "x-original-to:", "envelope-to:", "from:", "date:",
        "message-id:", "mime-version:",
    ].map { Array($0.utf8) }
}
