import CLibXML2

/// HTML mail bodies turned into the plain text that field extraction searches.
///
/// The body is parsed by libxml2's HTML parser with safe options only (recover from broken
/// markup, no network, no DTD loading, no error output), and the tree is walked with an explicit
/// stack, so hostile nesting cannot overflow the call stack. What the text keeps:
///
/// - `head`, `title`, `script`, `style`, `noscript`, `template`, embedded objects (`iframe`,
///   `object`, `svg`, …) and comments, including Outlook's conditional comments and the
///   `<![if …]>` / `<![endif]>` markers it leaves in text, are dropped.
/// - Block elements (`div`, `li`, `tr`, `table`, lists, sections, Outlook's `<o:p>`, …) end the
///   line; `p`, headings, `blockquote`, `pre` and `hr` also set the block apart with a blank
///   line, as a browser's margins do; `br` always ends a line, so `<br><br>` leaves a blank one.
///   Lines carry no trailing white space, there is never more than one blank line in a row, and
///   the text neither starts nor ends with one.
/// - White space collapses to one space, as a browser shows it, except inside `pre`, where line
///   breaks and runs of spaces are kept. Entities are decoded. A no-break space (U+00A0) is read
///   as an ordinary space, so it collapses and is trimmed like one; other Unicode spaces and
///   invisible characters (U+200B, U+2011, …) are kept for later normalization.
/// - `li` items start with `- ` (indented by two spaces per level of nesting).
/// - Each table row becomes one line: its non-empty cells, each collapsed to one line, joined by
///   `": "`, so a two-column label/value table reads `AWS account ID: 123456789012`. A row with a
///   single non-empty cell (a layout table, or a one-column list) keeps that cell's own lines. A
///   row whose cells hold a nested table is not joined: its cells' lines, the inner rows among
///   them, stay separate lines in document order.
/// - Quoted history is prefixed with `> ` per level, so later steps can tell it from the new
///   text: the content of every `blockquote` (Apple Mail's and Thunderbird's `type="cite"`) and of
///   every element whose class contains `gmail_quote` or `yahoo_quoted`. Outlook's reply header
///   (the element with `id="divRplyFwdMsg"` or `id="appendonsend"`, or desktop Outlook's
///   `border-top:solid #E1E1E1` / `#B5C4DF` header `div`) quotes everything from that element to
///   the end of the body, one level, once: Outlook puts the earlier message after the header, and
///   desktop Outlook wraps the header in a `div` of its own, so "the rest of its container"
///   would quote the header alone.
/// - A link keeps its text and, when its target differs from that text and is not `mailto:`,
///   the target in angle brackets after it (`quick-create <https://…>`), so a URL hidden behind
///   link text stays visible. An image keeps its `alt` text.
///
/// Limits: quote prefixes stop growing at ``maximumQuoteLevel`` levels and list indentation at
/// eight levels, so hostile nesting cannot blow up the output. libxml2 (2.9.14 here) stops
/// building the tree at a nesting depth of 256 elements; text nested deeper than that, and
/// everything after it, is lost rather than parsed (no crash, no error). Input over 2 GiB gives
/// an empty text (libxml2 takes a 32-bit length).
///
/// Thread safety: every call parses its own document and keeps no shared mutable state; libxml2
/// is initialized once, before the first parse.
public enum HTMLText {
    /// Deepest quote level written as `> ` prefixes; deeper lines get this many.
    public static let maximumQuoteLevel = 16
    /// Deepest list level indented; deeper items get this much indentation.
    static let maximumListIndent = 8

    /// Converts an HTML body (bytes as received, after transfer decoding) into readable text.
    ///
    /// - Parameters:
    ///   - bytes: The HTML source.
    ///   - charset: The MIME charset label, if known (`utf-8`, `windows-1252`, …). It is handed to
    ///     libxml2 only when libxml2 has a converter for it; otherwise (and when `nil`) libxml2
    ///     reads `<meta charset>` and defaults to UTF-8. `us-ascii` is treated as unknown (ASCII is
    ///     a subset of UTF-8, and mislabelled 8-bit bodies are common); `iso-8859-1` is read as its
    ///     superset `windows-1252`, as browsers do.
    /// - Returns: The text; empty for empty input, for input over 2 GiB, and when libxml2 cannot
    ///   build a document at all.
    public static func plainText(fromHTML bytes: [UInt8], charset: String? = nil) -> String {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return "" }
        _ = parserInitialization
        let encoding = charset.flatMap(supportedEncoding)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, encoding, parseOptions)
            }
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var renderer = HTMLTextRenderer()
        renderer.walk(from: document.pointee.children)
        return renderer.finish()
    }

    /// libxml2's global state is set up once, before the first parse on any thread.
    private static let parserInitialization: Void = xmlInitParser()

    /// For other libxml2 users in this module (the XML export reader).
    static func prepareLibXML() { _ = parserInitialization }

    /// Recover from broken markup, never touch the network, no implied DTD, no error output.
    /// The HTML parser loads no external entities or DTDs, and no option here asks it to
    /// (`HTML_PARSE_HUGE`, which lifts its size and depth limits, stays off). `HTML_PARSE_NOBLANKS`
    /// is not needed: white space is collapsed while the text is built.
    private static let parseOptions = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
    )

    /// The encoding name to hand to libxml2 for a MIME charset label, or `nil` to let it sniff.
    static func supportedEncoding(_ label: String) -> String? {
        var name = ""
        for scalar in label.unicodeScalars {
            switch scalar {
            case "\"", "'", " ", "\t": continue
            case "a"..."z", "0"..."9", "-", "_", ".", ":": name.unicodeScalars.append(scalar)
            case "A"..."Z": name.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20) ?? scalar)
            default: return nil
            }
        }
        guard !name.isEmpty, name.utf8.count <= 64 else { return nil }
        switch name {
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "default": return nil
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1": name = "windows-1252"
        default: break
        }
        guard let handler = xmlFindCharEncodingHandler(name) else { return nil }
        _ = xmlCharEncCloseFunc(handler)
        return name
    }
}
