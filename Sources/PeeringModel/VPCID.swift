/// A VPC ID: `vpc-` + 8 or 17 hex digits; upper case is normalized to lower (`VPC-0ABC…`).
///
/// Another resource's ID pasted instead (a subnet, a security group, a route table, a peering
/// connection…) is named as such in the error.
public struct VPCID: ParsedIdentifier {
    /// The canonical, lower-case ID.
    public let rawValue: String

    static let advice = "the VPC ID is in the VPC console's \"Your VPCs\" list, such as vpc-0abc123def4567890"

    /// Parses a VPC ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(text, prefix: "vpc-", kind: .vpcID, advice: Self.advice)
    }
}
