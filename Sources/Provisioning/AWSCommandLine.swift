import Foundation
public import PeeringModel
import Subprocess

/// `PeeringCloud` through the AWS CLI (`aws … --output json`): every credential source the CLI
/// supports (profiles, SSO, environment, `credential_process`, instance roles) works without
/// code of ours, and `AWS_ENDPOINT_URL` is honoured.
///
/// The environment is inherited. `profile` adds `--profile` to the cluster account's calls; the
/// accept call runs with the assumed role's keys in its own environment (and no profile), so
/// they never reach a command line, a file or our own process's environment.
public struct AWSCommandLine: PeeringCloud {
    public var profile: String?
    /// The `aws` executable's name, looked up on PATH.
    public var executable: String
    /// Variables set (or with `nil`, removed) in every child's environment, over the inherited ones.
    public var environment: [String: String?]

    public init(profile: String? = nil, executable: String = "aws", environment: [String: String?] = [:]) {
        self.profile = profile
        self.executable = executable
        self.environment = environment
    }

    // MARK: PeeringCloud

    public func callerIdentity(region: String) async throws(AWSError) -> CallerIdentity {
        let json = try await run("GetCallerIdentity", ["sts", "get-caller-identity"], region: region)
        return CallerIdentity(account: json["Account"].string ?? "", arn: json["Arn"].string ?? "")
    }

    public func describeVPC(_ vpc: VPCID, region: String) async throws(AWSError) -> VPCDescription? {
        let json: JSONValue
        do {
            json = try await run("DescribeVpcs", ["ec2", "describe-vpcs", "--vpc-ids", vpc.rawValue], region: region)
        } catch  where error.code == "InvalidVpcID.NotFound" {
            return nil
        }
        guard let first = json["Vpcs"].array.first(where: { $0["VpcId"].string == vpc.rawValue }) else { return nil }
        var cidrs: [IPv4CIDR] = []
        let primary = first["CidrBlock"].string.flatMap { try? IPv4CIDR(parsing: $0) }
        if let primary { cidrs.append(primary) }
        for association in first["CidrBlockAssociationSet"].array {
            let state = association["CidrBlockState"]["State"].string ?? "associated"
            guard state == "associated", let text = association["CidrBlock"].string,
                let cidr = try? IPv4CIDR(parsing: text), !cidrs.contains(cidr)
            else { continue }
            cidrs.append(cidr)
        }
        return VPCDescription(id: vpc.rawValue, ownerID: first["OwnerId"].string ?? "", cidrs: cidrs)
    }

    public func describePeerings(
        requesterVPC: VPCID,
        id: PeeringID?,
        region: String
    ) async throws(AWSError) -> [PeeringConnection] {
        var arguments = ["ec2", "describe-vpc-peering-connections"]
        if let id {
            arguments += ["--vpc-peering-connection-ids", id.rawValue]
        } else {
            arguments += ["--filters", "Name=requester-vpc-info.vpc-id,Values=\(requesterVPC.rawValue)"]
        }
        let json: JSONValue
        do {
            json = try await run("DescribeVpcPeeringConnections", arguments, region: region)
        } catch  where error.code == "InvalidVpcPeeringConnectionID.NotFound" {
            return []
        }
        // Filtered here too: not every EC2 endpoint (moto among them) applies every filter.
        return json["VpcPeeringConnections"].array.map(Self.peering)
            .filter { $0.requester.vpcID == requesterVPC.rawValue && (id == nil || $0.id == id?.rawValue) }
    }

    public func createPeering(_ request: PeeringCreation, region: String) async throws(AWSError) -> PeeringConnection {
        let tags = request.tags.sorted { $0.key < $1.key }.map { "{Key=\($0.key),Value=\($0.value)}" }
            .joined(separator: ",")
        let json = try await run(
            "CreateVpcPeeringConnection",
            [
                "ec2", "create-vpc-peering-connection", "--vpc-id", request.vpc.rawValue, "--peer-vpc-id",
                request.peerVPC.rawValue, "--peer-owner-id", request.peerOwner.rawValue, "--peer-region",
                request.peerRegion, "--tag-specifications", "ResourceType=vpc-peering-connection,Tags=[\(tags)]",
            ],
            region: region
        )
        return Self.peering(json["VpcPeeringConnection"])
    }

    public func createTags(resource: String, tags: [String: String], region: String) async throws(AWSError) {
        let pairs = tags.sorted { $0.key < $1.key }.map { "Key=\($0.key),Value=\($0.value)" }
        _ = try await run(
            "CreateTags",
            ["ec2", "create-tags", "--resources", resource, "--tags"] + pairs,
            region: region,
            expectsOutput: false
        )
    }

    public func assumeRole(
        _ role: RoleARN,
        sessionName: String,
        durationSeconds: Int,
        region: String
    ) async throws(AWSError) -> TemporaryCredentials {
        let json = try await run(
            "AssumeRole",
            [
                "sts", "assume-role", "--role-arn", role.description, "--role-session-name", sessionName,
                "--duration-seconds", String(durationSeconds),
            ],
            region: region
        )
        let credentials = json["Credentials"]
        guard let key = credentials["AccessKeyId"].string, let secret = credentials["SecretAccessKey"].string,
            let token = credentials["SessionToken"].string
        else {
            throw AWSError(operation: "AssumeRole", code: nil, message: "the answer had no credentials")
        }
        return TemporaryCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
    }

    public func acceptPeering(
        _ id: PeeringID,
        region: String,
        credentials: TemporaryCredentials
    ) async throws(AWSError) -> PeeringConnection {
        let json = try await run(
            "AcceptVpcPeeringConnection",
            ["ec2", "accept-vpc-peering-connection", "--vpc-peering-connection-id", id.rawValue],
            region: region,
            credentials: credentials
        )
        return Self.peering(json["VpcPeeringConnection"])
    }

