import Foundation

/// Rows of a CSV export, read byte by byte from the (memory-mapped) file: RFC 4180 quoting
/// (commas, quotes and line breaks inside quotes), a byte order mark, `,` `;` or tab detected
/// from the header line, CRLF, LF or CR. Each cell is decoded once, as UTF-8; bytes that are
/// not UTF-8 become U+FFFD. Pages already read are handed back to the kernel, so a large export
/// is read in bounded memory.
///
/// The rules are those of the CSV.swift reader this replaced, quirks included: a quoted cell
/// runs to the end of the file when its closing quote is missing, and a quote inside a quoted
/// cell that is followed by anything but a quote, the delimiter or a line end is kept while the
/// character after it is dropped (`"ab"cd"` reads `ab"d`).
struct CSVExportReader {
    let path: String
    private let data: Data
    private let file: MappedFile?
    private let delimiter: UInt8
    private var position: Int
    private var header: [String] = []
    private var index = 0
    private var failure: String?
    private var finished = false

    init(path: String, data: Data, file: MappedFile? = nil) {
        self.path = path
        self.data = data
        self.file = file
        delimiter = Self.delimiter(data)
        position = Self.byteOrderMarkLength(data)
        guard var row = nextRow() else {
            failure = "the CSV header row cannot be read (cannotReadHeaderRow)"
            return
        }
        if let first = row.first, first.hasPrefix("\u{FEFF}") { row[0] = String(first.dropFirst()) }
        header = row.map { $0.trimmingSpaces() }
    }

    mutating func next() -> InputItem? {
        if let failure {
            self.failure = nil
            finished = true
            return .damaged(Origin(kind: .csv, path: path, index: nil), reason: failure)
        }
        guard !finished else { return nil }
        while let row = nextRow() {
            if row.count == 1, row[0].trimmingSpaces().isEmpty { continue }  // a blank line
            index += 1
            var fields: [(key: String, value: String)] = []
            fields.reserveCapacity(row.count)
            for (column, value) in row.enumerated() {
                let key = column < header.count && !header[column].isEmpty ? header[column] : "column \(column + 1)"
                fields.append((key, value))
            }
            return .record(ExportRecord(origin: Origin(kind: .csv, path: path, index: index), fields: fields))
        }
        finished = true
        return nil
    }

    /// The byte order marks a CSV may start with (UTF-32, UTF-8, UTF-16, checked in that order).
    static func byteOrderMarkLength(_ data: Data) -> Int {
        let marks: [[UInt8]] = [
            [0x00, 0x00, 0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE],
        ]
        for mark in marks where data.count >= mark.count && data.prefix(mark.count).elementsEqual(mark) {
            return mark.count
        }
        return 0
    }

    /// The next row's cells, or nil at the end of the data.
    private mutating func nextRow() -> [String]? {
        file?.release(upTo: position)
        let start = position
        let delimiter = delimiter
        let (row, end): ([String]?, Int) = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Self.readRow(bytes, from: start, delimiter: delimiter)
        }
        position = end
        return row
    }

    /// Reads one row from `start`; returns its cells (nil when `start` is the end) and where the
    /// next row starts.
    static func readRow(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8) -> ([String]?, Int) {
        let count = bytes.count
        var position = start
        guard position < count else { return (nil, position) }
        var row: [String] = []
        var quoted: [UInt8] = []
        while true {
            // A row that ends right after a delimiter has one more, empty, cell.
            guard position < count else {
                row.append("")
                return (row, position)
            }
            if bytes[position] == 0x22 {
                // Quoted: "" is a quote; the closing quote must be followed by the delimiter,
                // a line end or the end of the data.
                quoted.removeAll(keepingCapacity: true)
                var index = position + 1
                while true {
                    guard index < count else {
                        row.append(cell(quoted))
                        return (row, count)
                    }
                    let byte = bytes[index]
                    guard byte == 0x22 else {
                        quoted.append(byte)
                        index += 1
                        continue
                    }
                    guard index + 1 < count else {
                        row.append(cell(quoted))
                        return (row, count)
                    }
                    let next = bytes[index + 1]
                    if next == 0x0D || next == 0x0A {
                        row.append(cell(quoted))
                        var end = index + 2
                        if next == 0x0D, end < count, bytes[end] == 0x0A { end += 1 }
                        return (row, end)
                    }
                    if next == delimiter {
                        row.append(cell(quoted))
                        position = index + 2
                        break
                    }
                    quoted.append(0x22)
                    // An escaped quote; or a stray one, whose following character is dropped.
                    index += next == 0x22 ? 2 : 1 + scalarLength(bytes, at: index + 1)
                }
                continue
            }
            var index = position
            while index < count {
                let byte = bytes[index]
                if byte == delimiter || byte == 0x0D || byte == 0x0A { break }
                index += 1
            }
            row.append(cell(UnsafeBufferPointer(rebasing: bytes[position..<index])))
            guard index < count else { return (row, count) }
            let byte = bytes[index]
            if byte == delimiter {
                position = index + 1
                continue
            }
            var end = index + 1
            if byte == 0x0D, end < count, bytes[end] == 0x0A { end += 1 }
            return (row, end)
        }
    }

    /// Bytes taken by the character starting at `index` (a whole UTF-8 sequence; 1 for a byte
    /// that does not start one).
    private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return 1 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 1 }
        return length
    }

    private static func cell(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func cell(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The delimiter that occurs most on the header line outside quotes: `,`, `;` or tab.
    static func delimiter(_ data: Data) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var inQuotes = false
        for byte in data.prefix(65_536) {
            if byte == Byte.quote { inQuotes.toggle() }
            if !inQuotes, byte == Byte.lf { break }
            if !inQuotes, counts[byte] != nil { counts[byte, default: 0] += 1 }
        }
        let best = counts.max { lhs, rhs in (lhs.value, lhs.key == 0x2C ? 1 : 0) < (rhs.value, rhs.key == 0x2C ? 1 : 0)
        }
        return best?.value ?? 0 > 0 ? best?.key ?? 0x2C : 0x2C
    }
}
