public import Foundation
public import PeeringModel

/// A record that writes its own JSON object with `JSONOutput` (the text `JSONLines.encode`
/// gives for it, without `JSONEncoder`).
public protocol JSONWritable {
    func writeJSON(_ output: inout JSONOutput)
}

extension JSONWritable {
    /// `writeJSON` as one line of text.
    public var jsonLine: String {
        var output = JSONOutput(capacity: 1024)
        writeJSON(&output)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

/// JSON written straight into bytes, for the records whose encoding cost was measured: the
/// queue's rows (`JSONEncoder` took 37% of the server's CPU for `GET /api/tickets` under load)
/// and the request records `check` and `ingest` print (35% of `check` on one core). It writes
/// the same text as `JSONLines.data`: keys in the order the caller gives (the caller gives them
/// sorted), `/` not escaped, control characters escaped as `JSONEncoder` does, times in ISO 8601
/// to the second. A test compares the two.
public struct JSONOutput: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the innermost open object or array has a member yet.
    private var hasMember: [Bool] = []
    /// A key was just written: the next value is its member's, with no comma before it.
    private var afterKey = false

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        _ = hasMember.popLast()
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasMember.append(false)
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        _ = hasMember.popLast()
    }

    /// `"name":` in the open object (`name` is one of our own keys: ASCII, nothing to escape).
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        afterKey = true
    }

    /// `"name":` for a key that is data (a field's name from a dictionary): escaped as a string.
    /// Labelled apart from `key(_:)`, which a string literal would otherwise not pick.
    public mutating func key(data name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// `"name":"value"` (or `null`): one member of the open object, key and value together.
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    /// `"name":123`, or `null` for nil.
    public mutating func member(_ name: StaticString, _ value: Int?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    /// `"name":"2026-11-24T09:12:00Z"`, or `null` for nil.
    public mutating func member(_ name: StaticString, _ value: Date?) {
        key(name)
        date(value)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    public mutating func integer(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func string(_ value: String?) {
        guard var text = value else { return null() }
        separate()
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { text in
            var start = 0
            for index in text.indices {
                let byte = text[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: text[start..<index])
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            bytes.append(contentsOf: text[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"2026-11-24T09:12:00Z"`: UTC, to the second (a fraction is dropped, as `.iso8601` does).
    public mutating func date(_ value: Date?) {
        guard let value else { return null() }
        separate()
        let seconds = Int64(value.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = StoredDate.floorDivision(seconds, 86_400)
        let (year, month, day) = StoredDate.civil(days: days)
        func two(_ number: Int64) {
            bytes.append(UInt8(ascii: "0") + UInt8(number / 10))
            bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
        }
        bytes.append(UInt8(ascii: "\""))
        if year >= 0 && year <= 9999 {
            two(year / 100)
            two(year % 100)
        } else {
            bytes.append(contentsOf: String(year).utf8)
        }
        bytes.append(UInt8(ascii: "-"))
        two(month)
        bytes.append(UInt8(ascii: "-"))
        two(day)
        bytes.append(UInt8(ascii: "T"))
        two(secondOfDay / 3600)
        bytes.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    /// A finding as `Finding.encode(to:)` writes it (keys sorted; `customer_message` only when
    /// it differs from `message`), or null.
    public mutating func finding(_ finding: Finding?) {
        guard let finding else { return null() }
        beginObject()
        key("code")
        string(finding.code.rawValue)
        if let customer = finding.customerMessage {
            key("customer_message")
            string(customer)
        }
        key("field")
        string(finding.field?.rawValue)
        key("message")
        string(finding.message)
        key("severity")
        string(finding.severity.rawValue)
        endObject()
    }

    /// A comma before every member of an array but the first; an object's comma goes before
    /// its key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasMember.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        hasMember[hasMember.count - 1] = true
    }
}
