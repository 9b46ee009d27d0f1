public import PeeringModel

extension FindingCode {
    /// What the finding means for the customer and where they find the right value, in the words
    /// of a reply (the request-changes list). Every code has one; `normalized`, `auto-generated`
    /// and `requester-not-authorized` are never listed to a customer but are explained all the same.
    public var customerExplanation: String {
        switch self {
        case .missingAccountID:
            return "Your AWS account ID: the 12-digit ID of the AWS account that owns the VPC. In the AWS console it "
                + "is shown in the account menu at the top right."
        case .missingRegion:
            return "The AWS region of your VPC (for example us-east-1): it is shown in the region selector at the "
                + "top right of the AWS console while you look at the VPC."
        case .missingVPCID:
            return "The ID of the VPC you want to peer (vpc-…), in the AWS console under VPC › Your VPCs."
        case .missingCIDR:
            return "The IPv4 CIDR block of that VPC (for example 10.20.0.0/16): the IPv4 CIDR column under "
                + "VPC › Your VPCs in the AWS console. If the VPC has several CIDR blocks, send each one the "
                + "Astro cluster should reach."
        case .missingPeerRoleARN:
            return "The PeerRole ARN (arn:aws:iam::<your account ID>:role/…): create the temporary "
                + "astro-peering-role stack with the quick-create link, then copy the PeerRole ARN from the "
                + "stack's Outputs tab in the CloudFormation console."
        case .missingClusterID:
            return "The ID of your Astro cluster: a c followed by 24 lowercase letters and digits, shown on the "
                + "cluster's page in the Astro UI."
        case .conflictingValues:
            return "You sent two different values for the same detail, so we cannot tell which one is meant: "
                + "please tell us the right one."
        case .invalidAccountID:
            return "The AWS account ID is not valid: an account ID has exactly 12 digits. You find it in the "
                + "account menu at the top right of the AWS console."
        case .invalidRegion:
            return "The AWS region is not one we recognize: please send the region code of the VPC, for example "
                + "us-east-1 or eu-west-1, as the region selector of the AWS console shows it."
        case .unsupportedPartition:
            return "The region is in an AWS partition that Astro cannot peer with (AWS GovCloud, China or an "
                + "isolated region): the VPC must be in a standard commercial AWS region."
        case .invalidVPCID:
            return "The VPC ID is not valid: a VPC ID is vpc- followed by 8 or 17 hexadecimal characters, as "
                + "listed under VPC › Your VPCs in the AWS console."
        case .invalidCIDR:
            return "The CIDR block is not valid: please send it as an IPv4 address and prefix length, for example "
                + "10.20.0.0/16, as the IPv4 CIDR column under VPC › Your VPCs shows it."
        case .cidrPrefixOutOfRange:
            return "The CIDR block's prefix length is outside what a VPC can have (between /16 and /28): please "
                + "check the IPv4 CIDR column under VPC › Your VPCs."
        case .cidrReserved:
            return "The CIDR block is in a reserved address range (such as loopback, link-local or multicast) "
                + "that cannot be routed over a peering: please send your VPC's own CIDR block."
        case .invalidPeerRoleARN:
            return "The PeerRole ARN is not valid: it looks like arn:aws:iam::<your account ID>:role/<name>. "
                + "Please copy it from the Outputs tab of the astro-peering-role stack in the CloudFormation "
                + "console."
        case .peerRoleARNIsStack:
            return "You sent the ARN of the CloudFormation stack; we need the PeerRole ARN from the stack's "
                + "Outputs tab (it starts with arn:aws:iam:: and contains :role/)."
        case .roleAccountMismatch:
            return "The PeerRole ARN belongs to a different AWS account than the account ID you sent: the "
                + "astro-peering-role stack must be created in the account that owns the VPC."
        case .accountFromRoleARN:
            return "You did not send the AWS account ID, so we took it from the PeerRole ARN: the role is created "
                + "in the account that owns the VPC; nothing needs to change."
        case .invalidClusterID:
            return "The Astro cluster ID is not valid: it is a c followed by 24 lowercase letters and digits, "
                + "shown on the cluster's page in the Astro UI."
        case .cidrHostBitsSet:
            return "The CIDR block has host bits set, so we read it as the network block below: please confirm "
                + "that this is your VPC's CIDR block (the IPv4 CIDR column under VPC › Your VPCs)."
        case .cidrPublic:
            return "The CIDR block is outside the private address ranges (10.0.0.0/8, 172.16.0.0/12, "
                + "192.168.0.0/16): please confirm that it is your VPC's CIDR block."
        case .cidrDockerBridge:
            return "The CIDR block overlaps 172.17.0.0/16, Docker's default bridge network, so containers may not "
                + "reach addresses in it: please confirm that this is the right block."
        case .normalized:
            return "We read one of the values in a slightly different format than it was written (for example "
                + "an account ID without dashes); nothing needs to change."
        case .unknownCluster:
            return "We could not find an Astro cluster with that ID: please copy the ID again from the cluster's "
                + "page in the Astro UI."
        case .clusterNotAWS:
            return "The cluster you named does not run on AWS, so it cannot be peered with an AWS VPC. We will "
                + "check with your team which Astro cluster the VPC should reach and come back to you."
        case .clusterNotActive:
            return "The cluster is not active yet (or no longer), and a peering can only be set up for an active "
                + "cluster. We will set it up as soon as the cluster is active; you do not need to write again."
        case .clusterNotPeerable:
            return "The cluster is a standard hosted cluster, which cannot be peered with a VPC: peering needs a "
                + "dedicated (or hybrid) cluster. We will follow up with you about the options for your deployment."
        case .requesterNotAuthorized:
            return "We can only act on requests sent from an email address of the organization that owns the "
                + "cluster."
        case .accountIsClusterAccount:
            return "The account ID you sent is the Astro cluster's AWS account (the value for the stack's Peer "
                + "Owner IDs parameter), not yours: please send the 12-digit ID of the AWS account that owns your "
                + "VPC."
        case .vpcIsClusterVPC:
            return "The VPC ID you sent is the Astro cluster's own VPC: please send the ID of your VPC "
                + "(VPC › Your VPCs in your AWS console)."
        case .cidrOverlapsCluster:
            return "Your VPC's CIDR block overlaps the Astro VPC's CIDR block, and peered VPCs cannot have "
                + "overlapping addresses: please peer a VPC whose CIDR blocks do not overlap it."
        case .cidrOverlapsPeering:
            return "Your VPC's CIDR block overlaps the CIDR block of another VPC already peered with this cluster, "
                + "and the cluster cannot route to both: please peer a VPC whose CIDR blocks do not overlap it."
        case .duplicatePeering:
            return "This VPC is already peered with the cluster, so no new peering is needed. We are checking the "
                + "existing peering; if it does not work for you, tell us what you see."
        case .peeringQuotaReached:
            return "The cluster has reached the maximum number of VPC peerings, so an existing peering must go "
                + "before we can add another. We will contact you about which one."
        case .regionDiffersFromCluster:
            return "Your VPC is in a different AWS region than the Astro cluster. Inter-region peering works, but "
                + "AWS charges inter-region data transfer, and security groups cannot reference the peer VPC's "
                + "security groups across regions: please confirm the region, or that you intend an "
                + "inter-region peering."
        case .autoGenerated:
            return "Your message looked automatically generated (an auto-reply, a delivery report or list mail), "
                + "so it was not handled as a request."
        case .senderUnauthenticated:
            return "Our mail server could not confirm that your message came from your domain (its DMARC check "
                + "failed): please write from your organization's mail system; your mail administrator can check "
                + "the domain's SPF, DKIM and DMARC settings."
        case .unparseable:
            return "We could not read your message as a peering request: please send the six details (AWS "
                + "account ID, region, VPC ID, VPC CIDR block, PeerRole ARN and Astro cluster ID) as plain text "
                + "in the body of an email."
        case .duplicateRequest:
            return "We already have an open request for this VPC, so we are handling both together; we will come "
                + "back to you."
        case .changeHeld:
            return "We are checking the changed details of your latest message against the peering we are already "
                + "setting up; we will come back to you."
        }
    }

