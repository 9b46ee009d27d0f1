public import Foundation
import PeeringModel

extension TicketState {
    /// The stored form: the JSON `Codable` reads back (sorted keys), written directly into bytes.
    /// Ingest writes one per ticket; Foundation's encoder cost more than storing the ticket.
    public func encodedJSON() -> Data {
        var json = JSONWriter()
        json.bytes.reserveCapacity(1_024)
        json.open("{")
        json.key("conflicts")
        json.array(conflicts.map(\.rawValue).sorted()) { json, value in json.string(value) }
        json.key("dmarc_failure")
        json.raw(isDMARCFailure ? "true" : "false")
        json.key("findings")
        json.array(findings) { json, finding in
            json.open("{")
            json.key("code")
            json.string(finding.code.rawValue)
            if let customer = finding.customerMessage {
                json.key("customer_message")
                json.string(customer)
            }
            json.key("field")
            if let field = finding.field { json.string(field.rawValue) } else { json.raw("null") }
            json.key("message")
            json.string(finding.message)
            json.key("severity")
            json.string(finding.severity.rawValue)
            json.close("}")
        }
        if !heldChanges.isEmpty {
            json.key("held_changes")
            json.array(heldChanges) { json, hold in
                json.open("{")
                json.key("current")
                json.array(hold.current) { json, value in json.string(value) }
                json.key("field")
                json.string(hold.field.rawValue)
                if let message = hold.message {
                    json.key("message")
                    json.raw(String(message))
                }
                json.key("proposed")
                json.array(hold.proposed) { json, value in json.string(value) }
                json.key("reason")
                json.string(hold.reason.rawValue)
                json.key("source")
                json.string(hold.source)
                json.close("}")
            }
        }
        json.key("invalid")
        json.object(invalid.map { ($0.key.rawValue, $0.value) }) { json, values in
            json.array(values) { json, value in json.string(value) }
        }
        json.key("invalid_provenance")
        json.object(invalidProvenance.map { ($0.key, $0.value) }) { json, value in json.string(value) }
        if !staffFields.isEmpty {
            json.key("staff_fields")
            json.array(staffFields.map(\.rawValue).sorted()) { json, value in json.string(value) }
        }
        json.key("values")
        json.object(values.map { ($0.key.rawValue, $0.value) }) { json, values in
            json.array(values) { json, value in
                json.open("{")
                json.key("canonical")
                json.string(value.canonical)
                if let message = value.message {
                    json.key("message")
                    json.raw(String(message))
                }
                json.key("raw")
                json.string(value.raw)
                json.key("source")
                json.string(value.source)
                json.close("}")
            }
        }
        json.close("}")
        return Data(json.bytes)
    }
}

/// A minimal JSON writer: strings escaped per RFC 8259, commas placed by nesting level.
package struct JSONWriter {
    package var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    package init() {}

    package mutating func open(_ bracket: Character) {
        separate()
        bytes.append(UInt8(ascii: bracket == "{" ? "{" : "["))
        needsComma.append(false)
    }

    package mutating func close(_ bracket: Character) {
        bytes.append(UInt8(ascii: bracket == "}" ? "}" : "]"))
        needsComma.removeLast()
    }

    package mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows needs no comma of its own.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    package mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    package mutating func array<Element>(_ elements: [Element], _ body: (inout JSONWriter, Element) -> Void) {
        open("[")
        for element in elements { body(&self, element) }
        close("]")
    }

    /// An object with its keys sorted.
    package mutating func object<Value>(_ members: [(String, Value)], _ body: (inout JSONWriter, Value) -> Void) {
        open("{")
        for (name, value) in members.sorted(by: { $0.0 < $1.0 }) {
            key(name)
            body(&self, value)
        }
        close("}")
    }

    package mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A comma before every value but the first of its container; the flag is then set.
    private mutating func separate() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }
}
