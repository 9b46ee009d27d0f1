import Foundation

/// Records of a JSON export: a top-level array, an object holding a records array (`tickets`,
/// `results`, `data`…, whichever array of objects comes first), or NDJSON (one object per line).
///
/// The file is not parsed whole: a byte scanner finds where each record starts and ends (strings
/// and escapes respected), and each record alone goes through JSONSerialization, so a 1 GB export
/// needs the memory of one record, and a broken record is reported while the others are read.
struct JSONExportReader {
    let path: String
    let data: Data
    let isLines: Bool
    private var position: Int
    private var index = 0
    private var line = 1
    private var inArray = false
    private var finished = false

    /// The mapping behind `data`, whose read pages are released as records are read.
    private let file: MappedFile?

    init(path: String, data: Data, isLines: Bool, file: MappedFile? = nil) {
        self.path = path
        self.data = data
        self.isLines = isLines
        self.file = file
        self.position = data.startIndex
    }

    mutating func next() -> InputItem? {
        guard !finished else { return nil }
        file?.release(upTo: position - data.startIndex)
        return isLines ? nextLine() : nextElement()
    }

    // MARK: NDJSON

    private mutating func nextLine() -> InputItem? {
        while position < data.endIndex {
            let end = data[position...].firstIndex(of: Byte.lf) ?? data.endIndex
            let slice = data[position..<end]
            position = end < data.endIndex ? end + 1 : end
            let lineNumber = line
            line += 1
            guard slice.contains(where: { !Byte.isWhitespace($0) }) else { continue }
            index += 1
            return decode(slice, what: "line \(lineNumber)")
        }
        finished = true
        return nil
    }

    // MARK: Arrays

    private mutating func nextElement() -> InputItem? {
        if !inArray {
            guard let start = findRecordsArray() else {
                finished = true
                // No array of records: the document itself is one record.
                index = 1
                return decode(data[data.startIndex..<data.endIndex], what: "the document")
            }
            position = start
            inArray = true
        }
        skipWhitespaceAndCommas()
        guard position < data.endIndex, data[position] != 0x5D else {
            finished = true
            return nil
        }
        let start = position
        guard let end = valueEnd(from: start) else {
            finished = true
            index += 1
            return .damaged(
                Origin(kind: .json, path: path, index: index),
                reason: "record \(index) is cut off: the file ends inside it"
            )
        }
        index += 1
        guard end > start else {
            // A stray `}` where a record should start: no value, so it is reported and stepped
            // over (staying on it would give the same damaged record forever).
            position = start + 1
            return .damaged(Origin(kind: .json, path: path, index: index), reason: "record \(index) is not valid JSON")
        }
        position = end
        return decode(data[start..<end], what: "record \(index)")
    }

    private func decode(_ slice: Data, what: String) -> InputItem {
        let origin = Origin(kind: .json, path: path, index: index)
        do {
            let object = try JSONSerialization.jsonObject(with: Data(slice), options: [.fragmentsAllowed])
            guard let dictionary = object as? [String: Any] else {
                return .damaged(origin, reason: "\(what) is not a JSON object")
            }
            return .record(ExportRecord(origin: origin, fields: JSONFlattener.flatten(dictionary)))
        } catch {
            return .damaged(origin, reason: "\(what) is not valid JSON")
        }
    }

    /// Where the elements of the records array start: after the top-level `[`, or after the
    /// `[` of the first array of objects inside the top-level object.
    private func findRecordsArray() -> Int? {
        var cursor = data.startIndex
        func skipSpace() { while cursor < data.endIndex, Byte.isWhitespace(data[cursor]) { cursor += 1 } }
        if cursor + 3 <= data.endIndex, data[cursor] == 0xEF, data[cursor + 1] == 0xBB { cursor += 3 }
        skipSpace()
        guard cursor < data.endIndex else { return nil }
        if data[cursor] == 0x5B { return cursor + 1 }
        guard data[cursor] == 0x7B else { return nil }
        cursor += 1
        // Walk the members of the top-level object: "key": value, …
        while cursor < data.endIndex {
            skipSpace()
            guard cursor < data.endIndex, data[cursor] == Byte.quote, let keyEnd = valueEnd(from: cursor) else {
                return nil
            }
            cursor = keyEnd
            skipSpace()
            guard cursor < data.endIndex, data[cursor] == Byte.colon else { return nil }
            cursor += 1
            skipSpace()
            guard cursor < data.endIndex else { return nil }
            if data[cursor] == 0x5B {
                var probe = cursor + 1
                while probe < data.endIndex, Byte.isWhitespace(data[probe]) { probe += 1 }
                if probe < data.endIndex, data[probe] == 0x7B { return cursor + 1 }
            }
            guard let end = valueEnd(from: cursor) else { return nil }
            cursor = end
            skipSpace()
            if cursor < data.endIndex, data[cursor] == 0x2C { cursor += 1 }
        }
        return nil
    }

    private mutating func skipWhitespaceAndCommas() {
        while position < data.endIndex, Byte.isWhitespace(data[position]) || data[position] == 0x2C { position += 1 }
    }