    public func describeRouteTables(vpc: VPCID, region: String) async throws(AWSError) -> [RouteTable] {
        let json = try await run(
            "DescribeRouteTables",
            ["ec2", "describe-route-tables", "--filters", "Name=vpc-id,Values=\(vpc.rawValue)"],
            region: region
        )
        return json["RouteTables"].array.filter { $0["VpcId"].string == vpc.rawValue }.map { table in
            RouteTable(
                id: table["RouteTableId"].string ?? "",
                routes: table["Routes"].array.compactMap { route in
                    guard let destination = route["DestinationCidrBlock"].string else { return nil }
                    let other = ["GatewayId", "NatGatewayId", "TransitGatewayId", "InstanceId", "NetworkInterfaceId"]
                        .lazy.compactMap { route[$0].string }.first
                    return RouteTable.Route(
                        destination: destination,
                        peeringID: route["VpcPeeringConnectionId"].string,
                        otherTarget: other,
                        state: route["State"].string
                    )
                }
            )
        }.sorted { $0.id < $1.id }
    }

    public func createRoute(
        table: String,
        destination: IPv4CIDR,
        peering: PeeringID,
        region: String
    ) async throws(AWSError) {
        _ = try await run(
            "CreateRoute",
            [
                "ec2", "create-route", "--route-table-id", table, "--destination-cidr-block", destination.description,
                "--vpc-peering-connection-id", peering.rawValue,
            ],
            region: region
        )
    }

    // MARK: Running the CLI

    /// Runs one call; its JSON answer, or AWS's error.
    private func run(
        _ operation: String,
        _ arguments: [String],
        region: String,
        credentials: TemporaryCredentials? = nil,
        expectsOutput: Bool = true
    ) async throws(AWSError) -> JSONValue {
        var overrides: [Environment.Key: String?] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { overrides[key] = value }
        }
        // CLI v2 would page long answers through `less`.
        overrides["AWS_PAGER"] = ""
        var all = arguments + ["--region", region, "--output", "json"]
        if let credentials {
            // The assumed role, for this one child only; no profile, or it would win over them.
            overrides["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
            overrides["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            overrides["AWS_SESSION_TOKEN"] = credentials.sessionToken
            overrides["AWS_PROFILE"] = .some(nil)
            overrides["AWS_DEFAULT_PROFILE"] = .some(nil)
        } else if let profile, !profile.isEmpty {
            all += ["--profile", profile]
        }
        let outcome: (exitedOK: Bool, status: String, output: String, error: String)
        do {
            let result = try await Subprocess.run(
                .name(executable),
                arguments: Arguments(all),
                environment: .inherit.updating(overrides),
                output: .string(limit: 16 << 20),
                error: .string(limit: 1 << 20)
            )
            let exitedOK = if case .exited(0) = result.terminationStatus { true } else { false }
            outcome = (exitedOK, "\(result.terminationStatus)", result.standardOutput, result.standardError)
        } catch {
            throw AWSError(
                operation: operation,
                code: nil,
                message: "cannot run the AWS CLI (\(executable)): \(error); install it (pip install awscli, or AWS "
                    + "CLI v2) and put it on PATH"
            )
        }
        guard outcome.exitedOK else {
            throw AWSError.parse(operation: operation, standardError: outcome.error, status: outcome.status)
        }
        let text = outcome.output
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if expectsOutput {
                throw AWSError(operation: operation, code: nil, message: "the AWS CLI gave no answer")
            }
            return .null
        }
        guard let value = JSONValue.parse(text) else {
            // The answer is not shown: it may hold credentials.
            throw AWSError(operation: operation, code: nil, message: "the AWS CLI's answer is not JSON")
        }
        return value
    }

    static func peering(_ json: JSONValue) -> PeeringConnection {
        func side(_ info: JSONValue) -> PeeringSide {
            var cidrs: [IPv4CIDR] = []
            let primary = info["CidrBlock"].string.flatMap { try? IPv4CIDR(parsing: $0) }
            if let primary { cidrs.append(primary) }
            for block in info["CidrBlockSet"].array {
                if let text = block["CidrBlock"].string, let cidr = try? IPv4CIDR(parsing: text), !cidrs.contains(cidr)
                {
                    cidrs.append(cidr)
                }
            }
            return PeeringSide(
                vpcID: info["VpcId"].string ?? "",
                ownerID: info["OwnerId"].string ?? "",
                region: info["Region"].string ?? "",
                cidrs: cidrs
            )
        }
        var tags: [String: String] = [:]
        for tag in json["Tags"].array {
            if let key = tag["Key"].string { tags[key] = tag["Value"].string ?? "" }
        }
        return PeeringConnection(
            id: json["VpcPeeringConnectionId"].string ?? "",
            status: json["Status"]["Code"].string ?? "",
            statusMessage: json["Status"]["Message"].string,
            requester: side(json["RequesterVpcInfo"]),
            accepter: side(json["AccepterVpcInfo"]),
            tags: tags
        )
    }
}

/// Just enough JSON for the CLI's answers: subscripts that give `.null` for what is missing.
enum JSONValue: Sendable {
    case null
    case string(String)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])

    static func parse(_ text: String) -> JSONValue? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        else { return nil }
        return JSONValue(any: object)
    }

    init(any: Any) {
        switch any {
        case let text as String: self = .string(text)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let list as [Any]: self = .array(list.map(JSONValue.init(any:)))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(any:)))
        default: self = .null
        }
    }

    subscript(key: String) -> JSONValue {
        if case .object(let object) = self { return object[key] ?? .null }
        return .null
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let list) = self { return list }
        return []
    }
}
