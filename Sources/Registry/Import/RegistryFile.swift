/// Which registry table a CSV file feeds; decided by its header row.
public enum RegistryKind: String, Sendable, Hashable, CaseIterable, Codable {
    case organizations, clusters, peerings

    /// The header of DESIGN.md, in its order. Columns may come in any order in a file.
    public var columns: [String] {
        switch self {
        case .organizations:
            return ["id", "name", "email_domains"]
        case .clusters:
            return [
                "id", "organization_id", "name", "deployment", "cloud", "region", "aws_account_id", "vpc_id",
                "vpc_cidrs", "status",
            ]
        case .peerings:
            return ["id", "cluster_id", "peer_account_id", "peer_vpc_id", "peer_region", "peer_cidrs", "status"]
        }
    }

    /// Columns a file may have or leave out (a file without them keeps working).
    public var optionalColumns: [String] {
        switch self {
        case .clusters: return ["aws_profile"]
        case .organizations, .peerings: return []
        }
    }

    /// Singular noun for messages ("1 cluster").
    public var singular: String {
        switch self {
        case .organizations: return "organization"
        case .clusters: return "cluster"
        case .peerings: return "peering"
        }
    }
}

/// A value with the line of the file it came from.
public struct Located<Value: Sendable>: Sendable {
    public var line: Int
    public var value: Value
}

/// A registry CSV file, parsed and checked row by row, ready to be applied.
public struct RegistryFile: Sendable {
    public enum Rows: Sendable {
        case organizations([Located<Organization>])
        case clusters([Located<Cluster>])
        case peerings([Located<Peering>])
    }

    /// The name used in messages (the path as the user gave it).
    public var name: String
    public var rows: Rows
    /// Whether a clusters file has the optional `aws_profile` column; without it, an import keeps
    /// the profiles already stored.
    public var hasAWSProfiles = false

    public init(name: String, rows: Rows, hasAWSProfiles: Bool = false) {
        self.name = name
        self.rows = rows
        self.hasAWSProfiles = hasAWSProfiles
    }

    public var kind: RegistryKind {
        switch rows {
        case .organizations: return .organizations
        case .clusters: return .clusters
        case .peerings: return .peerings
        }
    }

    public var count: Int {
        switch rows {
        case .organizations(let rows): return rows.count
        case .clusters(let rows): return rows.count
        case .peerings(let rows): return rows.count
        }
    }
}

/// One problem in an import, as `file:line: message`.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line; `nil` when the problem is about the whole file.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// An import refused: every problem found, and nothing written.
public struct RegistryImportError: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// What applying one file changed.
public struct ImportSummary: Sendable, Hashable, Encodable {
    public enum Change: Sendable { case inserted, updated, unchanged }

    public var file: String
    public var kind: RegistryKind
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public var rows: Int { inserted + updated + unchanged }

    mutating func count(_ change: Change) {
        switch change {
        case .inserted: inserted += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, kind, rows, inserted, updated, unchanged
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(kind, forKey: .kind)
        try container.encode(rows, forKey: .rows)
        try container.encode(inserted, forKey: .inserted)
        try container.encode(updated, forKey: .updated)
        try container.encode(unchanged, forKey: .unchanged)
    }
}
