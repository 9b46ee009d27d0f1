/// A customer organization and the email domains whose senders may speak for it.
public struct Organization: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Lower-case domains, in the order the registry lists them.
    public var emailDomains: [String]

    public init(id: String, name: String, emailDomains: [String]) {
        self.id = id
        self.name = name
        self.emailDomains = emailDomains
    }

    enum CodingKeys: String, CodingKey {
        case id, name
        case emailDomains = "email_domains"
    }
}
