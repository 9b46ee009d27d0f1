/// An AWS partition: the commercial one (`aws`), China, GovCloud, or an isolated one.
public struct Partition: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The partition as ARNs write it: "aws", "aws-cn", "aws-us-gov"…
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The commercial partition, "AWS Standard".
    public static let aws = Partition(rawValue: "aws")
    /// AWS China ("aws-cn").
    public static let awsCN = Partition(rawValue: "aws-cn")
    /// AWS GovCloud (US) ("aws-us-gov").
    public static let awsUSGov = Partition(rawValue: "aws-us-gov")

    /// Only the commercial partition can peer with Astro.
    public var isCommercial: Bool { self == .aws }

    /// The partition's name in the standard region table ("AWS Standard", "AWS China",
    /// "AWS GovCloud (US)"…), or the raw value for a partition the table does not know.
    public var displayName: String { RegionTable.standard.displayName(of: self) ?? rawValue }

    /// The raw value.
    public var description: String { rawValue }

    public static func < (lhs: Partition, rhs: Partition) -> Bool { lhs.rawValue < rhs.rawValue }
}
