public import PeeringModel

/// The format rules for one customer CIDR block, as DESIGN.md names them.
public enum CIDRRules {
    /// AWS accepts VPC CIDR blocks from /16 to /28.
    public static let allowedPrefixLengths = 16...28

    /// The findings for a parsed CIDR block, most serious first.
    public static func findings(for cidr: IPv4CIDR, as written: String) -> [Finding] {
        var findings: [Finding] = []
        if let block = cidr.reservedBlock {
            findings.append(
                Finding(
                    .cidrReserved,
                    field: .vpcCIDRs,
                    message: "\(cidr) is in the reserved range \(block.rawValue), which cannot be routed "
                        + "through a VPC peering; send the IPv4 CIDR block shown for the VPC in the AWS console"
                )
            )
        }
        if !allowedPrefixLengths.contains(cidr.prefixLength) {
            findings.append(
                Finding(
                    .cidrPrefixOutOfRange,
                    field: .vpcCIDRs,
                    message: "\(cidr) has a /\(cidr.prefixLength) prefix; a VPC CIDR block is between /16 and /28, "
                        + "so this is not the CIDR block of a VPC"
                )
            )
        }
        if cidr.hadHostBitsSet {
            findings.append(
                Finding(
                    .cidrHostBitsSet,
                    field: .vpcCIDRs,
                    message: "\(written) has host bits set; it was read as the block \(cidr)"
                )
            )
        }
        if cidr.reservedBlock == nil, !cidr.isPrivate {
            let detail =
                cidr.isSharedAddressSpace
                ? "it is in the shared address space 100.64.0.0/10"
                : "it is public address space"
            findings.append(
                Finding(
                    .cidrPublic,
                    field: .vpcCIDRs,
                    message:
                        "\(cidr) is outside the RFC 1918 private ranges (\(detail)); check it is the VPC's CIDR block"
                )
            )
        }
        if cidr.overlapsDockerBridge {
            findings.append(
                Finding(
                    .cidrDockerBridge,
                    field: .vpcCIDRs,
                    message: "\(cidr) overlaps Docker's default bridge network 172.17.0.0/16; containers using "
                        + "the default bridge cannot reach addresses in it"
                )
            )
        }
        return findings
    }
}
