import CLibXML2
import PeeringModel

/// Walks a libxml2 HTML tree and builds the text described in ``HTMLText``.
///
/// Lines are collected with their quote level; table rows are joined in place when they close
/// (only a row's own cells are touched, so nested tables cost no copying), and ``finish()`` writes
/// the lines with their `> ` prefixes into one byte buffer.
struct HTMLTextRenderer {
    private struct Line {
        /// UTF-8, no trailing white space; empty for a blank line.
        var text: [UInt8]
        var quoteLevel: Int
    }

    /// An open table row: where its lines start and where each of its cells starts.
    private struct Row {
        var start: Int
        var cellStarts: [Int] = []
        /// A row closed inside this one: its cells' lines are left as they are.
        var containsTable = false
    }

    /// An open element, closed when the walk climbs back out of it.
    private struct Frame {
        var node: xmlNodePtr
        var role: HTMLElementRole
        var isQuote: Bool
        /// For links: where the link's text starts in `line`, and the line it is on.
        var linkStart = 0
        var linkLine = 0
    }

    private var lines: [Line] = []
    /// The line being written: white space already collapsed, no leading space.
    private var line: [UInt8] = []
    /// Lines finished so far (so a link can tell whether its text is still on `line`).
    private var finishedLines = 0
    /// White space was seen after the last byte of `line`.
    private var pendingSpace = false
    /// Written before the first byte of the next line that gets any (a list item's `- `).
    private var pendingPrefix: [UInt8] = []
    private var quoteLevel = 0
    private var preformattedDepth = 0
    private var listDepth = 0
    private var isRestQuoted = false
    private var rows: [Row] = []

    // MARK: Walking

    /// Renders `first` and its following siblings, depth first, without recursion.
    mutating func walk(from first: xmlNodePtr?) {
        var frames: [Frame] = []
        var current = first
        while let node = current {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if let frame = open(node) {
                    if let child = node.pointee.children {
                        frames.append(frame)
                        current = child
                        continue
                    }
                    close(frame)
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    appendText(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                }
            default:
                break  // comments, processing instructions, the DTD
            }
            // Next sibling, or climb out of finished elements until one has a next sibling.
            var position = node
            current = nil
            while true {
                if let next = position.pointee.next {
                    current = next
                    break
                }
                guard let frame = frames.popLast() else { break }
                close(frame)
                position = frame.node
            }
        }
    }

    /// Starts an element; `nil` when it is dropped with everything in it.
    private mutating func open(_ node: xmlNodePtr) -> Frame? {
        let role = HTMLElementRole.of(node.pointee.name.flatMap { HTMLTagName(cString: $0) })
        if role == .dropped { return nil }
        var frame = Frame(node: node, role: role, isQuote: role == .quote)
        var startsQuotedRest = false
        if node.pointee.properties != nil {
            if let classes = Self.attribute(node, named: "class"),
                Self.contains(classes, "gmail_quote") || Self.contains(classes, "yahoo_quoted")
            {
                frame.isQuote = true
            }
            if let id = Self.attribute(node, named: "id"),
                Self.equalsIgnoringCase(id, "divrplyfwdmsg") || Self.equalsIgnoringCase(id, "appendonsend")
            {
                startsQuotedRest = true
            }
            if role == .block, let style = Self.attribute(node, named: "style"), Self.isOutlookReplyHeader(style) {
                startsQuotedRest = true
            }
        }
        switch role {
        case .block, .list, .cell:
            endLine()
        case .paragraph, .quote, .preformatted:
            endParagraph()
        case .lineBreak:
            endLine(keepingEmpty: true)
        case .listItem:
            endLine()
            pendingPrefix = Array(repeating: 0x20, count: 2 * min(max(listDepth - 1, 0), HTMLText.maximumListIndent))
            pendingPrefix.append(contentsOf: [0x2D, 0x20])  // "- "
        case .row:
            endLine()
            rows.append(Row(start: lines.count))
        case .link:
            frame.linkStart = line.isEmpty ? pendingPrefix.count : line.count
            frame.linkLine = finishedLines
        case .image:
            if let alt = Self.attribute(node, named: "alt") {
                alt.withUnsafeBufferPointer { appendText($0) }
            }
        case .inline, .dropped:
            if frame.isQuote || startsQuotedRest { endLine() }
        }
        if role == .cell, !rows.isEmpty { rows[rows.count - 1].cellStarts.append(lines.count) }
        if role == .list { listDepth += 1 }
        if role == .preformatted { preformattedDepth += 1 }
        if frame.isQuote { quoteLevel += 1 }
        if startsQuotedRest, !isRestQuoted {
            isRestQuoted = true
            quoteLevel += 1
        }
        return frame
    }

