import Foundation

/// The fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body, and the
/// files of a multipart one.
struct FormData: Sendable {
    var fields: [(name: String, value: String)] = []
    var files: [UploadedFile] = []

    struct UploadedFile: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// A field's value trimmed, nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// `a=1&b=two+words&c=%C3%A9`.
    static func urlEncoded(_ body: String) -> FormData {
        var form = FormData()
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.fields.append((name, value))
        }
        return form
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A `multipart/form-data` body (RFC 7578) with `boundary`; parts without a name are skipped.
    static func multipart(_ body: [UInt8], boundary: String) -> FormData {
        var form = FormData()
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            // The line break after the delimiter.
            if partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 { partStart += 2 }
            var partEnd = end
            if partEnd >= 2, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd else { continue }
            let part = Array(body[partStart..<partEnd])
            guard let split = find(Array("\r\n\r\n".utf8), in: part, from: 0) else { continue }
            let headers = String(decoding: part[..<split], as: UTF8.self)
            let content = Array(part[(split + 4)...])
            var name: String?
            var filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            guard let name else { continue }
            if let filename {
                if !filename.isEmpty || !content.isEmpty {
                    form.files.append(UploadedFile(name: filename, bytes: content))
                }
            } else {
                form.fields.append((name, String(decoding: content, as: UTF8.self)))
            }
        }
        return form
    }

    /// `name="value"` in a Content-Disposition line (not `filename` when asked for `name`).
    private static func parameter(_ wanted: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == wanted else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
