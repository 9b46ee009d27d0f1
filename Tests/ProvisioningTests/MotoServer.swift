import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A moto server (an EC2/STS/IAM look-alike, `pip install 'moto[server]'`) on a free loopback
/// port, for one test, and the AWS CLI pointed at it. moto's default account, 123456789012, is
/// the customer's; the cluster's account (406793422161) is reached by assuming a role into it,
/// which moto allows for any role ARN.
final class MotoServer {
    /// `moto_server` and `aws` are both on PATH: the integration tests run only then.
    static let isAvailable = executable("moto_server") != nil && executable("aws") != nil

    static let customerAccount = "123456789012"
    static let clusterAccount = "406793422161"

    let port: Int
    private let process: Process
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerdesk-moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try Self.freePort()
        process = Process()
        guard let server = Self.executable("moto_server") else { throw MotoError(message: "no moto_server on PATH") }
        process.executableURL = server
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        let log = folder.appendingPathComponent("moto.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !Self.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                throw MotoError(message: "moto_server did not start on port \(port)")
            }
            usleep(50_000)
        }
    }

    deinit {
        // moto_server (werkzeug) does not stop on SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// What every AWS CLI run against this server gets: the endpoint, fake keys of the customer's
    /// account, a region, and no profile or config of the machine's.
    var environment: [String: String?] {
        [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)",
            "AWS_ACCESS_KEY_ID": "testing-customer",
            "AWS_SECRET_ACCESS_KEY": "testing-customer",
            "AWS_SESSION_TOKEN": nil,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_PROFILE": nil,
            "AWS_DEFAULT_PROFILE": nil,
            "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
            "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
        ]
    }

    /// The environment of the cluster account: keys of a role assumed into it.
    func clusterEnvironment() throws -> [String: String?] {
        let answer = try aws([
            "sts", "assume-role", "--role-arn", "arn:aws:iam::\(Self.clusterAccount):role/astro-support",
            "--role-session-name", "tests",
        ])
        let credentials = try #require(answer["Credentials"] as? [String: Any])
        var environment = self.environment
        environment["AWS_ACCESS_KEY_ID"] = credentials["AccessKeyId"] as? String
        environment["AWS_SECRET_ACCESS_KEY"] = credentials["SecretAccessKey"] as? String
        environment["AWS_SESSION_TOKEN"] = credentials["SessionToken"] as? String
        return environment
    }

    /// Runs `aws … --output json` against the server; its JSON answer.
    @discardableResult
    func aws(_ arguments: [String], environment overrides: [String: String?]? = nil) throws -> [String: Any] {
        let process = Process()
        guard let cli = Self.executable("aws") else { throw MotoError(message: "no aws on PATH") }
        process.executableURL = cli
        process.arguments = arguments + ["--output", "json"]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides ?? self.environment { environment[key] = value }
        process.environment = environment
        let output = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let errors = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: output)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
            throw MotoError(message: "aws \(arguments.joined(separator: " ")): \(message)")
        }
        if data.isEmpty { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A VPC; its ID.
    func createVPC(_ cidr: String, region: String, environment: [String: String?]? = nil) throws -> String {
        let answer = try aws(["ec2", "create-vpc", "--cidr-block", cidr, "--region", region], environment: environment)
        let vpc = try #require(answer["Vpc"] as? [String: Any])
        return try #require(vpc["VpcId"] as? String)
    }

    /// The peerings the cluster's VPC requested.
    func peerings(of vpc: String, region: String, environment: [String: String?]) throws -> [[String: Any]] {
        let answer = try aws(["ec2", "describe-vpc-peering-connections", "--region", region], environment: environment)
        let all = answer["VpcPeeringConnections"] as? [[String: Any]] ?? []
        return all.filter { ($0["RequesterVpcInfo"] as? [String: Any])?["VpcId"] as? String == vpc }
    }

    /// The route tables of a VPC: table ID → destination → target peering.
    func routes(of vpc: String, region: String, environment: [String: String?]) throws -> [String: [String: String]] {
        let answer = try aws(
            ["ec2", "describe-route-tables", "--region", region, "--filters", "Name=vpc-id,Values=\(vpc)"],
            environment: environment
        )
        var result: [String: [String: String]] = [:]
        for table in answer["RouteTables"] as? [[String: Any]] ?? [] {
            guard let id = table["RouteTableId"] as? String else { continue }
            var routes: [String: String] = [:]
            for route in table["Routes"] as? [[String: Any]] ?? [] {
                if let destination = route["DestinationCidrBlock"] as? String {
                    routes[destination] =
                        route["VpcPeeringConnectionId"] as? String ?? route["GatewayId"] as? String ?? "?"
                }
            }
            result[id] = routes
        }
        return result
    }

    static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoError(message: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw MotoError(message: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw MotoError(message: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }
}

struct MotoError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
