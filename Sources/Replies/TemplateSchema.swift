import Foundation

/// The names a reply kind provides to its template, and what each one is.
struct TemplateSchema: Sendable {
    enum Slot: Sendable {
        /// Text that is always there.
        case text
        /// Text that may be absent: render it only inside `{{#name}}…{{/name}}`.
        case optionalText
        /// A yes/no for sections.
        case flag
        /// A list of text: `{{#name}}{{.}}{{/name}}`.
        case textList
        /// A list of items with names of their own.
        case list(TemplateSchema)
    }

    var slots: [String: Slot]

    var names: [String] { slots.keys.sorted() }
}

/// Checks every tag of a template against a schema before the template is used, so that a typo
/// fails even inside a section this ticket would not render.
///
/// It reads tags the way swift-mustache's parser does (default `{{ }}` delimiters, `{{=<% %>=}}`
/// changes them, `{{{name}}}`, `{{&name}}`, `{{#…}}`, `{{^…}}`, `{{/…}}`, `{{!…}}`); the parser
/// has already accepted the text, so only names are judged here. A name resolves in the
/// innermost list section that has it, then outward, as Mustache looks names up.
struct TemplateChecker {
    let schema: TemplateSchema
    let file: String

    private struct Scope {
        var schema: TemplateSchema?
        /// Whether `{{.}}` means a text value here (inside a list of text or a text section).
        var allowsDot: Bool
    }

    func check(_ text: String) throws(ReplyError) {
        let characters = Array(text)
        var open = Array("{{")
        var close = Array("}}")
        var scopes = [Scope(schema: schema, allowsDot: false)]
        var line = 1
        var index = 0
        while index < characters.count {
            if characters[index] == "\n" {
                line += 1
                index += 1
                continue
            }
            guard Self.matches(open, in: characters, at: index) else {
                index += 1
                continue
            }
            let tagLine = line
            let start = index + open.count
            guard let end = Self.find(close, in: characters, from: start) else { return }
            var tag = characters[start..<end]
            index = end + close.count
            line += tag.filter { $0 == "\n" }.count
            guard let sigil = tag.first else { continue }
            if sigil == "{", open == Array("{{"), index < characters.count, characters[index] == "}" {
                index += 1
            }
            switch sigil {
            case "!":
                continue
            case "=":
                tag = tag.dropFirst()
                if tag.last == "=" { tag = tag.dropLast() }
                let parts = tag.split(whereSeparator: \.isWhitespace)
                guard parts.count == 2 else { throw syntax(tagLine, "a set-delimiter tag needs two delimiters") }
                open = Array(parts[0])
                close = Array(parts[1])
            case "%":
                throw syntax(tagLine, "pragmas are not supported in reply templates (replies are always plain text)")
            case ">", "<", "$":
                throw syntax(tagLine, "partials and blocks are not supported in reply templates")
            case "#", "^":
                let name = try checkedName(tag.dropFirst(), line: tagLine)
                let parent = scopes[scopes.count - 1]
                if name == "." {
                    guard parent.allowsDot else { throw dotOutsideSection(tagLine) }
                    scopes.append(Scope(schema: nil, allowsDot: parent.allowsDot))
                    continue
                }
                let slot = try resolve(name, in: scopes, line: tagLine)
                guard sigil == "#" else {
                    scopes.append(Scope(schema: nil, allowsDot: parent.allowsDot))
                    continue
                }
                switch slot {
                case .list(let item): scopes.append(Scope(schema: item, allowsDot: false))
                case .textList, .text, .optionalText: scopes.append(Scope(schema: nil, allowsDot: true))
                case .flag: scopes.append(Scope(schema: nil, allowsDot: parent.allowsDot))
                }
            case "/":
                if scopes.count > 1 { scopes.removeLast() }
            default:
                let body = sigil == "{" || sigil == "&" ? tag.dropFirst() : tag
                let name = try checkedName(body, line: tagLine)
                if name == "." {
                    guard scopes[scopes.count - 1].allowsDot else { throw dotOutsideSection(tagLine) }
                    continue
                }
                switch try resolve(name, in: scopes, line: tagLine) {
                case .list, .textList:
                    throw ReplyError(
                        .templateSyntax,
                        "\(file):\(tagLine): {{\(name)}} is a list: use it as a section, {{#\(name)}}…{{/\(name)}}"
                    )
                case .text, .optionalText, .flag:
                    break
                }
            }
        }
    }

    private func checkedName(_ raw: ArraySlice<Character>, line: Int) throws(ReplyError) -> String {
        let name = String(raw).trimmingCharacters(in: .whitespaces)
        if name.contains("(") || name.contains(")") {
            throw syntax(line, "{{\(name)}}: transforms are not supported in reply templates")
        }
        if name != ".", name.contains(".") {
            throw syntax(line, "{{\(name)}}: dotted names are not supported in reply templates")
        }
        return name
    }

    private func resolve(_ name: String, in scopes: [Scope], line: Int) throws(ReplyError) -> TemplateSchema.Slot {
        for scope in scopes.reversed() {
            if let slot = scope.schema?.slots[name] { return slot }
        }
        var known = Set(schema.names)
        for scope in scopes { known.formUnion(scope.schema?.names ?? []) }
        throw ReplyError.unresolved(name, file: file, line: line, known: Array(known))
    }

    private func syntax(_ line: Int, _ message: String) -> ReplyError {
        ReplyError(.templateSyntax, "\(file):\(line): \(message)")
    }

    private func dotOutsideSection(_ line: Int) -> ReplyError {
        syntax(line, "{{.}} is only meaningful inside a section over text, such as {{#details}}…{{/details}}")
    }

    private static func matches(_ needle: [Character], in characters: [Character], at index: Int) -> Bool {
        guard index + needle.count <= characters.count else { return false }
        for offset in needle.indices where characters[index + offset] != needle[offset] { return false }
        return true
    }

    private static func find(_ needle: [Character], in characters: [Character], from index: Int) -> Int? {
        var position = index
        while position + needle.count <= characters.count {
            if matches(needle, in: characters, at: position) { return position }
            position += 1
        }
        return nil
    }
}
