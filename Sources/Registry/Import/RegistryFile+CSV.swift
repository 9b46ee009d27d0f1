public import PeeringModel

extension RegistryFile {
    /// The largest registry CSV accepted; a registry is thousands of rows, not gigabytes.
    public static let maximumSize = 64 << 20

    /// Parses a registry CSV file: the kind comes from the header row, every row is checked, and
    /// every problem is reported with its line. Nothing is returned unless the whole file is good.
    public static func parse(
        csv bytes: [UInt8],
        name: String,
        regions: RegionTable = .standard
    ) throws(RegistryImportError) -> RegistryFile {
        func fail(_ line: Int?, _ message: String) -> RegistryImportError {
            RegistryImportError(problems: [ImportProblem(file: name, line: line, message: message)])
        }
        guard bytes.count <= maximumSize else {
            throw fail(nil, "the file is \(bytes.count) bytes; a registry CSV may be at most \(maximumSize) bytes")
        }
        if let line = firstLineWithInvalidUTF8(bytes) {
            throw fail(line, "the file is not UTF-8 text (save it as CSV UTF-8)")
        }
        let table: CSVTable
        do {
            table = try CSVTable(bytes: bytes)
        } catch {
            throw fail(error.line, error.message)
        }
        guard let header = table.records.first else {
            throw fail(
                nil,
                "the file is empty; expected a header row such as \(RegistryKind.organizations.columns.joined(separator: ","))"
            )
        }
        let (kind, columnIndex) = try detectKind(header: header, file: name)

        var reader = RowReader(file: name, columnIndex: columnIndex, width: header.fields.count, regions: regions)
        let body = table.records.dropFirst()
        switch kind {
        case .organizations:
            let rows = body.compactMap { reader.organization($0) }
            try reader.finish()
            return RegistryFile(name: name, rows: .organizations(rows))
        case .clusters:
            let rows = body.compactMap { reader.cluster($0) }
            try reader.finish()
            return RegistryFile(name: name, rows: .clusters(rows), hasAWSProfiles: columnIndex["aws_profile"] != nil)
        case .peerings:
            let rows = body.compactMap { reader.peering($0) }
            try reader.finish()
            return RegistryFile(name: name, rows: .peerings(rows))
        }
    }

    private static func detectKind(
        header: CSVTable.Record,
        file: String
    ) throws(RegistryImportError) -> (RegistryKind, [String: Int]) {
        let names = header.fields.map { $0.trimmingASCIIWhitespace().lowercased() }
        var columnIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if columnIndex[name] != nil {
                throw RegistryImportError(problems: [
                    ImportProblem(file: file, line: header.line, message: "the column \"\(name)\" appears twice")
                ])
            }
            columnIndex[name] = index
        }
        let given = Set(names)
        if let kind = RegistryKind.allCases.first(where: { kind in
            given.isSuperset(of: kind.columns) && given.isSubset(of: kind.columns + kind.optionalColumns)
        }) {
            return (kind, columnIndex)
        }
        // Name the closest kind's missing and unexpected columns, so a typo is easy to find.
        let closest = RegistryKind.allCases.max { lhs, rhs in
            given.intersection(lhs.columns).count < given.intersection(rhs.columns).count
        }
        var message =
            "the header matches no registry file: expected "
            + RegistryKind.allCases.map { "\($0.rawValue) (\($0.columns.joined(separator: ",")))" }
            .joined(separator: ", or ")
        if let closest, !given.intersection(closest.columns).isEmpty {
            let missing = closest.columns.filter { !given.contains($0) }
            let unexpected = names.filter { !closest.columns.contains($0) && !closest.optionalColumns.contains($0) }
            message = "the header looks like \(closest.rawValue) but"
            if !missing.isEmpty { message += " lacks \(missing.joined(separator: ", "))" }
            if !missing.isEmpty, !unexpected.isEmpty { message += " and" }
            if !unexpected.isEmpty {
                message += " has unexpected \(unexpected.map { "\"\($0)\"" }.joined(separator: ", "))"
            }
        }
        throw RegistryImportError(problems: [ImportProblem(file: file, line: header.line, message: message)])
    }

    private static func firstLineWithInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}

/// Reads the rows of one file, collecting problems instead of stopping at the first.
private struct RowReader {
    let file: String
    let columnIndex: [String: Int]
    let width: Int
    let regions: RegionTable
    var problems: [ImportProblem] = []
    var seenIDs: [String: Int] = [:]

    init(file: String, columnIndex: [String: Int], width: Int, regions: RegionTable) {
        self.file = file
        self.columnIndex = columnIndex
        self.width = width
        self.regions = regions
    }

