import Foundation
import Synchronization

/// Writing to the standard streams. Nothing below the CLI prints.
enum Terminal {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Replaces control characters (a customer value could carry escape sequences) so a table
    /// cell cannot rewrite the user's terminal.
    static func sanitize(_ text: String) -> String {
        // Most lines are printable ASCII: nothing to replace.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result.unicodeScalars.append("?")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A plain aligned table: a header row, then one line per row, columns separated by two spaces.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) {
        rows.append(row.map(Terminal.sanitize))
    }

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                text += isLast ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            return text
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Adds a `kind` key to a record's JSON object, so mixed listings can be told apart.
struct KindTagged<Value: Encodable>: Encodable {
    var kind: String
    var value: Value

    private enum CodingKeys: String, CodingKey { case kind }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
    }
}

/// "checked 12,000" on stderr, at most once a second, only when stderr is a terminal.
final class Progress: Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex<(last: Date, shown: Bool)>((Date(), false))

    init(label: String) {
        self.label = label
    }

    func update(_ count: Int) {
        guard isTerminal else { return }
        let due = state.withLock { state in
            guard Date().timeIntervalSince(state.last) >= 1 else { return false }
            state = (Date(), true)
            return true
        }
        if due { FileHandle.standardError.write(Data("\r\(label) \(count)".utf8)) }
    }

    func finish(_ count: Int) {
        if state.withLock({ $0.shown }) { FileHandle.standardError.write(Data("\r\(label) \(count)\n".utf8)) }
    }
}
