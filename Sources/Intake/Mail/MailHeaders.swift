import PeeringModel

/// One header field: its name as written and its value, unfolded, as raw bytes.
public struct HeaderField: Sendable, Hashable {
    public var name: String {
        didSet { nameKey = Self.key(name) }
    }
    /// The value with folding removed and surrounding white space trimmed, undecoded.
    public var rawValue: [UInt8]
    /// A hash of the lower-case name: a lookup compares one integer a field, and the names only
    /// where the hashes agree.
    private(set) var nameKey: UInt64

    init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
        nameKey = Self.key(name)
    }

    /// The FNV-1a hash of the lower-case name, made without making the lower-case name. Field
    /// names are printable ASCII (the parser reads nothing else as one), lower-cased byte by
    /// byte; any other text as Swift lower-cases it.
    static func key(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes {
                guard byte < 0x80 else { return fnv1a(String(decoding: bytes, as: UTF8.self).lowercased().utf8) }
                hash = (hash ^ UInt64(ASCII.lowercased(byte))) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    private static func fnv1a(_ bytes: String.UTF8View) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    /// Whether the field's name is `name`, case aside: ASCII compared byte by byte, other text
    /// lower-cased as Swift does.
    func isNamed(_ name: String, key: UInt64) -> Bool {
        guard nameKey == key else { return false }
        var own = self.name
        var other = name
        let ascii = own.withUTF8 { mine in
            other.withUTF8 { theirs -> Bool? in
                guard mine.allSatisfy({ $0 < 0x80 }), theirs.allSatisfy({ $0 < 0x80 }) else { return nil }
                return mine.count == theirs.count
                    && zip(mine, theirs).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
            }
        }
        return ascii ?? (own.lowercased() == other.lowercased())
    }

    /// The value as text, RFC 2047 encoded words decoded.
    public var value: String { EncodedWords.decode(rawValue[...]) }
}

/// A field name looked up often, with its key made once: a lookup by name hashes the name each
/// time (26,000 times over the corpora, 7M instructions).
struct HeaderName: Sendable {
    let name: String
    let key: UInt64

    init(_ name: String) {
        self.name = name
        self.key = HeaderField.key(name)
    }

    static let from = HeaderName("from")
    static let replyTo = HeaderName("reply-to")
    static let to = HeaderName("to")
    static let cc = HeaderName("cc")
    static let subject = HeaderName("subject")
    static let date = HeaderName("date")
    static let messageID = HeaderName("message-id")
    static let inReplyTo = HeaderName("in-reply-to")
    static let references = HeaderName("references")
    static let autoSubmitted = HeaderName("auto-submitted")
    static let precedence = HeaderName("precedence")
    static let listID = HeaderName("list-id")
    static let returnPath = HeaderName("return-path")
    static let authenticationResults = HeaderName("authentication-results")
    static let contentType = HeaderName("content-type")
    static let contentDisposition = HeaderName("content-disposition")
    static let contentTransferEncoding = HeaderName("content-transfer-encoding")
    static let failedRecipients = HeaderName("x-failed-recipients")
    static let snsMessageID = HeaderName("x-amz-sns-message-id")
}

/// A header block, in order, duplicates kept. Lookups are case-insensitive.
public struct MailHeaders: Sendable, Hashable {
    public var fields: [HeaderField] = []

    public init(fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The first field of that name, decoded.
    public subscript(name: String) -> String? {
        field(name)?.value
    }

    subscript(name: HeaderName) -> String? {
        field(name)?.value
    }

    func field(_ name: HeaderName) -> HeaderField? {
        fields.first { $0.isNamed(name.name, key: name.key) }
    }

    func all(_ name: HeaderName) -> [HeaderField] {
        fields.filter { $0.isNamed(name.name, key: name.key) }
    }

    public func field(_ name: String) -> HeaderField? {
        let key = HeaderField.key(name)
        return fields.first { $0.isNamed(name, key: key) }
    }

    public func all(_ name: String) -> [HeaderField] {
        let key = HeaderField.key(name)
        return fields.filter { $0.isNamed(name, key: key) }
    }

    /// Parses the header block that starts at `start`; returns the headers and where the body
    /// starts. Handles folding, LF/CRLF/CR line ends, `Name :` (obsolete white space before the
    /// colon), 8-bit bytes, a leading mbox `From ` line, and a missing blank line before the body
    /// (the first line that is neither a field nor a continuation starts the body).
    static func parse(
        _ bytes: [UInt8],
        from start: Int,
        to limit: Int,
        limits: MailLimits
    ) throws(IntakeError) -> (MailHeaders, bodyStart: Int) {
        var fields: [HeaderField] = []
        var index = start
        // The field being read: its value is a range of `bytes` until a continuation line
        // makes it a copy (most fields are one line, so most values are copied once).
        var current: PendingField?

        while index < limit {
            if index - start > limits.headerBytes { throw .headerTooLarge(limit: limits.headerBytes) }
            let (contentEnd, next) = bytes.lineBounds(from: index, limit: limit)
            if contentEnd == index {
                // The blank line: the body follows it.
                if let pending = current { fields.append(pending.field(in: bytes)) }
                return (MailHeaders(fields: fields), next)
            }
            let first = bytes[index]
            if first == Byte.space || first == Byte.tab {
                if var pending = current {
                    current = nil  // keeps the folded buffer uniquely referenced while it grows
                    pending.append(bytes[index..<contentEnd], in: bytes)
                    current = pending
                    index = next
                    continue
                }
                // White space before any field: skip it (broken generators).
                if fields.isEmpty {
                    index = next
                    continue
                }
            }
            if fields.isEmpty, current == nil, index == start, bytes[index..<contentEnd].starts(with: "From ".utf8) {
                index = next  // an mbox envelope line
                continue
            }
            guard let colon = fieldNameEnd(bytes, from: index, to: contentEnd) else {
                // Not a field: the header ended without its blank line.
                if let pending = current { fields.append(pending.field(in: bytes)) }
                return (MailHeaders(fields: fields), index)
            }
            if let pending = current {
                fields.append(pending.field(in: bytes))
                current = nil
            }
            if fields.count >= limits.headerFields { throw .tooManyHeaderFields(limit: limits.headerFields) }
            var nameEnd = colon
            while nameEnd > index, bytes[nameEnd - 1] == Byte.space || bytes[nameEnd - 1] == Byte.tab { nameEnd -= 1 }
            current = PendingField(
                name: String(decoding: bytes[index..<nameEnd], as: UTF8.self),
                valueStart: colon + 1,
                valueEnd: contentEnd
            )
            index = next
        }
        if let pending = current { fields.append(pending.field(in: bytes)) }
        return (MailHeaders(fields: fields), limit)
    }

    /// A header field while its lines are read.
    private struct PendingField {
        var name: String
        var valueStart: Int
        var valueEnd: Int
        /// The unfolded value, once a continuation line has been seen.
        var folded: [UInt8]?

        mutating func append(_ line: ArraySlice<UInt8>, in bytes: [UInt8]) {
            var value = folded ?? Array(bytes[valueStart..<valueEnd])
            folded = nil
            value.append(contentsOf: line)
            folded = value
        }

        func field(in bytes: [UInt8]) -> HeaderField {
            let value = folded.map { trimWhitespace($0[...]) } ?? trimWhitespace(bytes[valueStart..<valueEnd])
            return HeaderField(name: name, rawValue: Array(value))
        }
    }

    /// The index of the colon ending a field name on this line, or nil if the line is not a field
    /// (a name is printable ASCII without spaces, optionally followed by white space).
    private static func fieldNameEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == Byte.colon { return index > start ? index : nil }
            if byte == Byte.space || byte == Byte.tab {
                // Only white space may follow, then the colon ("Subject :").
                var probe = index
                while probe < end, bytes[probe] == Byte.space || bytes[probe] == Byte.tab { probe += 1 }
                return probe < end && bytes[probe] == Byte.colon && index > start ? probe : nil
            }
            if byte < 0x21 || byte > 0x7E { return nil }
            index += 1
        }
        return nil
    }
}