    /// Problems only Astro support can resolve (the cluster's kind, cloud or state, an existing
    /// peering, the quota): a reply says what happens next, never asks the customer to fix them.
    public var isOursToResolve: Bool {
        switch self {
        case .clusterNotAWS, .clusterNotActive, .clusterNotPeerable, .duplicatePeering, .peeringQuotaReached:
            return true
        default:
            return false
        }
    }

    /// Findings about the desk's own work (a second ticket for the same VPC, a change held for
    /// staff) are for support only: a reply never lists them to the customer.
    public var isForStaffOnly: Bool {
        switch self {
        case .duplicateRequest, .changeHeld: return true
        default: return false
        }
    }

    /// Whether the finding's own message (which names the values involved) is worth showing
    /// under the explanation; a missing detail's message only repeats it.
    var showsFindingMessage: Bool {
        switch self {
        case .missingAccountID, .missingRegion, .missingVPCID, .missingCIDR, .missingPeerRoleARN, .missingClusterID:
            return false
        default:
            return true
        }
    }

    /// Whether the finding concerns the role stack, whose Peer Owner IDs parameter is the
    /// cluster's AWS account.
    var involvesRoleStack: Bool {
        switch self {
        case .missingPeerRoleARN, .invalidPeerRoleARN, .peerRoleARNIsStack, .roleAccountMismatch,
            .accountIsClusterAccount:
            return true
        default:
            return false
        }
    }
}
