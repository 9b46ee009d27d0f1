/// An AWS partition: the commercial one (`aws`), China, GovCloud, or an isolated one.
public struct Partition: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let aws = Partition(rawValue: "aws")
    public static let awsCN = Partition(rawValue: "aws-cn")
    public static let awsUSGov = Partition(rawValue: "aws-us-gov")

    /// Only the commercial partition can peer with Astro.
    public var isCommercial: Bool { self == .aws }

    public var description: String { rawValue }
}

/// An AWS region from the region table (`Data/regions.tsv`).
public struct Region: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    /// The console's display name, such as "Europe (Ireland)".
    public let name: String
    public let partition: Partition
    /// The partition's name, such as "AWS GovCloud (US)".
    public let partitionName: String
    /// The region must be enabled in an account before use.
    public let isOptIn: Bool

    public init(code: String, name: String, partition: Partition, partitionName: String, isOptIn: Bool) {
        self.code = code
        self.name = name
        self.partition = partition
        self.partitionName = partitionName
        self.isOptIn = isOptIn
    }

    /// Looks `text` up in `table` (the standard table by default): a code or a console name.
    public init(parsing text: some StringProtocol, table: RegionTable = .standard) throws(ValueError) {
        self = try table.lookup(text)
    }

    /// Throws `unsupportedPartition` unless the region is in the commercial partition.
    public func requireSupported() throws(ValueError) {
        guard partition.isCommercial else {
            throw ValueError(
                .region,
                code,
                .unsupportedPartition(partition.rawValue),
                "is in \(partitionName), which Astro clusters cannot peer with; "
                    + "only the commercial AWS partition is supported"
            )
        }
    }

    public var description: String { code }
}
