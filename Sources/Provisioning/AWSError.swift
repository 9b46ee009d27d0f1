import Foundation

/// A call to AWS that failed, in AWS's words: the operation, AWS's error code and message.
///
/// Built from the AWS CLI's standard error, which never carries credentials; the output of a
/// call (which may: `assume-role`) is never put in an error.
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `AssumeRole`, `CreateRoute`, ... (the API's name for the call).
    public var operation: String
    /// AWS's error code (`AccessDenied`, `RouteLimitExceeded`, ...); `nil` when the CLI gave none.
    public var code: String?
    public var message: String

    public init(operation: String, code: String?, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// Throttled by AWS: worth retrying after a pause.
    public var isThrottling: Bool {
        guard let code else { return false }
        return [
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
            "RequestThrottled", "SlowDown",
        ].contains(code)
    }

    public var description: String {
        if let code { return "\(operation) failed: \(code): \(message)" }
        return "\(operation) failed: \(message)"
    }

    /// Parses the CLI's "An error occurred (Code) when calling the Operation operation: message".
    public static func parse(operation: String, standardError: String, status: String = "an error") -> AWSError {
        let text = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        let marker = "An error occurred ("
        if let start = text.range(of: marker), let close = text[start.upperBound...].firstIndex(of: ")") {
            let code = String(text[start.upperBound..<close])
            var message = String(text[text.index(after: close)...])
            if let colon = message.range(of: "operation: ") {
                message = String(message[colon.upperBound...])
            } else if let colon = message.range(of: ": ") {
                message = String(message[colon.upperBound...])
            }
            return AWSError(operation: operation, code: code, message: Self.oneLine(message))
        }
        let message = text.isEmpty ? "the AWS CLI exited with \(status) and said nothing" : Self.oneLine(text)
        return AWSError(operation: operation, code: nil, message: message)
    }

    /// The last few lines, joined, at most 600 characters (a traceback is not a message).
    static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let joined = lines.suffix(3).joined(separator: " ")
        return joined.count > 600 ? String(joined.prefix(600)) + "…" : joined
    }
}
