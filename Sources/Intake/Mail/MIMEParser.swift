import CByteSearch

/// Builds the part list from the bytes of one message.
struct MIMEParser {
    let bytes: [UInt8]
    let limits: MailLimits
    var parts: [MailPart] = []
    /// Parts this parser may still create (a nested message shares its parent's budget).
    var partBudget: Int

    init(bytes: [UInt8], limits: MailLimits) {
        self.bytes = bytes
        self.limits = limits
        self.partBudget = limits.parts
    }

    /// Parses the entity (headers + body) in `start..<end` and returns its part index.
    mutating func parseEntity(from start: Int, to end: Int, parent: Int?, depth: Int) throws(IntakeError) -> Int {
        guard depth <= limits.depth else { throw .tooDeep(limit: limits.depth) }
        guard parts.count < partBudget else { throw .tooManyParts(limit: limits.parts) }
        let (headers, bodyStart) = try MailHeaders.parse(bytes, from: start, to: end, limits: limits)
        let defaultType =
            parent.map { parts[$0].mimeType == "multipart/digest" } == true ? "message/rfc822" : "text/plain"
        var contentType =
            headers.field(.contentType).map { HeaderParameters.parse($0.rawValue[...]) }
            ?? HeaderParameters(value: defaultType, parameters: [:])
        if !contentType.value.containsText("/") || contentType.value.hasSuffix("/") {
            contentType.value = "text/plain"  // RFC 2045: an invalid type is read as text/plain
        }
        let disposition = headers.field(.contentDisposition).map { HeaderParameters.parse($0.rawValue[...]) }
        let encoding = headers[.contentTransferEncoding].map { $0.trimmingSpaces().lowercased() } ?? "7bit"
        let index = parts.count
        parts.append(
            MailPart(
                index: index,
                parent: parent,
                depth: depth,
                headers: headers,
                contentType: contentType,
                disposition: disposition,
                transferEncoding: encoding,
                content: .binary,
                size: 0,
                charset: nil,
                isLossy: false,
                text: nil,
                filename: disposition?["filename"] ?? contentType["name"],
                bodyRange: bodyStart..<end
            )
        )

        let type = contentType.value
        if type.hasPrefix("multipart/"), let boundary = contentType["boundary"], !boundary.isEmpty {
            let ranges = Self.splitMultipart(bytes, from: bodyStart, to: end, boundary: Array(boundary.utf8))
            if !ranges.isEmpty {
                var children: [Int] = []
                for range in ranges {
                    children.append(
                        try parseEntity(from: range.lowerBound, to: range.upperBound, parent: index, depth: depth + 1)
                    )
                }
                parts[index].content = .multipart(children: children)
                parts[index].size = end - bodyStart
                return index
            }
            // No boundary in the body: read it as text rather than lose it.
            parts[index].contentType = HeaderParameters(value: "text/plain", parameters: contentType.parameters)
        }
        let isMessage = type == "message/rfc822" || type == "message/global" || type == "message/news"
        let isText =
            parts[index].contentType.value.hasPrefix("text/") || type == "message/delivery-status"
            || type == "message/disposition-notification" || type == "text"
        guard isMessage || isText else {
            // An attachment that is not text is kept as its size: nothing reads its bytes, and
            // decoding a megabyte of base64 only to count it was most of the decoding done.
            parts[index].size = decodedSize(bodyStart..<end, encoding: encoding)
            return index
        }
        let decoded = decodeBody(bodyStart..<end, encoding: encoding)
        parts[index].size = decoded.count
        if isMessage {
            if !decoded.isEmpty {
                var nested = MIMEParser(bytes: decoded, limits: limits)
                let offset = parts.count
                nested.partBudget = limits.parts - parts.count
                _ = try nested.parseEntity(from: 0, to: decoded.count, parent: nil, depth: depth + 1)
                // Re-number the nested parts into this list; the nested root hangs under this part.
                for var part in nested.parts {
                    part.index += offset
                    part.parent = part.parent.map { $0 + offset } ?? index
                    if case .multipart(let children) = part.content {
                        part.content = .multipart(children: children.map { $0 + offset })
                    } else if case .message(let root) = part.content {
                        part.content = .message(root: root + offset)
                    }
                    parts.append(part)
                }
                parts[index].content = .message(root: offset)
            }
            return index
        }
        let charset = parts[index].contentType["charset"]
        // Binary data sent as text (a JPEG in a text/plain body, a corrupt attachment) is
        // dense with control characters: it is kept as the binary part it is, not decoded
        // and searched as a megabyte of text. In a charset that keeps ASCII's control
        // characters (all but UTF-16 and UTF-32) the bytes tell before any decoding.
        let window = ContentSniffer.window
        if !Charset.isWide(charset), ContentSniffer.looksLikeBinaryPart(decoded.prefix(window)) { return index }
        let text = Charset.decode(decoded[...], label: charset)
        var decodedText = text.text
        if decodedText.withUTF8({ ContentSniffer.looksLikeBinaryPart($0.prefix(window)) }) {
            parts[index].charset = text.charset
            return index
        }
        parts[index].text = text.text
        parts[index].charset = text.charset
        parts[index].isLossy = text.isLossy
        parts[index].content = .text
        return index
    }

