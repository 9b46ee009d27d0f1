import GRDB
public import PeeringModel

extension PeerDeskDatabase {
    /// Upserts the parsed files in one transaction: organizations first, then clusters, then
    /// peerings, whatever order the files were given in. A row that refers to an organization or
    /// cluster that exists neither in the database nor in the import fails the whole import, and
    /// nothing is written. Rows absent from a file are kept (an import never deletes).
    public func importRegistry(_ files: [RegistryFile]) throws(RegistryImportError) -> [ImportSummary] {
        let ordered = files.enumerated().sorted { lhs, rhs in
            let order: [RegistryKind] = [.organizations, .clusters, .peerings]
            let left = order.firstIndex(of: lhs.element.kind) ?? 0
            let right = order.firstIndex(of: rhs.element.kind) ?? 0
            return (left, lhs.offset) < (right, rhs.offset)
        }
        var summaries: [Int: ImportSummary] = [:]
        do {
            try writer.write { db in
                var problems: [ImportProblem] = []
                for (position, file) in ordered {
                    var summary = ImportSummary(file: file.name, kind: file.kind)
                    switch file.rows {
                    case .organizations(let rows):
                        for row in rows { summary.count(try row.value.upsert(db)) }
                    case .clusters(let rows):
                        for row in rows {
                            let organizationID = row.value.organizationID
                            guard try OrganizationRecord.exists(db, key: organizationID) else {
                                problems.append(
                                    ImportProblem(
                                        file: file.name,
                                        line: row.line,
                                        message: "organization_id \(organizationID) is not in the registry; "
                                            + "import the organizations file first or with this one"
                                    )
                                )
                                continue
                            }
                            var cluster = row.value
                            // A file without the optional aws_profile column keeps the stored one.
                            if !file.hasAWSProfiles {
                                cluster.awsProfile = try Cluster.fetchOne(db, id: cluster.id.rawValue)?.awsProfile
                            }
                            summary.count(try cluster.upsert(db))
                        }
                    case .peerings(let rows):
                        for row in rows {
                            let clusterID = row.value.clusterID.rawValue
                            guard let cluster = try Cluster.fetchOne(db, id: clusterID) else {
                                problems.append(
                                    ImportProblem(
                                        file: file.name,
                                        line: row.line,
                                        message: "cluster_id \(clusterID) is not in the registry; "
                                            + "import the clusters file first or with this one"
                                    )
                                )
                                continue
                            }
                            guard cluster.cloud == .aws else {
                                problems.append(
                                    ImportProblem(
                                        file: file.name,
                                        line: row.line,
                                        message: "cluster \(clusterID) is on \(cluster.cloud.rawValue); "
                                            + "VPC peerings exist only for AWS clusters"
                                    )
                                )
                                continue
                            }
                            summary.count(try row.value.upsert(db))
                        }
                    }
                    summaries[position] = summary
                }
                // Throwing rolls the whole transaction back: all or nothing.
                if !problems.isEmpty { throw RegistryImportError(problems: problems) }
            }
        } catch let error as RegistryImportError {
            throw error
        } catch {
            throw RegistryImportError(problems: [
                ImportProblem(
                    file: files.map(\.name).joined(separator: ", "),
                    line: nil,
                    message: RegistryError.describe(error)
                )
            ])
        }
        return files.indices.compactMap { summaries[$0] }
    }

    public func organizations() throws(RegistryError) -> [Organization] {
        try readRegistry { db in try Organization.fetchAll(db) }
    }

    public func clusters() throws(RegistryError) -> [Cluster] {
        try readRegistry { db in try Cluster.fetchAll(db) }
    }

    public func peerings() throws(RegistryError) -> [Peering] {
        try readRegistry { db in try Peering.fetchAll(db) }
    }

    public func cluster(id: ClusterID) throws(RegistryError) -> Cluster? {
        try readRegistry { db in try Cluster.fetchOne(db, id: id.rawValue) }
    }

    public func organization(id: String) throws(RegistryError) -> Organization? {
        try readRegistry { db in try Organization.fetchOne(db, id: id) }
    }

    private func readRegistry<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(RegistryError) -> T {
        do {
            return try writer.read(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.sqlite(RegistryError.describe(error))
        }
    }
}
