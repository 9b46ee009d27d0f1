import CLibXML2

/// HTML mail bodies turned into the plain text that field extraction searches.
///
/// Parsed with libxml2's HTML parser with safe options only: recover from broken markup, no
/// network, no DTD loading, no error output. The tree is walked with an explicit stack, so
/// hostile nesting cannot overflow the call stack. What the text keeps:
///
/// - Block elements (`p`, `div`, `br`, `li`, headings, `tr`, …) end lines; `li` items start
///   with `- `; `script`, `style`, `head`, `title`, `template` and comments are dropped.
/// - Each table row becomes one line of its non-empty cells joined by `": "`, so a two-column
///   label/value table reads `AWS account ID: 123456789012`. A table nested in a cell yields its
///   own lines first.
/// - Inline white space collapses to one space, as a browser shows it, except inside `pre`.
///   Entities are decoded; a no-break space becomes a space.
/// - `blockquote` and Gmail's `gmail_quote` blocks are prefixed with `> ` per level, so later
///   steps can tell quoted history from the customer's new text.
/// - A link keeps its text and, when the target differs from it and is not `mailto:`, the
///   target in angle brackets after it (a quick-create URL stays visible). An image keeps its
///   `alt` text.
public enum HTMLText {
    /// The largest body handed to libxml2 (its length parameter is a 32-bit int).
    public static let maximumSize = 64 << 20

    /// Converts an HTML body (after transfer decoding) to text. `charset` is the MIME label when
    /// known; otherwise libxml2 reads `<meta charset>` and defaults to UTF-8 (with repair).
    public static func plainText(fromHTML bytes: [UInt8], charset: String? = nil) -> String {
        guard !bytes.isEmpty, bytes.count <= maximumSize else { return "" }
        initializeParser
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        let encoding = charset.flatMap(supportedEncoding)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, encoding, options)
            }
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var renderer = Renderer()
        renderer.walk(xmlDocGetRootElement(document))
        return renderer.finish()
    }

    /// libxml2's global state is set up once, before the first parse on any thread.
    private static let initializeParser: Void = xmlInitParser()

    /// The label when libxml2 has a converter for it (it has no ICU here), else `nil`.
    private static func supportedEncoding(_ label: String) -> String? {
        guard let handler = xmlFindCharEncodingHandler(label) else { return nil }
        xmlCharEncCloseFunc(handler)
        return label
    }
}

/// Builds the text while the tree is walked.
private struct Renderer {
    private var lines: [[UInt8]] = []
    private var line: [UInt8] = []
    private var quoteDepth = 0
    private var preDepth = 0
    /// Open table cells (innermost last) and the rows they belong to.
    private var cells: [[UInt8]] = []
    private var rows: [[[UInt8]]] = []

    private enum Step {
        case enter(xmlNodePtr)
        case exit(xmlNodePtr, Element, linkStart: Int)
    }

    fileprivate enum Element {
        case dropped, block, paragraph, lineBreak, listItem, row, cell, quote, pre, link, image, inline
    }

