/// One record of a form or help-desk export (a CSV row, a JSON object, an XML element), with
/// its keys flattened: `requester.email`, `custom_fields.360001`, `description`.
public struct ExportRecord: Sendable, Hashable {
    public var origin: Origin
    /// Keys in the order the export gives them, values as text.
    public var fields: [(key: String, value: String)]

    public init(origin: Origin, fields: [(key: String, value: String)]) {
        self.origin = origin
        self.fields = fields
    }

    public static func == (lhs: ExportRecord, rhs: ExportRecord) -> Bool {
        lhs.origin == rhs.origin && lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(origin)
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }

    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }
}

/// What an input source yields: a message, an export record, or a record that could not be
/// read inside an otherwise readable file (kept, with the reason, so nothing is silently lost).
public enum InputItem: Sendable {
    case message(RawMessage)
    case record(ExportRecord)
    case damaged(Origin, reason: String)

    public var origin: Origin {
        switch self {
        case .message(let raw): return raw.origin
        case .record(let record): return record.origin
        case .damaged(let origin, _): return origin
        }
    }
}

/// What a file holds, decided from its first bytes (the name only breaks ties).
enum InputFormat: Equatable {
    case email, mbox, csv, json, ndjson, xml

    static func sniff(_ bytes: some Collection<UInt8>, name: String) -> InputFormat {
        // Binary content is one input, whatever it would pass for: RequestBuilder says what it is.
        if ContentSniffer.nonRequestReason(bytes) != nil { return .email }
        var prefix = Array(bytes.prefix(4_096))
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { prefix.removeFirst(3) }
        guard let firstIndex = prefix.firstIndex(where: { !Byte.isWhitespace($0) }) else { return .email }
        let first = prefix[firstIndex]
        let lower = name.lowercased()
        if prefix.starts(with: Array("From ".utf8)) { return .mbox }
        if first == 0x3C { return .xml }  // '<'
        if first == 0x5B { return .json }  // '['
        if first == 0x7B {  // '{': one document, or one object per line
            let lines = prefix.split(separator: Byte.lf, omittingEmptySubsequences: true)
            if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
            if lines.count >= 2, let second = lines.dropFirst().first(where: { !trimWhitespace($0).isEmpty }),
                trimWhitespace(second).first == 0x7B, trimWhitespace(lines[0]).last == 0x7D
            {
                return .ndjson
            }
            return .json
        }
        // A mail header line ("Name: value") is mail; a line with delimiters is CSV.
        let firstLine = prefix[firstIndex...].prefix { $0 != Byte.lf && $0 != Byte.cr }
        if let colon = firstLine.firstIndex(of: Byte.colon),
            firstLine[firstLine.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2C && $0 != 0x3B })
        {
            return .email
        }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        let delimiters = firstLine.filter { $0 == 0x2C || $0 == 0x3B || $0 == Byte.tab }.count
        return delimiters >= 1 ? .csv : .email
    }
}
