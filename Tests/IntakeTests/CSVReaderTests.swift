import Foundation
import Testing

@testable import Intake

/// The byte-level CSV reader: RFC 4180 cells, and the rules of the CSV.swift reader it
/// replaced, quirks included.
@Suite struct CSVReaderTests {
    static func rows(_ text: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        text.withUnsafeBufferPointer { bytes in
            var position = 0
            while case (let row?, let next) = CSVExportReader.readRow(bytes, from: position, delimiter: 0x2C) {
                rows.append(row)
                position = next
            }
        }
        return rows
    }

    static func rows(_ text: String) -> [[String]] { rows(Array(text.utf8)) }

    @Test func quotingAndLineEnds() {
        #expect(Self.rows("a,b\r\n\"c,d\",\"e\"\"f\"\n") == [["a", "b"], ["c,d", "e\"f"]])
        #expect(Self.rows("\"multi\nline\",x\ry\n") == [["multi\nline", "x"], ["y"]])
        #expect(Self.rows("a,b,") == [["a", "b", ""]])
        #expect(Self.rows("a,b,\n\n") == [["a", "b", ""], [""]])
        #expect(Self.rows("un\"quoted,x\n") == [["un\"quoted", "x"]])
    }

    @Test func quirksOfTheFormerReader() {
        // A missing closing quote runs to the end; a stray quote drops the character after it.
        #expect(Self.rows("\"open,x\ny\n") == [["open,x\ny\n"]])
        #expect(Self.rows("\"ab\"cd\",e\n") == [["ab\"d", "e"]])
        #expect(Self.rows("\"ab\"\u{E9}d\",e\n") == [["ab\"d", "e"]])
        #expect(Self.rows("\"end\"") == [["end"]])
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharactersInTheirCell() {
        #expect(Self.rows([0x43, 0x61, 0x66, 0xE9, 0x2C, 0x78, 0x0A]) == [["Caf\u{FFFD}", "x"]])
    }

    @Test func headerByteOrderMarkAndDelimiter() {
        var reader = CSVExportReader(path: "t.csv", data: Data("\u{FEFF}id;subject\n1;hello\n".utf8))
        guard case .record(let record)? = reader.next() else {
            Issue.record("no record")
            return
        }
        #expect(record.fields.map(\.key) == ["id", "subject"])
        #expect(record["subject"] == "hello")
        #expect(reader.next() == nil)
        var empty = CSVExportReader(path: "e.csv", data: Data())
        guard case .damaged(_, let reason)? = empty.next() else {
            Issue.record("an empty CSV is damaged")
            return
        }
        #expect(reason.contains("header row cannot be read"))
    }
}