    private func decodeBody(_ range: Range<Int>, encoding: String) -> [UInt8] {
        switch encoding {
        case "base64": return TransferEncoding.decodeBase64(bytes[range])
        case "quoted-printable": return TransferEncoding.decodeQuotedPrintable(bytes[range])
        default: return Array(bytes[range])  // 7bit, 8bit, binary and unknown values: as is
        }
    }

    /// The size `decodeBody` would return, without decoding (quoted-printable, rare outside
    /// text, is decoded and counted).
    private func decodedSize(_ range: Range<Int>, encoding: String) -> Int {
        switch encoding {
        case "base64": return TransferEncoding.decodedBase64Count(bytes[range])
        case "quoted-printable": return TransferEncoding.decodeQuotedPrintable(bytes[range]).count
        default: return range.count
        }
    }

    /// The byte ranges of the parts between `--boundary` lines. A delimiter must start a line and
    /// be followed only by `--` (the close) and white space, so a boundary that is a prefix of
    /// another does not match it. The line break before a delimiter belongs to the delimiter. A
    /// missing close delimiter ends the last part at the end of the body.
    static func splitMultipart(_ bytes: [UInt8], from start: Int, to end: Int, boundary: [UInt8]) -> [Range<Int>] {
        // A boundary with a line break in it never starts a line's content.
        guard !boundary.contains(Byte.cr), !boundary.contains(Byte.lf), start < end else { return [] }
        let delimiter = [Byte.dash, Byte.dash] + boundary
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var searchFrom = start
        // The delimiter is found with memmem (glibc's, vectorized) rather than line by line: a
        // 2 MB attachment is skipped, not read byte by byte. A match counts where a line starts:
        // at `start`, after LF, or after a CR not followed by LF (a delimiter begins with "-").
        while let found = bytes.withUnsafeBufferPointer({ buffer -> Int? in
            guard let base = buffer.baseAddress, end - searchFrom >= delimiter.count,
                let match = peerdesk_memmem(base + searchFrom, end - searchFrom, delimiter, delimiter.count)
            else { return nil }
            return UnsafeRawPointer(base).distance(to: match)
        }) {
            let lineStart = found
            guard lineStart == start || bytes[lineStart - 1] == Byte.lf || bytes[lineStart - 1] == Byte.cr else {
                searchFrom = found + 1
                continue
            }
            let (contentEnd, next) = bytes.lineBounds(from: lineStart + delimiter.count, limit: end)
            var after = lineStart + delimiter.count
            var isClose = false
            if after + 2 <= contentEnd, bytes[after] == Byte.dash, bytes[after + 1] == Byte.dash {
                isClose = true
                after += 2
            }
            if bytes[after..<contentEnd].allSatisfy({ $0 == Byte.space || $0 == Byte.tab }) {
                if let open = partStart {
                    ranges.append(open..<lineBreakStart(bytes, before: lineStart, floor: open))
                }
                if isClose { return ranges }
                partStart = next
            }
            searchFrom = next
        }
        if let open = partStart, open <= end { ranges.append(open..<end) }
        return ranges
    }

    /// Where the line break that ends just before `lineStart` begins.
    private static func lineBreakStart(_ bytes: [UInt8], before lineStart: Int, floor: Int) -> Int {
        var index = lineStart
        if index > floor, bytes[index - 1] == Byte.lf { index -= 1 }
        if index > floor, bytes[index - 1] == Byte.cr { index -= 1 }
        return index
    }
}
