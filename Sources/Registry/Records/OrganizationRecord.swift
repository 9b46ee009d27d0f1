import GRDB

struct OrganizationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "organization"

    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    var id: String
    var name: String
}

struct OrganizationDomainRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "organization_domain"

    enum Columns {
        static let organizationID = Column(CodingKeys.organizationID)
        static let domain = Column(CodingKeys.domain)
        static let position = Column(CodingKeys.position)
    }

    var organizationID: String
    var domain: String
    var position: Int

    enum CodingKeys: String, CodingKey {
        case organizationID = "organization_id"
        case domain, position
    }
}

extension Organization {
    static func fetchAll(_ db: Database) throws -> [Organization] {
        let records = try OrganizationRecord.order(OrganizationRecord.Columns.id).fetchAll(db)
        let domains =
            try OrganizationDomainRecord
            .order(OrganizationDomainRecord.Columns.organizationID, OrganizationDomainRecord.Columns.position)
            .fetchAll(db)
        let byOrganization = Dictionary(grouping: domains, by: \.organizationID)
        return records.map { record in
            Organization(
                id: record.id,
                name: record.name,
                emailDomains: (byOrganization[record.id] ?? []).map(\.domain)
            )
        }
    }

    static func fetchOne(_ db: Database, id: String) throws -> Organization? {
        guard let record = try OrganizationRecord.fetchOne(db, key: id) else { return nil }
        let domains =
            try OrganizationDomainRecord
            .filter(OrganizationDomainRecord.Columns.organizationID == id)
            .order(OrganizationDomainRecord.Columns.position)
            .fetchAll(db)
        return Organization(id: record.id, name: record.name, emailDomains: domains.map(\.domain))
    }

    func upsert(_ db: Database) throws -> ImportSummary.Change {
        let existing = try Organization.fetchOne(db, id: id)
        if existing == self { return .unchanged }
        try OrganizationRecord(id: id, name: name).save(db)
        try OrganizationDomainRecord.filter(OrganizationDomainRecord.Columns.organizationID == id).deleteAll(db)
        for (position, domain) in emailDomains.enumerated() {
            try OrganizationDomainRecord(organizationID: id, domain: domain, position: position).insert(db)
        }
        return existing == nil ? .inserted : .updated
    }
}
