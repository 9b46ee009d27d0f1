/// One block of decoded text that extraction searches: a MIME part's readable text, the
/// subject, an attachment, a free-text export column.
public struct TextSource: Sendable, Hashable {
    /// The MIME part it came from (0 = the message itself, also for the subject).
    public var part: Int
    /// A label for provenance: "subject", "text/plain", "attachment details.txt", …
    public var name: String
    public var text: String
    /// The whole source is quoted history (a forwarded message): its values are a fallback.
    public var isQuotedHistory: Bool

    public init(part: Int, name: String, text: String, isQuotedHistory: Bool = false) {
        self.part = part
        self.name = name
        self.text = text
        self.isQuotedHistory = isQuotedHistory
    }
}
