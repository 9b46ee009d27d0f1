import CSV
import Foundation

/// Rows of a CSV export: RFC 4180 quoting (commas, quotes and line breaks inside quotes), a
/// UTF-8 byte order mark, `,` `;` or tab detected from the header line, CRLF or LF. Streams:
/// CSV.swift reads the (memory-mapped) file through an InputStream.
struct CSVExportReader {
    let path: String
    private let reader: CSVReader?
    private let header: [String]
    private var index = 0
    private var failure: String?
    private var finished = false

    /// `stream` reads the file itself (not a copy); `data` is only sniffed for the delimiter.
    init(path: String, stream: InputStream?, data: Data) {
        self.path = path
        let delimiter = Self.delimiter(data)
        do {
            guard let stream else { throw CSVError.cannotOpenFile }
            let reader = try CSVReader(stream: stream, hasHeaderRow: true, delimiter: delimiter)
            var header = reader.headerRow ?? []
            if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
            self.reader = reader
            self.header = header.map { $0.trimmingSpaces() }
        } catch {
            self.reader = nil
            self.header = []
            self.failure = "the CSV header row cannot be read (\(error))"
        }
    }

    mutating func next() -> InputItem? {
        if let failure {
            self.failure = nil
            finished = true
            return .damaged(Origin(kind: .csv, path: path, index: nil), reason: failure)
        }
        guard let reader, !finished else { return nil }
        while let row = reader.next() {
            if row.count == 1, row[0].trimmingSpaces().isEmpty { continue }  // a blank line
            index += 1
            var fields: [(key: String, value: String)] = []
            for (column, value) in row.enumerated() {
                let key = column < header.count && !header[column].isEmpty ? header[column] : "column \(column + 1)"
                fields.append((key, value))
            }
            return .record(ExportRecord(origin: Origin(kind: .csv, path: path, index: index), fields: fields))
        }
        // The end: asked once. On Linux a file stream still claims bytes at its end, so CSV.swift
        // reports `cannotReadFile` there; that is the end of the file, not damage.
        finished = true
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
            return .damaged(
                Origin(kind: .csv, path: path, index: index + 1),
                reason: "the CSV cannot be read (\(error))"
            )
        }
        return nil
    }

    /// The delimiter that occurs most on the header line outside quotes: `,`, `;` or tab.
    static func delimiter(_ data: Data) -> Unicode.Scalar {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var inQuotes = false
        for byte in data.prefix(65_536) {
            if byte == Byte.quote { inQuotes.toggle() }
            if !inQuotes, byte == Byte.lf { break }
            if !inQuotes, counts[byte] != nil { counts[byte, default: 0] += 1 }
        }
        let best = counts.max { lhs, rhs in (lhs.value, lhs.key == 0x2C ? 1 : 0) < (rhs.value, rhs.key == 0x2C ? 1 : 0)
        }
        return Unicode.Scalar(best?.value ?? 0 > 0 ? best?.key ?? 0x2C : 0x2C)
    }
}
