/// An Astro cluster ID: a cuid, `c` followed by 24 lower-case letters and digits.
///
/// Upper case is refused rather than normalized: cuids are lower case, so an upper-case value
/// was retyped, not copied, and may hide other mistakes.
public struct ClusterID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    static let advice = "the cluster ID is on the cluster's page in the Astro UI, a c followed by 24 letters and digits"

    public init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = ASCII.trimmedBytes(text)
        guard !bytes.isEmpty else { throw ValueError(.clusterID, text, .empty, "is empty") }
        if bytes.contains(where: ASCII.isUpper) {
            throw ValueError(.clusterID, text, .upperCase, "has upper-case letters; \(Self.advice)")
        }
        guard bytes.first == 0x63 else {
            throw ValueError(.clusterID, text, .missingPrefix("c"), "does not start with c; \(Self.advice)")
        }
        if let bad = bytes.first(where: { !ASCII.isLowerAlphanumeric($0) }) {
            throw ValueError(
                .clusterID,
                text,
                .invalidCharacter(Character(Unicode.Scalar(bad))),
                "has a character that is not a letter or digit; \(Self.advice)"
            )
        }
        guard bytes.count == 25 else {
            throw ValueError(
                .clusterID,
                text,
                .wrongLength(expected: "25", actual: bytes.count),
                "has \(bytes.count) characters; an Astro cluster ID has 25 (\(Self.advice))"
            )
        }
        rawValue = String(decoding: bytes, as: UTF8.self)
    }

    public init?(rawValue: String) {
        guard let parsed = try? ClusterID(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    public var description: String { rawValue }

    public static func < (lhs: ClusterID, rhs: ClusterID) -> Bool { lhs.rawValue < rhs.rawValue }
}
