public import Foundation
import Mustache
public import Runbook

/// Renders the plain-text body of a reply from its Mustache template.
///
/// The templates are loaded and checked once, in `init`: a syntax error, an unsupported tag or a
/// placeholder the reply kind does not provide fails there, naming the file, line and name.
/// Rendering then fails only for the context: a value the reply cannot do without (the peering
/// ID, the Astro CIDRs) or a template that prints a value this ticket does not have.
public struct ReplyRenderer: Sendable {
    /// The `--templates` directory, or nil for the bundled templates.
    public let templatesDirectory: URL?
    private let templates: [ReplyTemplates.Loaded]

    /// Loads the three templates from `templatesDirectory` (which must hold all three), or the
    /// copies of `Templates/replies` built into the program when it is nil.
    public init(templatesDirectory: URL? = nil) throws(ReplyError) {
        if let templatesDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templatesDirectory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw ReplyError(.templateNotFound, "\(templatesDirectory.path): no such templates directory")
            }
        }
        var templates: [ReplyTemplates.Loaded] = []
        for kind in ReplyKind.allCases {
            templates.append(try ReplyTemplates.load(kind, from: templatesDirectory))
        }
        self.templatesDirectory = templatesDirectory
        self.templates = templates
    }

    /// The reply's body: plain text, LF line ends, one blank line at most between paragraphs,
    /// ending with a newline.
    public func render(_ kind: ReplyKind, context: ReplyContext) throws(ReplyError) -> String {
        guard let loaded = templates.first(where: { $0.kind == kind }) else {
            throw ReplyError(.templateNotFound, "no template for \(kind.rawValue)")
        }
        let log = RenderLog()
        let values = try ReplyValues.make(kind, context, log: log)
        let text = loaded.template.render(RenderRoot(values: values, log: log))
        if let name = log.unresolved.first {
            throw ReplyError.unresolved(name, file: loaded.file, line: nil, known: ReplyValues.schema(for: kind).names)
        }
        if let name = log.printedAbsent.first {
            throw ReplyError(
                .missingValue,
                "\(loaded.file): {{\(name)}} has no value for \(context.ticketReference); "
                    + "print it inside {{#\(name)}}…{{/\(name)}}"
            )
        }
        return Self.tidy(text)
    }

    /// The longest line of a body, in characters, before it is wrapped at a space.
    static let lineWidth = 76

    /// Trailing spaces removed (but for the signature separator `-- `), long lines wrapped at
    /// spaces with their indent (a `* ` or `- ` item's text stays aligned), runs of blank lines
    /// made one, no blank lines at the start, one newline at the end.
    package static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            // "-- " is the signature separator and keeps its space.
            while trimmed != "-- ", let last = trimmed.last, last == " " || last == "\t" {
                trimmed = trimmed.dropLast()
            }
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines += wrapped(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func wrapped(_ line: Substring) -> [String] {
        guard line.count > lineWidth else { return [String(line)] }
        let indent = line.prefix { $0 == " " }
        let text = line.dropFirst(indent.count)
        let hanging = text.hasPrefix("* ") || text.hasPrefix("- ") ? indent + "  " : indent
        var result: [String] = []
        var current = String(indent)
        var isFirstWord = true
        for word in text.split(separator: " ") {
            if !isFirstWord, current.count + 1 + word.count > lineWidth, current.count > hanging.count {
                result.append(current)
                current = String(hanging) + word
            } else {
                current += (isFirstWord ? "" : " ") + word
            }
            isFirstWord = false
        }
        result.append(current)
        return result
    }
}
