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

    /// Whether the source may hold a value of a field in `fields` (bits of
    /// `FieldExtractor.slot`): a cheap look at an alternative's HTML source before it is
    /// rendered, which costs more than reading it. Plain text sources always may.
    ///
    /// A VPC ID needs "vpc-", a role "arn:", a CIDR a digit, "/" and a digit, a cluster ID a word
    /// of 25 letters and digits starting with "c", an account 12 digits in a row (dashes and
    /// spaces between groups allowed) that do not follow ":" as in an ARN; a region may be a
    /// display name, so a missing region always says yes.
    func mayHold(_ fields: UInt8) -> Bool {
        guard case .part(let part) = body, var html = part.text else { return true }
        if fields & 0b10 != 0 { return true }  // the region
        return html.withUTF8 { bytes in
            let wanted = (
                account: fields & 0b1 != 0, vpc: fields & 0b100 != 0, cidr: fields & 0b1000 != 0,
                role: fields & 0b1_0000 != 0, cluster: fields & 0b10_0000 != 0
            )
            var digits = 0
            var digitsAfterColon = false
            var word = 0
            var wordStartsWithC = false
            var wordHasDigit = false
            let count = bytes.count
            for index in 0..<count {
                let byte = bytes[index]
                let lower = byte | 0x20
                let isDigit = byte >= 0x30 && byte <= 0x39
                // Account: 12 digits, groups joined by a dash or a space.
                if isDigit {
                    if digits == 0 { digitsAfterColon = index > 0 && bytes[index - 1] == 0x3A }
                    digits += 1
                    if wanted.account, digits == 12, !digitsAfterColon { return true }
                } else if !(digits > 0 && (byte == 0x2D || byte == 0x20) && index + 1 < count
                    && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39)
                {
                    digits = 0
                }
                // Cluster: a word of 25 lower-case letters and digits starting with "c".
                if (byte >= 0x61 && byte <= 0x7A) || isDigit {
                    if word == 0 {
                        wordStartsWithC = byte == 0x63 && (index == 0 || !Self.isWordByte(bytes[index - 1]))
                    }
                    word += 1
                    wordHasDigit = wordHasDigit || isDigit
                    if wanted.cluster, word == 25, wordStartsWithC, wordHasDigit,
                        index + 1 == count || !Self.isWordByte(bytes[index + 1])
                    {
                        return true
                    }
                } else {
                    word = 0
                    wordHasDigit = false
                }
                guard index + 3 < count else { continue }
                if wanted.vpc, lower == 0x76, bytes[index + 1] | 0x20 == 0x70, bytes[index + 2] | 0x20 == 0x63,
                    bytes[index + 3] == 0x2D
                {
                    return true
                }
                if wanted.role, lower == 0x61, bytes[index + 1] | 0x20 == 0x72, bytes[index + 2] | 0x20 == 0x6E,
                    bytes[index + 3] == 0x3A
                {
                    return true
                }
                if wanted.cidr, byte == 0x2F, index > 0, bytes[index - 1] >= 0x30, bytes[index - 1] <= 0x39,
                    bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39
                {
                    return true
                }
            }
            return false
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
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
