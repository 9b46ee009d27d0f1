/// One of the six details a customer sends, named as in the request record's `fields` object.
public enum RequestField: String, Sendable, Hashable, CaseIterable, Codable {
    case awsAccountID = "aws_account_id"
    case awsRegion = "aws_region"
    case vpcID = "vpc_id"
    case vpcCIDRs = "vpc_cidrs"
    case peerRoleARN = "peer_role_arn"
    case clusterID = "cluster_id"

    /// Hashed by its case: `RawRepresentable`'s default hashes the raw string, and the fields
    /// key the dictionaries of every request (40,000 lookups in a thousand messages, 2% of intake).
    public func hash(into hasher: inout Hasher) {
        let ordinal: UInt8
        switch self {
        case .awsAccountID: ordinal = 0
        case .awsRegion: ordinal = 1
        case .vpcID: ordinal = 2
        case .vpcCIDRs: ordinal = 3
        case .peerRoleARN: ordinal = 4
        case .clusterID: ordinal = 5
        }
        hasher.combine(ordinal)
    }
}

/// Something validation noticed about a request: a stable code, its severity, the field it is
/// about (if any) and a message written for a support engineer, reusable in a customer reply.
///
/// Recoverable problems are findings, not errors: a bad request is a record with findings.
public struct Finding: Sendable, Hashable, Codable {
    public var code: FindingCode
    public var field: RequestField?
    public var message: String
    /// The message as a customer may read it, when `message` says more than they should see
    /// (where in the input a value was found: "text/plain line 23", "column Your AWS account
    /// number"). Replies use `messageForCustomer`.
    public var customerMessage: String?

    /// What a reply may quote.
    public var messageForCustomer: String { customerMessage ?? message }

    /// Always the severity DESIGN.md assigns to `code`.
    public var severity: Severity { code.severity }

    public init(_ code: FindingCode, field: RequestField? = nil, message: String, customerMessage: String? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.customerMessage = customerMessage == message ? nil : customerMessage
    }

    private enum CodingKeys: String, CodingKey {
        case code, severity, field, message
        case customerMessage = "customer_message"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decode(FindingCode.self, forKey: .code)
        self.field = try container.decodeIfPresent(RequestField.self, forKey: .field)
        self.message = try container.decode(String.self, forKey: .message)
        self.customerMessage = try container.decodeIfPresent(String.self, forKey: .customerMessage)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(customerMessage, forKey: .customerMessage)
    }
}
