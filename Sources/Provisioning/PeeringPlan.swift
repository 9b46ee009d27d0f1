/// One AWS call (or one step recorded on the ticket) that `apply` makes or would make: the
/// command with its arguments, the account and region it runs in, and what is already in place.
public struct PeeringAction: Sendable, Hashable, Encodable {
    public enum State: String, Sendable, Hashable, Encodable {
        /// A read that checks something (`get-caller-identity`, `describe-vpcs`).
        case check
        /// Already in place: nothing to do.
        case exists
        /// `apply` would do it.
        case toDo = "to-do"
        /// Not needed (the peering is already active: no role to assume, nothing to accept).
        case notNeeded = "not-needed"
        /// In the way: `apply` would stop here (`detail` says why).
        case conflict
    }

    /// `ec2 create-route`, `sts assume-role`, `peerdesk step`.
    public var command: String
    public var arguments: [String]
    public var account: String
    public var region: String
    public var state: State
    public var detail: String?

    public init(
        command: String,
        arguments: [String],
        account: String,
        region: String,
        state: State,
        detail: String? = nil
    ) {
        self.command = command
        self.arguments = arguments
        self.account = account
        self.region = region
        self.state = state
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case command, arguments, account, region, state, detail
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(command, forKey: .command)
        try container.encode(arguments, forKey: .arguments)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(state, forKey: .state)
        try container.encode(detail, forKey: .detail)
    }
}

/// What `apply` would do for a ticket, found by reading AWS (nothing is changed).
public struct PeeringPlan: Sendable {
    public var target: PeeringTarget
    public var actions: [PeeringAction]
    /// The ticket's live peering between the two VPCs, if there is one.
    public var existingPeering: PeeringConnection?
    public var routeTables: [RouteTable]

    /// Whether `apply` would change anything.
    public var hasChanges: Bool { actions.contains { $0.state == .toDo || $0.state == .conflict } }

    /// The first action in the way: `apply` stops before changing anything when there is one.
    public var conflict: PeeringAction? { actions.first { $0.state == .conflict } }

    /// The plan's actions as one short, stable text (FNV-1a, 64 bits, in hex): a plan shown to
    /// someone and the plan `apply` finds later are the same plan when their fingerprints are.
    /// It detects a change in AWS or on the ticket between the two; it is not a secret.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x0000_0100_0000_01b3
        }
        add(target.reference)
        for action in actions {
            add(action.command)
            action.arguments.forEach(add)
            add(action.account)
            add(action.region)
            add(action.state.rawValue)
            add(action.detail ?? "")
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// What `apply` did: each action with its result.
public struct ActionResult: Sendable, Hashable, Encodable {
    public enum Outcome: String, Sendable, Hashable, Encodable {
        case checked, created, reused, exists, tagged, assumed, accepted, active, recorded
        case alreadyRecorded = "already-recorded"
    }

    public var ticket: String
    public var command: String
    public var account: String
    public var region: String
    public var result: Outcome
    public var detail: String

    public init(ticket: String, command: String, account: String, region: String, result: Outcome, detail: String) {
        self.ticket = ticket
        self.command = command
        self.account = account
        self.region = region
        self.result = result
        self.detail = detail
    }
}

/// What `verify` found: each check, passed or not.
public struct VerifyCheck: Sendable, Hashable, Encodable {
    public var ticket: String
    /// `peering`, `accepter`, `route`, `cidr`.
    public var check: String
    public var subject: String
    public var ok: Bool
    public var detail: String

    public init(ticket: String, check: String, subject: String, ok: Bool, detail: String) {
        self.ticket = ticket
        self.check = check
        self.subject = subject
        self.ok = ok
        self.detail = detail
    }
}

public struct VerifyReport: Sendable {
    public var checks: [VerifyCheck]

    public var problems: [VerifyCheck] { checks.filter { !$0.ok } }
    public var isOK: Bool { problems.isEmpty }
}
