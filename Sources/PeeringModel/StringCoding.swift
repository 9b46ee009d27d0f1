/// Codable support for the value types: each is one JSON string, its canonical form. Decoding
/// parses (so it accepts what `init(parsing:)` accepts) and turns a `ValueError` into a
/// `DecodingError` carrying the error's message.
enum StringCoding {
    static func decode<Value>(
        _ decoder: any Decoder,
        _ parse: (String) throws(ValueError) -> Value
    ) throws -> Value {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            return try parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    static func encode(_ value: some CustomStringConvertible, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.description)
    }
}
