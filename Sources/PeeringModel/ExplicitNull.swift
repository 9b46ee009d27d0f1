/// An optional property that encodes as an explicit JSON `null` when it has no value.
///
/// Our JSON contract writes a missing value as `null` rather than leaving the key out
/// (DESIGN.md: "A missing field is `null`"), but synthesized `Encodable` skips `nil`
/// optionals. Wrapping the property keeps the synthesized conformance and writes the `null`:
///
/// ```swift
/// struct Row: Encodable {
///     @ExplicitNull var owner: String?
/// }
/// ```
///
/// Decoding accepts a `null` or a missing key alike.
@propertyWrapper
public struct ExplicitNull<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension ExplicitNull: Sendable where Value: Sendable {}
extension ExplicitNull: Equatable where Value: Equatable {}
extension ExplicitNull: Hashable where Value: Hashable {}

extension ExplicitNull: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension ExplicitNull: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as `nil`, as it would for a plain optional property.
    public func decode<Value: Decodable>(
        _ type: ExplicitNull<Value>.Type,
        forKey key: Key
    ) throws -> ExplicitNull<Value> {
        ExplicitNull(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
