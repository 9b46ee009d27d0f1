/// A value read from customer text by `init(parsing:)` and kept in one canonical form, its
/// `description`.
///
/// Codable as that one string: decoding parses (so it accepts what `init(parsing:)` accepts)
/// and turns a `ValueError` into a `DecodingError` carrying the error's message; encoding
/// writes the canonical form.
public protocol ParsedValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Parses `text`; white space around it is ignored. The error says what is wrong and where
    /// the right value is found.
    init(parsing text: some StringProtocol) throws(ValueError)
}

extension ParsedValue {
    /// Decodes a string through `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        try self.init(parsingStringFrom: decoder)
    }

    /// Encodes the canonical form as one string.
    public func encode(to encoder: any Encoder) throws {
        try encodeDescription(to: encoder)
    }

    /// The `init(from:)` of every parsed value.
    init(parsingStringFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// The `encode(to:)` of every parsed value.
    func encodeDescription(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A parsed value that is its canonical string (`AccountID`, `VPCID`, `ClusterID`,
/// `PeeringID`): described by it, ordered by it, and constructible from it.
public protocol ParsedIdentifier: ParsedValue, RawRepresentable<String>, Comparable {}

extension ParsedIdentifier {
    /// The canonical string.
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `nil` unless `rawValue` is in canonical form: `init(parsing:)` accepts it and gives it
    /// back unchanged (use `init(parsing:)` for input).
    public init?(rawValue: String) {
        guard let parsed = try? Self(parsing: rawValue), parsed.rawValue == rawValue else { return nil }
        self = parsed
    }

    // Restated here because the standard library's `RawRepresentable` has Codable defaults of its
    // own (through `init?(rawValue:)`): with two equally specific defaults the compiler would
    // silently synthesize keyed coding instead.

    /// Decodes a string through `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        try self.init(parsingStringFrom: decoder)
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        try encodeDescription(to: encoder)
    }
}