    func finish() throws(RegistryImportError) {
        if !problems.isEmpty { throw RegistryImportError(problems: problems) }
    }

    /// The row's fields by column name, or nil (with a problem) when the row is the wrong width.
    private mutating func fields(_ record: CSVTable.Record) -> Row? {
        guard record.fields.count == width else {
            report(
                record.line,
                "expected \(width) fields, found \(record.fields.count) (a comma inside a value needs quotes)"
            )
            return nil
        }
        return Row(record: record, columnIndex: columnIndex)
    }

    private mutating func report(_ line: Int, _ message: String) {
        problems.append(ImportProblem(file: file, line: line, message: message))
    }

    /// Records the id, reporting a repeat within the file.
    private mutating func claim(_ id: String, line: Int) -> Bool {
        if let first = seenIDs[id] {
            report(line, "the id \(id) was already given on line \(first)")
            return false
        }
        seenIDs[id] = line
        return true
    }

    mutating func organization(_ record: CSVTable.Record) -> Located<Organization>? {
        guard let row = fields(record) else { return nil }
        let before = problems.count
        let id = row["id"]
        if !Self.isValidOrganizationID(id) {
            report(row.line, "id \(quoted(id)) is not a valid organization id (1–64 of letters, digits, '.', '_', '-')")
        }
        let name = row["name"]
        if name.isEmpty { report(row.line, "name is empty") }
        var domains: [String] = []
        for raw in row.list("email_domains") {
            let domain = raw.lowercased()
            if !Self.isValidDomain(domain) {
                report(row.line, "email_domains: \(quoted(raw)) is not a domain name such as example.com")
            } else if domains.contains(domain) {
                report(row.line, "email_domains: \(domain) is listed twice")
            } else {
                domains.append(domain)
            }
        }
        guard problems.count == before, claim(id, line: row.line) else { return nil }
        return Located(line: row.line, value: Organization(id: id, name: name, emailDomains: domains))
    }

    mutating func cluster(_ record: CSVTable.Record) -> Located<Cluster>? {
        guard let row = fields(record) else { return nil }
        let before = problems.count
        let id = parse(row, "id", ClusterID.init(parsing:))
        let organizationID = row["organization_id"]
        if !Self.isValidOrganizationID(organizationID) {
            report(row.line, "organization_id \(quoted(organizationID)) is not a valid organization id")
        }
        let name = row["name"]
        if name.isEmpty { report(row.line, "name is empty") }
        let deployment = parseEnum(row, "deployment", Cluster.Deployment.self)
        let cloud = parseEnum(row, "cloud", Cluster.Cloud.self)
        let status = parseEnum(row, "status", Cluster.Status.self)
        var region = row["region"]
        var accountID: AccountID?
        var vpcID: VPCID?
        if cloud == .aws {
            if let found = lookupRegion(row, "region") { region = found }
            // A cluster still being created may not have its account and VPC yet.
            let mayBeEmpty = status == .creating || status == .deleted
            accountID = parseOptional(row, "aws_account_id", required: !mayBeEmpty, AccountID.init(parsing:))
            vpcID = parseOptional(row, "vpc_id", required: !mayBeEmpty, VPCID.init(parsing:))
        } else if cloud != nil {
            if !Self.isValidCloudRegion(region) {
                report(row.line, "region \(quoted(region)) is not a region code such as us-central1")
            }
            for column in ["aws_account_id", "vpc_id"] where !row[column].isEmpty {
                report(
                    row.line,
                    "\(column) is set, but the cluster is on \(cloud?.rawValue ?? "another cloud"), not AWS"
                )
            }
        }
        let cidrs = parseCIDRs(row, "vpc_cidrs", required: cloud == .aws && status == .active)
        let profile = row["aws_profile"]
        if !profile.isEmpty, cloud != .aws {
            report(row.line, "aws_profile is set, but the cluster is on \(cloud?.rawValue ?? "another cloud"), not AWS")
        } else if !Self.isValidProfileName(profile) {
            report(
                row.line,
                "aws_profile \(quoted(profile)) is not an AWS CLI profile name (letters, digits, '.', '_', '-', '@', '+')"
            )
        }
        guard problems.count == before, let id, let deployment, let cloud, let status,
            claim(id.rawValue, line: row.line)
        else { return nil }
        let cluster = Cluster(
            id: id,
            organizationID: organizationID,
            name: name,
            deployment: deployment,
            cloud: cloud,
            region: region,
            awsAccountID: accountID,
            vpcID: vpcID,
            vpcCIDRs: cidrs,
            status: status,
            awsProfile: profile.isEmpty ? nil : profile
        )
        return Located(line: row.line, value: cluster)
    }