    /// The end (exclusive) of the JSON value starting at `start`; nil if the data ends first.
    private func valueEnd(from start: Int) -> Int? {
        var cursor = start
        var depth = 0
        var inString = false
        while cursor < data.endIndex {
            let byte = data[cursor]
            if inString {
                if byte == Byte.backslash {
                    cursor += 2
                    continue
                }
                if byte == Byte.quote {
                    inString = false
                    if depth == 0 { return cursor + 1 }
                }
                cursor += 1
                continue
            }
            switch byte {
            case Byte.quote: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 { return cursor + 1 }
                if depth < 0 { return cursor }
            case 0x2C where depth == 0: return cursor
            default: break
            }
            cursor += 1
        }
        return depth == 0 && !inString && cursor > start ? cursor : nil
    }
}

/// Nested JSON flattened to dotted keys: `requester.email`, `via.source.from.address`; an
/// array of `{id, value}` objects (help-desk custom fields) becomes `custom_fields.<id>`; an
/// array of `{name, value}` answers (HubSpot form submissions; also `label`/`question`/`title`
/// with `value`/`answer`) becomes `values.<name>`; Typeform answers (`{field: {ref, …}, type,
/// <type>: …}`) become `answers.<ref>`, under the question's title when the definition gives it.
enum JSONFlattener {
    static func flatten(_ object: [String: Any]) -> [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        add(withTypeformTitles(object), prefix: "", into: &fields)
        return fields
    }

    /// A Typeform response (at the top or under `form_response`) with each answer's question
    /// title taken from its `definition.fields`, and the definition itself left out (its titles
    /// are questions, not answers).
    static func withTypeformTitles(_ object: [String: Any]) -> [String: Any] {
        var object = object
        if let inner = object["form_response"] as? [String: Any] {
            object["form_response"] = withTypeformTitles(inner)
            return object
        }
        guard let definition = object["definition"] as? [String: Any],
            var answers = object["answers"] as? [[String: Any]]
        else { return object }
        var titles: [String: Any] = [:]
        for field in definition["fields"] as? [[String: Any]] ?? [] {
            if let id = field["id"] as? String, let title = field["title"] { titles[id] = title }
        }
        for index in answers.indices {
            guard var field = answers[index]["field"] as? [String: Any], let id = field["id"] as? String,
                field["title"] == nil, let title = titles[id]
            else { continue }
            field["title"] = title
            answers[index]["field"] = field
        }
        object["answers"] = answers
        object["definition"] = nil
        return object
    }

    private static func add(_ value: Any, prefix: String, into fields: inout [(key: String, value: String)]) {
        switch value {
        case let dictionary as [String: Any]:
            for key in dictionary.keys.sorted() {
                if let child = dictionary[key] {
                    add(child, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &fields)
                }
            }
        case let array as [Any]:
            let objects = array.compactMap { $0 as? [String: Any] }
            if !objects.isEmpty, objects.count == array.count, let named = namedAnswers(objects) {
                for (name, answer) in named { add(answer, prefix: "\(prefix).\(name)", into: &fields) }
            } else if !objects.isEmpty, objects.count == array.count,
                objects.allSatisfy({ $0["id"] != nil && $0.keys.contains("value") })
            {
                for object in objects {
                    guard let id = object["id"], let fieldValue = object["value"] else { continue }
                    add(fieldValue, prefix: "\(prefix).\(id)", into: &fields)
                }
            } else if objects.isEmpty {
                let scalars = array.compactMap(scalar)
                if !scalars.isEmpty { fields.append((prefix, scalars.joined(separator: "; "))) }
            } else {
                for (position, element) in array.enumerated() {
                    add(element, prefix: "\(prefix).\(position)", into: &fields)
                }
            }
        default:
            if let text = scalar(value) { fields.append((prefix, text)) }
        }
    }

    /// Answers of a form as (question, answer) pairs, or nil when the objects are not answers.
    private static func namedAnswers(_ objects: [[String: Any]]) -> [(String, Any)]? {
        // Typeform: {"field": {"id", "ref", "title"?}, "type": "text", "text": "…"}.
        if objects.allSatisfy({ $0["field"] is [String: Any] && $0["type"] is String }) {
            return objects.compactMap { object in
                guard let field = object["field"] as? [String: Any], let type = object["type"] as? String,
                    var answer = object[type]
                else { return nil }
                if let choice = answer as? [String: Any] { answer = choice["label"] ?? choice["labels"] ?? "" }
                let name = (field["title"] ?? field["ref"] ?? field["id"]).map { "\($0)" } ?? type
                return (name, answer)
            }
        }
        for (nameKey, valueKey) in [
            ("name", "value"), ("label", "value"), ("question", "answer"), ("title", "answer"), ("title", "value"),
        ] where objects.allSatisfy({ $0[nameKey] is String && $0.keys.contains(valueKey) }) {
            return objects.compactMap { object in
                guard let name = object[nameKey] as? String, let value = object[valueKey] else { return nil }
                return (name, value)
            }
        }
        return nil
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        case is NSNull: return nil
        case let flag as Bool where type(of: value) == Bool.self:
            return flag ? "true" : "false"
        case let number as NSNumber:
            // 123456789012 stays digits (stringValue), not 1.23456789012e+11.
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default: return nil
        }
    }
}