    mutating func walk(_ root: xmlNodePtr?) {
        guard let root else { return }
        var stack: [Step] = [.enter(root)]
        while let step = stack.popLast() {
            switch step {
            case .enter(let node):
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = node.pointee.content { appendText(content) }
                case XML_ELEMENT_NODE:
                    let element = Self.classify(node)
                    if case .dropped = element { continue }
                    let linkStart = open(element, node)
                    stack.append(.exit(node, element, linkStart: linkStart))
                    // Children are pushed last-first so they pop in document order.
                    var children: [xmlNodePtr] = []
                    var child = node.pointee.children
                    while let current = child {
                        children.append(current)
                        child = current.pointee.next
                    }
                    stack.append(contentsOf: children.reversed().map(Step.enter))
                default:
                    continue
                }
            case .exit(let node, let element, let linkStart):
                close(element, node, linkStart: linkStart)
            }
        }
    }

    mutating func finish() -> String {
        breakLine()
        var output: [UInt8] = []
        var blankRun = 0
        for line in lines {
            if line.isEmpty {
                blankRun += 1
                continue
            }
            if !output.isEmpty { output.append(contentsOf: blankRun > 0 ? [0x0A, 0x0A] : [0x0A]) }
            output.append(contentsOf: line)
            blankRun = 0
        }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Elements

    private static func classify(_ node: xmlNodePtr) -> Element {
        guard let name = node.pointee.name else { return .inline }
        let tag = String(cString: name).lowercased()
        switch tag {
        case "script", "style", "head", "title", "template", "noscript", "object", "iframe", "svg":
            return .dropped
        case "br": return .lineBreak
        case "p", "h1", "h2", "h3", "h4", "h5", "h6": return .paragraph
        case "li": return .listItem
        case "tr": return .row
        case "td", "th": return .cell
        case "blockquote": return .quote
        case "pre": return .pre
        case "a": return .link
        case "img": return .image
        case "div":
            return attribute(node, "class").map { $0.contains("gmail_quote") } == true ? .quote : .block
        case "ul", "ol", "dl", "dd", "dt", "table", "thead", "tbody", "tfoot", "caption", "section", "article",
            "header", "footer", "address", "hr", "center", "form", "fieldset", "main", "nav", "aside", "figure",
            "body", "html":
            return .block
        default:
            return .inline
        }
    }

    /// Returns where a link's text starts in the current line (for `close`).
    private mutating func open(_ element: Element, _ node: xmlNodePtr) -> Int {
        switch element {
        case .block: breakLine()
        case .paragraph:
            breakLine()
            lines.append([])  // paragraphs are set apart, as a browser's margins do
        case .lineBreak: breakLine(force: true)
        case .listItem:
            breakLine()
            line.append(contentsOf: Array("- ".utf8))
        case .row:
            breakLine()
            rows.append([])
        case .cell: cells.append([])
        case .quote:
            breakLine()
            quoteDepth += 1
        case .pre:
            breakLine()
            preDepth += 1
        case .image:
            if let alt = Self.attribute(node, "alt"), !alt.isEmpty { appendText(Array(alt.utf8)) }
        case .link, .inline, .dropped: break
        }
        return cells.isEmpty ? line.count : (cells.last?.count ?? 0)
    }

    private mutating func close(_ element: Element, _ node: xmlNodePtr, linkStart: Int) {
        switch element {
        case .block, .listItem: breakLine()
        case .paragraph:
            breakLine()
            lines.append([])
        case .cell:
            guard let cell = cells.popLast() else { return }
            let text = Self.trimmed(cell)
            if !text.isEmpty, !rows.isEmpty { rows[rows.count - 1].append(text) }
        case .row:
            guard let row = rows.popLast() else { return }
            var joined: [UInt8] = []
            for (index, cell) in row.enumerated() {
                if index > 0 { joined.append(contentsOf: [0x3A, 0x20]) }
                joined.append(contentsOf: cell)
            }
            if !joined.isEmpty { emit(joined) }
        case .quote:
            breakLine()
            quoteDepth -= 1
        case .pre:
            breakLine()
            preDepth -= 1
        case .link:
            guard let href = Self.attribute(node, "href") else { return }
            let target = Array(Self.trimmed(Array(href.utf8)))
            guard !target.isEmpty, !target.starts(with: Array("mailto:".utf8)) else { return }
            let current = cells.isEmpty ? line : (cells.last ?? [])
            let text = linkStart <= current.count ? Array(current[linkStart...]) : []
            if Self.trimmed(text) != target {
                appendText(Array(" <".utf8) + target + Array(">".utf8), raw: true)
            }
        case .lineBreak, .image, .inline, .dropped: break
        }
    }

    // MARK: Text

    private mutating func appendText(_ content: UnsafePointer<xmlChar>) {
        var length = 0
        while content[length] != 0 { length += 1 }
        appendText(Array(UnsafeBufferPointer(start: content, count: length)))
    }

    /// Appends text to the open cell or the current line, collapsing white space outside `pre`.
    private mutating func appendText(_ bytes: [UInt8], raw: Bool = false) {
        let inCell = !cells.isEmpty
        var buffer: [UInt8] = []
        if inCell {
            buffer = cells.removeLast()
        } else {
            swap(&buffer, &line)
        }
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            // U+00A0 no-break space is C2 A0 in UTF-8: shown as a space.
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                byte = 0x20
                index += 1
            }
            index += 1
            if preDepth > 0, !raw {
                if byte == 0x0D { continue }
                if byte == 0x0A {
                    if inCell {
                        buffer.append(0x20)  // a cell stays on its row's line
                    } else {
                        swap(&buffer, &line)
                        breakLine(force: true)
                        swap(&buffer, &line)
                    }
                    continue
                }
                buffer.append(byte)
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if let last = buffer.last, last != 0x20 { buffer.append(0x20) }
                continue
            }
            buffer.append(byte)
        }
        if inCell {
            cells.append(buffer)
        } else {
            swap(&buffer, &line)
        }
    }

    private mutating func breakLine(force: Bool = false) {
        let text = Self.trimmed(line)
        line.removeAll(keepingCapacity: true)
        if !text.isEmpty || force { emit(text) }
    }

    private mutating func emit(_ text: [UInt8]) {
        guard quoteDepth > 0 else {
            lines.append(text)
            return
        }
        var quoted: [UInt8] = []
        for _ in 0..<quoteDepth { quoted.append(contentsOf: [0x3E, 0x20]) }
        quoted.append(contentsOf: text)
        lines.append(quoted)
    }

    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }), let last = bytes.lastIndex(where: { $0 != 0x20 })
        else { return [] }
        return Array(bytes[first...last])
    }

    /// An attribute's value read from the node's attribute list (no allocation to free).
    fileprivate static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, String(cString: attributeName).lowercased() == name {
                var text: [UInt8] = []
                var child = current.pointee.children
                while let value = child {
                    if let content = value.pointee.content {
                        var length = 0
                        while content[length] != 0 { length += 1 }
                        text.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
                    }
                    child = value.pointee.next
                }
                return String(decoding: text, as: UTF8.self)
            }
            attribute = current.pointee.next
        }
        return nil
    }
}
