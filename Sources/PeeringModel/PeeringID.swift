/// A VPC peering connection ID: `pcx-` + 8 or 17 hex digits; upper case is normalized to lower.
///
/// Another resource's ID pasted instead (most often the VPC ID) is named as such in the error.
public struct PeeringID: ParsedIdentifier {
    /// The canonical, lower-case ID.
    public let rawValue: String

    static let advice =
        "the peering ID is on the VPC console's \"Peering connections\" page, such as pcx-0abc123def4567890"

    /// Parses a VPC peering ID; white space around it is ignored.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        rawValue = try ResourceID.parse(text, prefix: "pcx-", kind: .peeringID, advice: Self.advice)
    }
}
