/// A refused region table file: the line and what was wrong.
public struct RegionTableError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public var description: String { "regions.tsv:\(line): \(message)" }
}

/// The AWS regions PeerDesk knows, from `Data/regions.tsv` (embedded in the binary).
///
/// `lookup` accepts a region code in any case, the console's display name ("Europe (Ireland)",
/// "US East (N. Virginia)"), or the name in its parentheses alone ("Ireland", "N. Virginia")
/// when only one region has it. Regions of every partition are found; a caller that needs the
/// commercial partition asks `Region.requireSupported()`.
public struct RegionTable: Sendable {
    public let regions: [Region]
    private let byKey: [String: Int]

    /// The table embedded from `Data/regions.tsv`. The generator guarantees it parses, and a
    /// test checks its size; an empty table here would make every region unknown, not crash.
    public static let standard: RegionTable = (try? RegionTable(tsv: embeddedTSV)) ?? RegionTable(regions: [])

    public init(regions: [Region]) {
        self.regions = regions
        var byKey: [String: Int] = [:]
        // A short name ("Ohio") maps to a region only when it is unambiguous; a commercial region
        // wins over an isolated one with the same short name ("US ISOB East (Ohio)").
        var shortNames: [String: [Int]] = [:]
        for (index, region) in regions.enumerated() {
            byKey[Self.key(region.code)] = index
            byKey[Self.key(region.name)] = index
            if region.name.hasPrefix("Europe (") {
                byKey[Self.key("EU" + region.name.dropFirst("Europe".count))] = index  // the console's older name
            }
            if let short = Self.shortName(region.name) { shortNames[Self.key(short), default: []].append(index) }
        }
        for (short, indexes) in shortNames where byKey[short] == nil {
            let commercial = indexes.filter { regions[$0].partition.isCommercial }
            if commercial.count == 1 {
                byKey[short] = commercial[0]
            } else if indexes.count == 1 {
                byKey[short] = indexes[0]
            }
        }
        self.byKey = byKey
    }

    /// Parses the TSV: a header row `code, name, partition, partition_name, opt_in`, then one
    /// region per line.
    public init(tsv: String) throws(RegionTableError) {
        var regions: [Region] = []
        for (offset, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if number == 1 {
                guard fields == ["code", "name", "partition", "partition_name", "opt_in"] else {
                    throw RegionTableError(
                        line: 1,
                        message: "expected the header code, name, partition, partition_name, opt_in"
                    )
                }
                continue
            }
            guard fields.count == 5, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else {
                throw RegionTableError(line: number, message: "expected 5 non-empty tab-separated fields")
            }
            guard fields[4] == "true" || fields[4] == "false" else {
                throw RegionTableError(line: number, message: "opt_in must be true or false")
            }
            regions.append(
                Region(
                    code: fields[0],
                    name: fields[1],
                    partition: Partition(rawValue: fields[2]),
                    partitionName: fields[3],
                    isOptIn: fields[4] == "true"
                )
            )
        }
        self.init(regions: regions)
    }

    public func region(code: String) -> Region? {
        byKey[Self.key(code)].map { regions[$0] }
    }

    public func lookup(_ text: some StringProtocol) throws(ValueError) -> Region {
        let trimmed = String(decoding: ASCII.trimmedBytes(text), as: UTF8.self)
        guard !trimmed.isEmpty else { throw ValueError(.region, text, .empty, "is empty") }
        if let index = byKey[Self.key(trimmed)] { return regions[index] }
        throw ValueError(
            .region,
            text,
            .unknownRegion,
            "is not an AWS region code or console name (for example eu-west-1 or \"Europe (Ireland)\")"
        )
    }

    /// The text in the last parentheses of a display name: "N. Virginia" in "US East (N. Virginia)".
    private static func shortName(_ name: String) -> String? {
        guard let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close else { return nil }
        return String(name[name.index(after: open)..<close])
    }

    /// Case-insensitive, dots ignored, white space collapsed: "n. virginia" == "N Virginia".
    private static func key(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = !bytes.isEmpty
            } else if byte == 0x2E {
                continue
            } else {
                if pendingSpace {
                    bytes.append(0x20)
                    pendingSpace = false
                }
                bytes.append(ASCII.lowercased(byte))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
