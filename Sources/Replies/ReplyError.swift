/// Why a reply could not be rendered or a draft written. The description says what and where:
/// the template file and placeholder, or the value that is wrong (shortened, one line).
public struct ReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// A `--templates` directory (or one of its files) does not exist or cannot be read.
        case templateNotFound = "template-not-found"
        /// The template is not valid Mustache, or uses a tag replies do not support.
        case templateSyntax = "template-syntax"
        /// A placeholder names a value the reply kind does not provide.
        case unresolvedPlaceholder = "unresolved-placeholder"
        /// The reply needs a value the context does not have.
        case missingValue = "missing-value"
        /// A value of the context is not valid for a reply (an address, an ID, a CIDR).
        case invalidValue = "invalid-value"
        /// This kind of reply does not fit the ticket.
        case notApplicable = "not-applicable"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unresolved(_ name: String, file: String, line: Int?, known: [String]) -> ReplyError {
        ReplyError(
            .unresolvedPlaceholder,
            "\(file)\(line.map { ":\($0)" } ?? ""): unresolved placeholder {{\(name)}}: the reply provides no value named \"\(name)\" "
                + "(it provides: \(known.sorted().joined(separator: ", ")))"
        )
    }

    static func invalid(_ what: String, _ value: String, _ reason: String) -> ReplyError {
        ReplyError(.invalidValue, "\(what) \(shown(value)) \(reason)")
    }

    /// A value as it may appear in a message: quoted, one line, at most 80 characters.
    static func shown(_ value: String) -> String {
        let clean = HeaderText.sanitized(value)
        let short = clean.count > 80 ? String(clean.prefix(79)) + "…" : clean
        return "\"" + short + "\""
    }
}
