/// An AWS region from the region table (`Data/regions.tsv`).
public struct Region: ParsedValue {
    /// The region code, such as "eu-west-1".
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

    /// Looks `text` up in the standard table: a code or a console name, as `RegionTable.lookup`
    /// accepts them. Regions of every partition are found.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        self = try RegionTable.standard.lookup(text)
    }

    /// Looks `text` up in `table`, as `init(parsing:)` does in the standard table.
    public init(parsing text: some StringProtocol, table: RegionTable) throws(ValueError) {
        self = try table.lookup(text)
    }

    /// Throws `unsupportedPartition` unless the region is in the commercial partition, with a
    /// message naming the partition ("AWS GovCloud (US)").
    public func requireSupported() throws(ValueError) {
        guard partition.isCommercial else {
            throw ValueError(
                .region,
                code,
                .unsupportedPartition(partition.rawValue),
                "(\(name)) is in the \(partitionName) partition; Astro clusters run in the commercial AWS "
                    + "partition and cannot peer with a VPC in \(partitionName)"
            )
        }
    }

    /// The region code.
    public var description: String { code }
}