    mutating func peering(_ record: CSVTable.Record) -> Located<Peering>? {
        guard let row = fields(record) else { return nil }
        let before = problems.count
        let id = parse(row, "id", PeeringID.init(parsing:))
        let clusterID = parse(row, "cluster_id", ClusterID.init(parsing:))
        let accountID = parse(row, "peer_account_id", AccountID.init(parsing:))
        let vpcID = parse(row, "peer_vpc_id", VPCID.init(parsing:))
        let region = lookupRegion(row, "peer_region")
        let cidrs = parseCIDRs(row, "peer_cidrs", required: true)
        let status = parseEnum(row, "status", Peering.Status.self)
        guard problems.count == before, let id, let clusterID, let accountID, let vpcID, let region, let status,
            claim(id.rawValue, line: row.line)
        else { return nil }
        let peering = Peering(
            id: id,
            clusterID: clusterID,
            peerAccountID: accountID,
            peerVPCID: vpcID,
            peerRegion: region,
            peerCIDRs: cidrs,
            status: status
        )
        return Located(line: row.line, value: peering)
    }

    // MARK: Field parsers

    private mutating func parse<Value>(
        _ row: Row,
        _ column: String,
        _ parser: (String) throws(ValueError) -> Value
    ) -> Value? {
        let text = row[column]
        if text.isEmpty {
            report(row.line, "\(column) is empty")
            return nil
        }
        do {
            return try parser(text)
        } catch {
            report(row.line, "\(column): \(error.message)")
            return nil
        }
    }

    private mutating func parseOptional<Value>(
        _ row: Row,
        _ column: String,
        required: Bool,
        _ parser: (String) throws(ValueError) -> Value
    ) -> Value? {
        if row[column].isEmpty, !required { return nil }
        return parse(row, column, parser)
    }

    private mutating func parseEnum<Value: RawRepresentable & CaseIterable>(
        _ row: Row,
        _ column: String,
        _ type: Value.Type
    ) -> Value? where Value.RawValue == String {
        let text = row[column].lowercased()
        if let value = Value(rawValue: text) { return value }
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        report(row.line, "\(column) \(quoted(row[column])) is not one of \(allowed)")
        return nil
    }

    private mutating func lookupRegion(_ row: Row, _ column: String) -> String? {
        let table = regions
        return parse(row, column) { text throws(ValueError) in try table.lookup(text).code }
    }

    private mutating func parseCIDRs(_ row: Row, _ column: String, required: Bool) -> [IPv4CIDR] {
        let items = row.list(column)
        if items.isEmpty {
            if required { report(row.line, "\(column) is empty; list the CIDR blocks separated by ';'") }
            return []
        }
        var cidrs: [IPv4CIDR] = []
        for item in items {
            do {
                let cidr = try IPv4CIDR(parsing: item)
                if cidr.hadHostBitsSet {
                    report(row.line, "\(column): \(item) has host bits set; the block is \(cidr)")
                } else if cidrs.contains(cidr) {
                    report(row.line, "\(column): \(cidr) is listed twice")
                } else {
                    cidrs.append(cidr)
                }
            } catch {
                report(row.line, "\(column): \(error.message)")
            }
        }
        return cidrs
    }

    // MARK: Shapes

    static func isValidOrganizationID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x2E || byte == 0x5F
            }
    }

    /// A lower-case DNS name with at least two labels.
    static func isValidDomain(_ domain: String) -> Bool {
        guard domain.utf8.count <= 253 else { return false }
        let labels = domain.utf8.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D else { return false }
            return label.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        }
    }

    /// Empty, or a profile name as `aws configure` writes them: no spaces, brackets or quotes.
    static func isValidProfileName(_ name: String) -> Bool {
        name.utf8.count <= 128
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || [0x2D, 0x2E, 0x5F, 0x40, 0x2B, 0x2F].contains(byte)
            }
    }

    static func isValidCloudRegion(_ region: String) -> Bool {
        !region.isEmpty && region.utf8.count <= 64
            && region.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

/// One CSV record, addressed by column name; values are trimmed.
private struct Row {
    let record: CSVTable.Record
    let columnIndex: [String: Int]

    var line: Int { record.line }

    subscript(column: String) -> String {
        guard let index = columnIndex[column], index < record.fields.count else { return "" }
        return record.fields[index].trimmingASCIIWhitespace()
    }

    /// A `;`-separated list; empty items are dropped.
    func list(_ column: String) -> [String] {
        self[column].split(separator: ";").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }
}

/// A customer or staff value shown in a message: controls replaced, cut at 80 characters.
private func quoted(_ text: String) -> String {
    "\"\(ValueError.displayable(text))\""
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
