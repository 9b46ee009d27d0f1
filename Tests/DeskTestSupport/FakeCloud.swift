public import PeeringModel
public import Provisioning
public import Synchronization

/// An in-memory EC2/STS for the flow's unit tests: one cluster account and one customer
/// account, with failures to inject. Records every call.
public final class FakeCloud: PeeringCloud {
    public struct State: Sendable {
        public var callerAccount = "406793422161"
        public var vpcs: [String: VPCDescription] = [:]
        public var peerings: [PeeringConnection] = []
        public var routeTables: [String: [RouteTable]] = [:]
        public var calls: [String] = []
        public var assumeRoleError: AWSError?
        /// The status a peering goes to when accepted (`failed` for overlapping CIDRs).
        public var statusAfterAccept = "active"
        public var createRouteError: AWSError?
        /// Throttling errors given before describe-route-tables answers.
        public var throttles = 0
        public var nextID = 1

        public init() {}
    }

    public static let secret = "FAKE-SECRET-KEY-never-shown"

    public let state: Mutex<State>

    public init(_ state: State = State()) {
        self.state = Mutex(state)
    }

    /// The demo's northwind-prod cluster VPC with two route tables, and the customer's VPC.
    public static func northwind(customerCIDR: String = "10.50.0.0/16") throws -> FakeCloud {
        var state = State()
        state.vpcs["vpc-0348f92c1409fba12"] = VPCDescription(
            id: "vpc-0348f92c1409fba12",
            ownerID: "406793422161",
            cidrs: [try IPv4CIDR(parsing: "10.10.0.0/20"), try IPv4CIDR(parsing: "10.40.0.0/20")]
        )
        state.vpcs["vpc-0abc1234def567890"] = VPCDescription(
            id: "vpc-0abc1234def567890",
            ownerID: "123456789012",
            cidrs: [try IPv4CIDR(parsing: customerCIDR)]
        )
        state.routeTables["vpc-0348f92c1409fba12"] = [
            RouteTable(id: "rtb-0000000000000000a", routes: [RouteTable.Route(destination: "10.10.0.0/20")]),
            RouteTable(id: "rtb-0000000000000000b", routes: [RouteTable.Route(destination: "10.10.0.0/20")]),
        ]
        return FakeCloud(state)
    }

    public var calls: [String] { state.withLock { $0.calls } }

    private func log(_ call: String) { state.withLock { $0.calls.append(call) } }

    public func callerIdentity(region: String) async throws(AWSError) -> CallerIdentity {
        log("get-caller-identity")
        let account = state.withLock { $0.callerAccount }
        return CallerIdentity(account: account, arn: "arn:aws:sts::\(account):assumed-role/support/me")
    }

    public func describeVPC(_ vpc: VPCID, region: String) async throws(AWSError) -> VPCDescription? {
        log("describe-vpcs")
        return state.withLock { $0.vpcs[vpc.rawValue] }
    }

    public func describePeerings(
        requesterVPC: VPCID,
        id: PeeringID?,
        region: String
    ) async throws(AWSError) -> [PeeringConnection] {
        log("describe-vpc-peering-connections")
        return state.withLock { state in
            state.peerings.filter {
                $0.requester.vpcID == requesterVPC.rawValue && (id == nil || $0.id == id?.rawValue)
            }
        }
    }

    public func createPeering(_ request: PeeringCreation, region: String) async throws(AWSError) -> PeeringConnection {
        log("create-vpc-peering-connection")
        return state.withLock { state in
            let id = "pcx-" + String(repeating: "0", count: 16) + String(state.nextID)
            state.nextID += 1
            let peering = PeeringConnection(
                id: id,
                status: "pending-acceptance",
                requester: PeeringSide(
                    vpcID: request.vpc.rawValue,
                    ownerID: state.callerAccount,
                    region: region,
                    cidrs: state.vpcs[request.vpc.rawValue]?.cidrs ?? []
                ),
                accepter: PeeringSide(
                    vpcID: request.peerVPC.rawValue,
                    ownerID: request.peerOwner.rawValue,
                    region: request.peerRegion,
                    cidrs: []
                ),
                tags: request.tags
            )
            state.peerings.append(peering)
            return peering
        }
    }

    public func createTags(resource: String, tags: [String: String], region: String) async throws(AWSError) {
        log("create-tags")
        state.withLock { state in
            for index in state.peerings.indices where state.peerings[index].id == resource {
                state.peerings[index].tags.merge(tags) { $1 }
            }
        }
    }

    public func assumeRole(
        _ role: RoleARN,
        sessionName: String,
        durationSeconds: Int,
        region: String
    ) async throws(AWSError) -> TemporaryCredentials {
        log("assume-role \(sessionName) \(durationSeconds)")
        if let error = state.withLock({ $0.assumeRoleError }) { throw error }
        return TemporaryCredentials(accessKeyID: "ASIAFAKE", secretAccessKey: Self.secret, sessionToken: "FAKE-TOKEN")
    }

    public func acceptPeering(
        _ id: PeeringID,
        region: String,
        credentials: TemporaryCredentials
    ) async throws(AWSError) -> PeeringConnection {
        log("accept-vpc-peering-connection \(region)")
        return state.withLock { state in
            guard let index = state.peerings.firstIndex(where: { $0.id == id.rawValue }) else {
                return PeeringConnection(
                    id: id.rawValue,
                    status: "deleted",
                    requester: PeeringSide(vpcID: "", ownerID: "", region: "", cidrs: []),
                    accepter: PeeringSide(vpcID: "", ownerID: "", region: "", cidrs: [])
                )
            }
            state.peerings[index].status = state.statusAfterAccept
            if state.statusAfterAccept == "failed" {
                state.peerings[index].statusMessage = "Failed due to overlapping CIDR blocks"
            }
            let accepterVPC = state.peerings[index].accepter.vpcID
            state.peerings[index].accepter.cidrs = state.vpcs[accepterVPC]?.cidrs ?? []
            return state.peerings[index]
        }
    }

    public func describeRouteTables(vpc: VPCID, region: String) async throws(AWSError) -> [RouteTable] {
        log("describe-route-tables")
        let throttled = state.withLock { state in
            guard state.throttles > 0 else { return false }
            state.throttles -= 1
            return true
        }
        if throttled {
            throw AWSError(
                operation: "DescribeRouteTables",
                code: "RequestLimitExceeded",
                message: "Request limit exceeded."
            )
        }
        return state.withLock { $0.routeTables[vpc.rawValue] ?? [] }
    }

    public func createRoute(
        table: String,
        destination: IPv4CIDR,
        peering: PeeringID,
        region: String
    ) async throws(AWSError) {
        log("create-route \(table) \(destination)")
        if let error = state.withLock({ $0.createRouteError }) { throw error }
        state.withLock { state in
            for (vpc, tables) in state.routeTables {
                for index in tables.indices where tables[index].id == table {
                    state.routeTables[vpc]?[index].routes.append(
                        RouteTable.Route(
                            destination: destination.description,
                            peeringID: peering.rawValue,
                            state: "active"
                        )
                    )
                }
            }
        }
    }
}
