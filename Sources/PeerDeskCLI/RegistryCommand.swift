import ArgumentParser
import Foundation
import Logging
import PeeringModel
import Registry
import Runbook

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Import and list the cluster registry (organizations, clusters, peerings).",
        subcommands: [RegistryImport.self, RegistryList.self]
    )

    @OptionGroup var global: GlobalOptions
}

struct RegistryImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upsert organizations, clusters and peerings from CSV files.",
        discussion: """
            The kind of each file comes from its header row:
              organizations: id,name,email_domains                 (domains separated by ';')
              clusters:      id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status
              peerings:      id,cluster_id,peer_account_id,peer_vpc_id,peer_region,peer_cidrs,status

            Rows are inserted or updated by id; importing the same file twice changes nothing, and \
            rows missing from a file are kept. Files are applied organizations first, in one \
            transaction: if any row of any file is wrong, every problem is reported as FILE:LINE: \
            REASON, nothing is written, and the exit status is 2.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("Registry CSV files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one CSV file to import") }
    }

    func run() throws {
        let logger = Logger(label: "peerdesk.registry")
        var parsed: [RegistryFile] = []
        var problems: [ImportProblem] = []
        for path in files {
            do {
                let bytes = try readFile(path, limit: RegistryFile.maximumSize)
                parsed.append(try RegistryFile.parse(csv: bytes, name: path))
            } catch let error as RegistryImportError {
                problems += error.problems
            } catch let error as CLIError {
                problems.append(ImportProblem(file: path, line: nil, message: error.message))
            }
        }
        if !problems.isEmpty { throw Self.failure(problems) }

        let store = try global.openStore(.createIfMissing)
        let imported: RegistryImportResult
        do {
            imported = try store.importRegistry(parsed)
        } catch {
            throw Self.failure(error.problems)
        }
        for summary in imported.summaries {
            logger.info("imported \(summary.rows) \(summary.kind.rawValue) from \(summary.file)")
            switch output.format {
            case .json:
                Terminal.write(try JSONLines.encode(summary))
            case .table:
                let noun = summary.rows == 1 ? summary.kind.singular : summary.kind.rawValue
                Terminal.write(
                    "\(summary.file): \(summary.rows) \(noun): \(summary.inserted) new, "
                        + "\(summary.updated) updated, \(summary.unchanged) unchanged"
                )
            }
        }
        if let failure = imported.revalidationFailure {
            throw CLIError(
                message: "the registry was imported, but the open tickets could not be re-evaluated: "
                    + "\(failure.commandLineMessage); run peerdesk revalidate"
            )
        }
        // On stderr, so --format json stays one import summary per line.
        let changed = imported.changedStatus
        Terminal.writeError(
            "re-evaluated the open tickets: \(imported.revalidations.count) changed findings, "
                + "\(changed) \(changed == 1 ? "ticket" : "tickets") changed status"
        )
    }

    private static func failure(_ problems: [ImportProblem]) -> CLIError {
        let lines = problems.map { "error: \(Terminal.sanitize($0.description))" }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return CLIError(
            message: (lines + ["registry import: \(count); nothing was written"]).joined(separator: "\npeerdesk: ")
        )
    }
}

struct RegistryList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the registry: all of it, or one kind.",
        discussion: """
            With --format json, each line is one JSON object with a "kind" key \
            (organization, cluster or peering) and the CSV columns as snake_case keys; \
            lists (email_domains, vpc_cidrs, peer_cidrs) are JSON arrays, absent values null.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: "organizations, clusters or peerings (default: all three).")
    var kind: RegistryListKind?

    func run() throws {
        let database = try global.openDatabase()
        let kinds = kind.map { [$0.kind] } ?? RegistryKind.allCases
        var blocks: [String] = []
        for kind in kinds {
            do {
                switch (kind, output.format) {
                case (.organizations, .json):
                    for organization in try database.organizations() {
                        Terminal.write(try JSONLines.encode(KindTagged(kind: "organization", value: organization)))
                    }
                case (.clusters, .json):
                    for cluster in try database.clusters() {
                        Terminal.write(try JSONLines.encode(KindTagged(kind: "cluster", value: cluster)))
                    }
                case (.peerings, .json):
                    for peering in try database.peerings() {
                        Terminal.write(try JSONLines.encode(KindTagged(kind: "peering", value: peering)))
                    }
                case (.organizations, .table):
                    var table = TextTable(["ID", "NAME", "EMAIL DOMAINS"])
                    for organization in try database.organizations() {
                        table.append([
                            organization.id, organization.name, organization.emailDomains.joined(separator: ", "),
                        ])
                    }
                    blocks.append(table.render())
                case (.clusters, .table):
                    var table = TextTable([
                        "ID", "ORGANIZATION", "NAME", "DEPLOYMENT", "CLOUD", "REGION", "ACCOUNT", "VPC", "CIDRS",
                        "STATUS",
                    ])
                    for cluster in try database.clusters() {
                        table.append([
                            cluster.id.rawValue, cluster.organizationID, cluster.name, cluster.deployment.rawValue,
                            cluster.cloud.rawValue, cluster.region, cluster.awsAccountID?.rawValue ?? "-",
                            cluster.vpcID?.rawValue ?? "-", cluster.vpcCIDRs.map(\.description).joined(separator: ", "),
                            cluster.status.rawValue,
                        ])
                    }
                    blocks.append(table.render())
                case (.peerings, .table):
                    var table = TextTable([
                        "ID", "CLUSTER", "PEER ACCOUNT", "PEER VPC", "PEER REGION", "PEER CIDRS", "STATUS",
                    ])
                    for peering in try database.peerings() {
                        table.append([
                            peering.id.rawValue, peering.clusterID.rawValue, peering.peerAccountID.rawValue,
                            peering.peerVPCID.rawValue, peering.peerRegion,
                            peering.peerCIDRs.map(\.description).joined(separator: ", "), peering.status.rawValue,
                        ])
                    }
                    blocks.append(table.render())
                }
            } catch let error as RegistryError {
                throw CLIError(message: error.description)
            }
        }
        if !blocks.isEmpty {
            let titled = kinds.count > 1 ? zip(kinds, blocks).map { "\($0.rawValue.uppercased())\n\($1)" } : blocks
            Terminal.write(titled.joined(separator: "\n\n"))
        }
    }
}

/// The `registry list` argument; mirrors `RegistryKind` without a cross-module conformance.
enum RegistryListKind: String, ExpressibleByArgument, CaseIterable {
    case organizations, clusters, peerings

    var kind: RegistryKind {
        switch self {
        case .organizations: return .organizations
        case .clusters: return .clusters
        case .peerings: return .peerings
        }
    }
}

/// Reads a whole file, refusing one larger than `limit` before reading it.
func readFile(_ path: String, limit: Int) throws(CLIError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CLIError(message: "no such file")
    }
    guard !isDirectory.boolValue else { throw CLIError(message: "is a folder, not a file") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw CLIError(message: "cannot be read (permission denied?)")
    }
    defer { try? handle.close() }
    do {
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else { throw CLIError(message: "is larger than \(limit) bytes") }
        return [UInt8](data)
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError(message: "cannot be read: \(error.localizedDescription)")
    }
}
