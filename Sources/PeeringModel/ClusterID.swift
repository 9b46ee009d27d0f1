/// An Astro cluster ID: a cuid, `c` followed by 24 lower-case letters and digits (25 in all).
///
/// Upper case is refused rather than normalized: cuids are lower case, so an upper-case value
/// was retyped, not copied, and may hide other mistakes.
public struct ClusterID: ParsedIdentifier {
    /// The 25 characters.
    public let rawValue: String

    static let advice =
        "an Astro cluster ID is a c followed by 24 lower-case letters and digits, such as cau29pc7zl4ht2dtcbslfpr1u; "
        + "copy it from the cluster's page in the Astro UI"

    /// Parses a cluster ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.clusterID, text, .empty, "is empty; \(Self.advice)") }
        if bytes.contains(where: ASCII.isUpper) {
            throw ValueError(.clusterID, text, .upperCase, "has upper-case letters; \(Self.advice)")
        }
        guard bytes.first == 0x63 else {
            throw ValueError(.clusterID, text, .missingPrefix("c"), "does not start with c; \(Self.advice)")
        }
        if let bad = bytes.firstIndex(where: { !ASCII.isLowerAlphanumeric($0) }) {
            let character = ASCII.character(in: bytes, at: bad)
            throw ValueError(
                .clusterID,
                text,
                .invalidCharacter(character),
                "has \(ASCII.quoted(character)), which is not a letter or digit; \(Self.advice)"
            )
        }
        guard bytes.count == 25 else {
            throw ValueError(
                .clusterID,
                text,
                .wrongLength(expected: "25", actual: bytes.count),
                "has \(bytes.count) characters where a cluster ID has 25; \(Self.advice)"
            )
        }
        rawValue = ASCII.string(bytes)
    }
}
