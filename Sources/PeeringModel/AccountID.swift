/// An AWS account ID: exactly 12 digits, kept as a string because leading zeros matter.
///
/// Accepts the digits grouped by single dashes or spaces, as the console shows them
/// (`1234-5678-9012`), and normalizes to the 12 digits.
public struct AccountID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.accountID, text, .empty, "is empty") }
        var digits: [UInt8] = []
        digits.reserveCapacity(12)
        var previousWasSeparator = true  // no leading separator
        for byte in bytes {
            if ASCII.isDigit(byte) {
                digits.append(byte)
                previousWasSeparator = false
            } else if (byte == 0x2D || byte == 0x20) && !previousWasSeparator {
                previousWasSeparator = true
            } else {
                throw ValueError(
                    .accountID,
                    text,
                    .invalidCharacter(Character(Unicode.Scalar(byte))),
                    "is not an AWS account ID: an account ID is 12 digits, such as 123456789012"
                )
            }
        }
        guard !previousWasSeparator else {
            throw ValueError(
                .accountID,
                text,
                .invalidCharacter("-"),
                "ends with a separator; an account ID is 12 digits"
            )
        }
        guard digits.count == 12 else {
            throw ValueError(
                .accountID,
                text,
                .wrongLength(expected: "12", actual: digits.count),
                "has \(digits.count) digits; an AWS account ID has 12 (the console shows it under the account name)"
            )
        }
        self.rawValue = String(decoding: digits, as: UTF8.self)
    }

    /// `nil` unless `rawValue` is already exactly 12 digits.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 12, rawValue.utf8.allSatisfy(ASCII.isDigit) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }
}
