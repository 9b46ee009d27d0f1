/// A strict RFC 4180 reader for the registry's small, staff-made CSV files.
///
/// Works on bytes and remembers the line each record starts on, so every problem can be reported
/// as `file:line`. Quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF and CR
/// line ends are accepted; a UTF-8 byte order mark is skipped. An unterminated quote or text after
/// a closing quote is an error, never silently repaired: a registry import must not guess.
struct CSVTable: Sendable {
    struct Record: Sendable {
        /// 1-based line on which the record starts.
        var line: Int
        var fields: [String]
    }

    struct SyntaxError: Error, Sendable {
        var line: Int
        var message: String
    }

    var records: [Record]

    init(bytes: [UInt8]) throws(SyntaxError) {
        var records: [Record] = []
        var index = 0
        let count = bytes.count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var atRecordStart = true

        func isLineEnd(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

        while index < count {
            if atRecordStart {
                recordLine = line
                atRecordStart = false
            }
            let byte = bytes[index]
            if byte == 0x22, field.isEmpty {
                // Quoted field.
                let openedOn = line
                index += 1
                var closed = false
                while index < count {
                    let inner = bytes[index]
                    if inner == 0x22 {
                        if index + 1 < count, bytes[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == 0x0D {
                        line += 1
                        if index + 1 < count, bytes[index + 1] == 0x0A {
                            field.append(0x0D)
                            index += 1
                        }
                    } else if inner == 0x0A {
                        line += 1
                    }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw SyntaxError(line: openedOn, message: "a quoted field opened here is never closed")
                }
                if index < count, bytes[index] != 0x2C, !isLineEnd(bytes[index]) {
                    throw SyntaxError(
                        line: line,
                        message: "unexpected text after a closing quote (quotes inside a field are written twice: \"\")"
                    )
                }
                continue
            }
            if byte == 0x2C {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                index += 1
                continue
            }
            if isLineEnd(byte) {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                index += (byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A) ? 2 : 1
                line += 1
                atRecordStart = true
                continue
            }
            if byte == 0x22 {
                throw SyntaxError(
                    line: line,
                    message: "a quote inside an unquoted field (quote the whole field and write the quote twice)"
                )
            }
            field.append(byte)
            index += 1
        }
        if !atRecordStart {
            fields.append(String(decoding: field, as: UTF8.self))
            records.append(Record(line: recordLine, fields: fields))
        }
        // Blank lines carry no record.
        self.records = records.filter { !($0.fields.count == 1 && $0.fields[0].allSatisfy(\.isWhitespace)) }
    }
}
