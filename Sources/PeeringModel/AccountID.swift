/// An AWS account ID: exactly 12 digits, kept as a string because leading zeros matter.
///
/// Accepts the digits grouped by single dashes or spaces, as consoles and emails show them
/// (`1234-5678-9012`, `1234 5678 9012`), and normalizes to the 12 digits.
public struct AccountID: ParsedIdentifier {
    /// The 12 digits.
    public let rawValue: String

    static let advice =
        "an AWS account ID is 12 digits, such as 123456789012 (the account menu at the top right "
        + "of the AWS console shows it)"

    /// Parses an account ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.accountID, text, .empty, "is empty; \(Self.advice)") }
        var digits: [UInt8] = []
        digits.reserveCapacity(12)
        var previousWasSeparator = false
        for index in bytes.indices {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                digits.append(byte)
                previousWasSeparator = false
                continue
            }
            let character = ASCII.character(in: bytes, at: index)
            guard byte == 0x2D || byte == 0x20 else {
                throw ValueError(
                    .accountID,
                    text,
                    .invalidCharacter(character),
                    "has \(ASCII.quoted(character)), which is not a digit; \(Self.advice)"
                )
            }
            guard !digits.isEmpty, !previousWasSeparator else {
                throw ValueError(
                    .accountID,
                    text,
                    .invalidCharacter(character),
                    "has \(ASCII.quoted(character)) where a digit belongs; digits may be grouped only by "
                        + "single dashes or spaces; \(Self.advice)"
                )
            }
            previousWasSeparator = true
        }
        guard !previousWasSeparator else {
            // Trailing spaces were trimmed, so the separator is a dash.
            throw ValueError(.accountID, text, .invalidCharacter("-"), "ends with a dash; \(Self.advice)")
        }
        guard digits.count == 12 else {
            throw ValueError(
                .accountID,
                text,
                .wrongLength(expected: "12", actual: digits.count),
                "has \(digits.count) digits; \(Self.advice)"
            )
        }
        self.rawValue = ASCII.string(digits)
    }

    /// `nil` unless `rawValue` is exactly 12 digits (the canonical form; use `init(parsing:)` for input).
    /// A direct check, not the `ParsedIdentifier` default's parse: role ARNs are read through it.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 12, rawValue.utf8.allSatisfy(ASCII.isDigit) else { return nil }
        self.rawValue = rawValue
    }
}
