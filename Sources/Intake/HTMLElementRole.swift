/// What an HTML element contributes to the plain text (see ``HTMLText``).
enum HTMLElementRole: Sendable, Hashable {
    /// Text flows through (`span`, `b`, unknown elements).
    case inline
    /// The element and everything in it are left out (`script`, `style`, `head`, …).
    case dropped
    /// Ends the line before and after (`div`, `table`, `section`, Outlook's `o:p`, …).
    case block
    /// Ends the line and sets the block apart with a blank line (`p`, headings, `hr`).
    case paragraph
    /// A paragraph whose lines are quoted (`blockquote`).
    case quote
    /// Keeps line breaks and spaces (`pre`).
    case preformatted
    /// Always ends the line, even an empty one (`br`).
    case lineBreak
    /// A list: its items are indented one more level (`ul`, `ol`).
    case list
    /// Starts a line with `- ` (`li`).
    case listItem
    /// A table row (`tr`).
    case row
    /// A table cell (`td`, `th`).
    case cell
    /// A link (`a`).
    case link
    /// An image (`img`): its `alt` text.
    case image

    /// The role of an element with this (lower-case) name; unknown elements are inline.
    static func of(_ name: HTMLTagName?) -> HTMLElementRole {
        guard let name else { return .inline }
        return table[name] ?? .inline
    }

    private static let table: [HTMLTagName: HTMLElementRole] = {
        let groups: [(HTMLElementRole, [String])] = [
            (
                .dropped,
                [
                    "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed", "applet",
                    "svg", "math", "canvas", "audio", "video", "select", "datalist", "xml",
                ]
            ),
            (
                .block,
                [
                    "html", "body", "div", "section", "article", "header", "footer", "address", "nav", "aside",
                    "main", "figure", "figcaption", "caption", "form", "fieldset", "legend", "center", "details",
                    "summary", "dialog", "dl", "dd", "dt", "table", "thead", "tbody", "tfoot", "colgroup", "hgroup",
                    "search", "frameset", "noframes",
                ]
            ),
            (.paragraph, ["p", "h1", "h2", "h3", "h4", "h5", "h6", "hr"]),
            (.quote, ["blockquote"]),
            (.preformatted, ["pre", "listing", "xmp", "plaintext"]),
            (.lineBreak, ["br"]),
            (.list, ["ul", "ol", "menu", "dir"]),
            (.listItem, ["li"]),
            (.row, ["tr"]),
            (.cell, ["td", "th"]),
            (.link, ["a"]),
            (.image, ["img"]),
        ]
        var table: [HTMLTagName: HTMLElementRole] = [:]
        for (role, names) in groups {
            for name in names {
                if let key = HTMLTagName(name.utf8) { table[key] = role }
            }
        }
        return table
    }()
}

/// An element name of up to 16 bytes, lower-cased and packed into two integers, so looking an
/// element up costs no allocation. Longer names are none that ``HTMLElementRole`` knows.
struct HTMLTagName: Hashable, Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// `nil` for names longer than 16 bytes (or empty).
    init?(_ bytes: some Sequence<UInt8>) {
        var index = 0
        for byte in bytes {
            guard index < 16 else { return nil }
            let lower = UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            if index < 8 {
                low |= lower << (8 * index)
            } else {
                high |= lower << (8 * (index - 8))
            }
            index += 1
        }
        guard index > 0 else { return nil }
    }

    /// Reads a NUL-terminated name, such as a libxml2 node's `name`.
    init?(cString pointer: UnsafePointer<UInt8>) {
        var length = 0
        while length <= 16, pointer[length] != 0 { length += 1 }
        self.init(UnsafeBufferPointer(start: pointer, count: length))
    }
}
