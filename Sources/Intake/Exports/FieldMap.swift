import Foundation
public import PeeringModel

/// Maps an export's own column names or custom-field ids to the six details, for exports whose
/// columns PeerDesk cannot recognize by name (help-desk custom fields are numbers).
///
/// The file is a JSON object from a key to a request field name:
///
///     {"360001234567": "aws_account_id", "custom_fields.360007654321": "vpc_id", "Cust. VPC": "vpc_id"}
///
/// A key matches a flattened column (`custom_fields.360001234567`) or its last part (`360001234567`).
public struct FieldMap: Sendable, Hashable {
    public var mapping: [String: RequestField]

    public init(mapping: [String: RequestField] = [:]) {
        self.mapping = mapping
    }

    public static let empty = FieldMap()

    /// Reads a field map file; the error names the file and the key that is wrong.
    public static func load(path: String) throws(InputError) -> FieldMap {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(path: path, reason: "the field map cannot be read (\(error.localizedDescription))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any]
        else {
            throw InputError(
                path: path,
                reason: "the field map must be a JSON object such as {\"360001\": \"aws_account_id\"}"
            )
        }
        var mapping: [String: RequestField] = [:]
        for (key, value) in dictionary {
            guard let name = value as? String, let field = RequestField(rawValue: name) else {
                let names = RequestField.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError(path: path, reason: "\"\(key)\" maps to \(value), which is not one of \(names)")
            }
            mapping[key] = field
        }
        return FieldMap(mapping: mapping)
    }

    func field(for key: String) -> RequestField? {
        guard !mapping.isEmpty else { return nil }
        if let field = mapping[key] { return field }
        if let last = key.split(separator: ".").last { return mapping[String(last)] }
        return nil
    }
}
