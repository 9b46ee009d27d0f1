/// A refused region table: the 1-based line and what was wrong with it.
public struct RegionTableError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// "regions.tsv:3: …".
    public var description: String { "regions.tsv:\(line): \(message)" }
}
