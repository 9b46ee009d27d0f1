/// One block of decoded text that extraction searches: a MIME part's readable text, the
/// subject, an attachment, a free-text export column.
public struct TextSource: Sendable, Hashable {
    private enum Body: Sendable, Hashable {
        case text(String)
        /// A part whose readable text is made only when asked for (an HTML alternative, which
        /// extraction often does not need).
        case part(MailPart)
    }

    /// The MIME part it came from (0 = the message itself, also for the subject).
    public var part: Int
    /// A label for provenance: "subject", "text/plain", "attachment details.txt", …
    public var name: String
    /// The text to search (an alternative's HTML is rendered when this is read).
    public var text: String {
        get {
            switch body {
            case .text(let text): return text
            case .part(let part): return part.readableText ?? ""
            }
        }
        set { body = .text(newValue) }
    }
    /// The whole source is quoted history (a forwarded message): its values are a fallback.
    public var isQuotedHistory: Bool
    /// Another rendering of a body already among the sources (the HTML twin of a plain text):
    /// searched only when the sources before it leave one of the six details without a value
    /// in the customer's new text, so a stub or a plain rendering that lost the table is not
    /// trusted alone, and a complete plain part is not second-guessed.
    public var isAlternative: Bool
    private var body: Body

    public init(part: Int, name: String, text: String, isQuotedHistory: Bool = false, isAlternative: Bool = false) {
        self.part = part
        self.name = name
        self.body = .text(text)
        self.isQuotedHistory = isQuotedHistory
        self.isAlternative = isAlternative
    }

    /// An alternative rendering whose text is made from `mailPart` when first needed.
    init(alternative mailPart: MailPart, name: String, isQuotedHistory: Bool) {
        self.part = mailPart.index
        self.name = name
        self.body = .part(mailPart)
        self.isQuotedHistory = isQuotedHistory
        self.isAlternative = true
    }
}