    private mutating func close(_ frame: Frame) {
        switch frame.role {
        case .block, .list, .cell:
            endLine()
        case .paragraph, .quote, .preformatted:
            endParagraph()
        case .listItem:
            endLine()
            pendingPrefix = []
        case .row:
            endLine()
            closeRow()
        case .link:
            closeLink(frame)
        case .inline, .lineBreak, .image, .dropped:
            if frame.isQuote { endLine() }
        }
        if frame.role == .list { listDepth -= 1 }
        if frame.role == .preformatted { preformattedDepth -= 1 }
        if frame.isQuote { quoteLevel -= 1 }
    }

    // MARK: Tables and links

    /// Joins the row's cells into one line when it has two or more non-empty cells and no table
    /// inside; otherwise its lines stay as they are.
    private mutating func closeRow() {
        guard let row = rows.popLast() else { return }
        if !rows.isEmpty { rows[rows.count - 1].containsTable = true }
        guard !row.containsTable, row.start < lines.count else { return }
        var pieces: [[UInt8]] = []
        var level: Int?
        var segmentStart = row.start
        for boundary in row.cellStarts + [lines.count] {
            let end = min(max(boundary, segmentStart), lines.count)
            var piece: [UInt8] = []
            for line in lines[segmentStart..<end] where !line.text.isEmpty {
                if !piece.isEmpty { piece.append(0x20) }
                piece.append(contentsOf: line.text)
                if level == nil { level = line.quoteLevel }
            }
            if !piece.isEmpty { pieces.append(piece) }
            segmentStart = end
        }
        guard pieces.count > 1 else { return }
        var joined: [UInt8] = []
        joined.reserveCapacity(pieces.reduce(0) { $0 + $1.count + 2 })
        for (index, piece) in pieces.enumerated() {
            if index > 0 { joined.append(contentsOf: [0x3A, 0x20]) }  // ": "
            joined.append(contentsOf: piece)
        }
        lines.removeSubrange(row.start...)
        lines.append(Line(text: joined, quoteLevel: level ?? quoteLevel))
    }

    /// Appends ` <target>` after the link's text unless the target is that text or `mailto:`.
    private mutating func closeLink(_ frame: Frame) {
        guard let href = Self.attribute(frame.node, named: "href") else { return }
        let target = href.filter { $0 > 0x20 && $0 != 0x7F }
        guard !target.isEmpty, !Self.hasPrefixIgnoringCase(target, "mailto:") else { return }
        if frame.linkLine == finishedLines, frame.linkStart <= line.count {
            let text = line[frame.linkStart...].drop(while: { $0 == 0x20 })
            if text.elementsEqual(target) { return }
        }
        startContent(separated: true)
        line.append(0x3C)  // "<"
        line.append(contentsOf: target)
        line.append(0x3E)  // ">"
    }

    // MARK: Text

