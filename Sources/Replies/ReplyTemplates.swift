import Foundation
import Mustache
import Runbook

/// Loading and checking reply templates: the bundled copies of `Templates/replies`
/// (`ReplyTemplates+Bundled.swift`) or the files of a `--templates` directory.
enum ReplyTemplates {
    /// A template ready to render, and the file it came from (for error messages).
    struct Loaded: Sendable {
        var kind: ReplyKind
        var template: MustacheTemplate
        var file: String
    }

    /// The largest template file read, in bytes.
    static let sizeLimit = 256 * 1024

    /// Makes every value render as text: no HTML escaping in a plain-text mail. It sits on a line
    /// of its own, which Mustache drops as a standalone tag, so the template's lines keep their
    /// numbers plus one.
    private static let textPragma = "{{%CONTENT_TYPE:TEXT}}\n"

    /// The text of the bundled template of `kind`.
    static func bundled(_ kind: ReplyKind) -> String {
        switch kind {
        case .requestChanges: return requestChanges
        case .peeringReady: return peeringReady
        case .notAuthorized: return notAuthorized
        }
    }

    static func load(_ kind: ReplyKind, from directory: URL?) throws(ReplyError) -> Loaded {
        guard let directory else {
            return try compile(bundled(kind), kind: kind, file: "Templates/replies/\(kind.templateFileName) (bundled)")
        }
        let url = directory.appendingPathComponent(kind.templateFileName)
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ReplyError(
                .templateNotFound,
                "\(path): no such template; a templates directory must hold "
                    + ReplyKind.allCases.map(\.templateFileName).joined(separator: ", ")
            )
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReplyError(.templateNotFound, "\(path): cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= sizeLimit else {
            throw ReplyError(
                .templateSyntax,
                "\(path): \(data.count) bytes, more than a template may have (\(sizeLimit))"
            )
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ReplyError(.templateSyntax, "\(path): not UTF-8 text")
        }
        return try compile(text, kind: kind, file: path)
    }

    /// Parses the template and checks every tag against the kind's names.
    static func compile(_ raw: String, kind: ReplyKind, file: String) throws(ReplyError) -> Loaded {
        var text = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: textPragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - 1)
            throw ReplyError(
                .templateSyntax,
                "\(file):\(line):\(error.context.columnNumber): \(describe(error.error)) in "
                    + ReplyError.shown(error.context.line)
            )
        } catch {
            throw ReplyError(.templateSyntax, "\(file): not a valid Mustache template (\(error))")
        }
        try TemplateChecker(schema: ReplyValues.schema(for: kind), file: file).check(text)
        return Loaded(kind: kind, template: template, file: file)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not finished (a name may have letters, digits, _ and -)"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "blocks and partials are not supported in reply templates"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            return "pragmas are not supported in reply templates"
        }
    }
}