    /// Appends a text node's UTF-8 bytes, collapsing white space outside `pre`.
    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < text.count {
            var byte = text[index]
            index += 1
            if byte == 0xC2, index < text.count, text[index] == 0xA0 {
                byte = 0x20  // U+00A0 no-break space
                index += 1
            } else if byte == 0x3C, let end = Self.conditionalMarkerEnd(text, at: index - 1) {
                index = end
                continue
            }
            if preformattedDepth > 0 {
                switch byte {
                case 0x0A: endLine(keepingEmpty: true)
                case 0x0D: break
                case 0x0C: appendByte(0x20)
                default: appendByte(byte)
                }
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if !line.isEmpty { pendingSpace = true }
            } else {
                appendByte(byte)
            }
        }
    }

    private mutating func appendByte(_ byte: UInt8) {
        if line.isEmpty || pendingSpace { startContent(separated: pendingSpace) }
        line.append(byte)
    }

    /// Before content: a pending list prefix on an empty line, or one space if `separated`.
    private mutating func startContent(separated: Bool) {
        if line.isEmpty {
            if !pendingPrefix.isEmpty {
                line.append(contentsOf: pendingPrefix)
                pendingPrefix = []
            }
        } else if separated {
            line.append(0x20)
        }
        pendingSpace = false
    }

    /// Finishes the current line; an empty one is kept as a blank line only if `keepingEmpty`.
    private mutating func endLine(keepingEmpty: Bool = false) {
        pendingSpace = false
        while let last = line.last, last == 0x20 || last == 0x09 { line.removeLast() }
        if line.isEmpty {
            if keepingEmpty { lines.append(Line(text: [], quoteLevel: quoteLevel)) }
            return
        }
        lines.append(Line(text: line, quoteLevel: quoteLevel))
        line = []
        finishedLines += 1
    }

    /// Finishes the current line and leaves one blank line after it.
    private mutating func endParagraph() {
        endLine()
        if let last = lines.last, !last.text.isEmpty {
            lines.append(Line(text: [], quoteLevel: quoteLevel))
        }
    }

    // MARK: Output

    /// The finished text: lines with their quote prefixes, at most one blank line in a row, no
    /// blank lines at the start or end.
    mutating func finish() -> String {
        endLine()
        var output: [UInt8] = []
        output.reserveCapacity(lines.reduce(0) { $0 + $1.text.count + 1 })
        var previousLevel: Int?
        var isBlankPending = false
        for line in lines {
            guard !line.text.isEmpty else {
                if previousLevel != nil { isBlankPending = true }
                continue
            }
            let level = min(line.quoteLevel, HTMLText.maximumQuoteLevel)
            if let previousLevel {
                output.append(0x0A)
                if isBlankPending {
                    Self.appendQuotePrefix(min(previousLevel, level), to: &output, beforeText: false)
                    output.append(0x0A)
                }
            }
            Self.appendQuotePrefix(level, to: &output, beforeText: true)
            output.append(contentsOf: line.text)
            previousLevel = level
            isBlankPending = false
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `> ` per level; on a blank line the last space is left out.
    private static func appendQuotePrefix(_ level: Int, to output: inout [UInt8], beforeText: Bool) {
        guard level > 0 else { return }
        for _ in 0..<level { output.append(contentsOf: [0x3E, 0x20]) }
        if !beforeText { output.removeLast() }
    }

    // MARK: Helpers

    /// The value of an attribute, read from the node's attribute list (nothing to free).
    private static func attribute(_ node: xmlNodePtr, named name: StaticString) -> [UInt8]? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, equalsIgnoringCase(attributeName, name) {
                var value: [UInt8] = []
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content {
                        value.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Compares a NUL-terminated name with a lower-case ASCII constant.
    private static func equalsIgnoringCase(_ pointer: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            for (index, byte) in expected.enumerated() where ASCII.lowercased(pointer[index]) != byte {
                return false  // also stops at a shorter name's NUL
            }
            return pointer[expected.count] == 0
        }
    }

    /// Compares bytes with a lower-case ASCII constant.
    private static func equalsIgnoringCase(_ bytes: [UInt8], _ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            bytes.count == expected.count && zip(bytes, expected).allSatisfy { ASCII.lowercased($0) == $1 }
        }
    }

    private static func hasPrefixIgnoringCase(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { expected in
            bytes.count >= expected.count && zip(bytes, expected).allSatisfy { ASCII.lowercased($0) == $1 }
        }
    }

    /// Whether `bytes` contain `needle` (case-sensitive, as class names are).
    private static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { needle in
            guard needle.count <= bytes.count else { return false }
            for start in 0...(bytes.count - needle.count)
            where bytes[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            return false
        }
    }

    /// Desktop Outlook's reply header: a `div` with a 1pt solid top border in E1E1E1 or B5C4DF.
    private static func isOutlookReplyHeader(_ style: [UInt8]) -> Bool {
        let compact = style.compactMap {
            $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D ? nil : ASCII.lowercased($0)
        }
        return contains(compact, "border-top:solid#e1e1e1") || contains(compact, "border-top:solid#b5c4df")
    }

    /// The end of an Outlook conditional marker (`<![if !supportLists]>`, `<![endif]>`) that
    /// starts at `start` and that libxml2 leaves in the text, or `nil` if there is none.
    private static func conditionalMarkerEnd(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let opening: [UInt8] = [0x3C, 0x21, 0x5B]  // "<!["
        guard text.count - start >= 6, text[start..<(start + 3)].elementsEqual(opening) else { return nil }
        let keyword = text[(start + 3)...].prefix(5).map(ASCII.lowercased)
        guard keyword.starts(with: [0x69, 0x66]) || keyword.elementsEqual([0x65, 0x6E, 0x64, 0x69, 0x66]) else {
            return nil  // neither "if" nor "endif"
        }
        var index = start + 3
        while index + 1 < text.count {
            if text[index] == 0x5D, text[index + 1] == 0x3E { return index + 2 }  // "]>"
            index += 1
        }
        return nil
    }
}
