import ArgumentParser
import Foundation
import Provisioning
import Runbook

struct PeeringCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peering",
        abstract: "Execute a ticket's peering in AWS: plan, apply, verify (through the AWS CLI).",
        discussion: """
            The AWS CLI (`aws`) runs every call, with any credential source it supports (profiles, \
            SSO, environment, credential_process, instance roles); AWS_ENDPOINT_URL is honoured. The \
            cluster account's credentials come from --profile NAME, else the cluster's aws_profile in \
            the registry, else the environment (AWS_PROFILE, ...). Credentials are never stored, \
            logged or shown.

            Examples:
              peerdesk peering plan PD-12
              peerdesk peering apply PD-12 --profile astro-prod
              peerdesk peering verify PD-12
            """,
        subcommands: [PeeringPlanCommand.self, PeeringApplyCommand.self, PeeringVerifyCommand.self]
    )
}

/// What the three subcommands share: the ticket, the profile, and the provisioner.
struct PeeringOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Option(help: ArgumentHelp("The AWS CLI profile of the cluster's account.", valueName: "name"))
    var profile: String?

    func provisioner(_ global: GlobalOptions) throws -> (id: Int64, provisioner: PeeringProvisioner) {
        let id = try TicketReference.parse(ticket)
        let store = try global.openStore()
        let provisioner = PeeringProvisioner(
            store: store,
            progress: { line in Terminal.writeError("peerdesk: \(Terminal.sanitize(line))") },
            makeCloud: { profile in AWSCommandLine(profile: profile) }
        )
        return (id, provisioner)
    }
}

struct PeeringPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The AWS actions apply would take, and what already exists; nothing is changed.",
        discussion: """
            Reads AWS (get-caller-identity, describe-vpcs, describe-vpc-peering-connections, \
            describe-route-tables) and lists each call with its arguments, the account and region it \
            runs in, and its state: check, exists, to-do, not-needed, or conflict (apply would stop).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var peering: PeeringOptions

    func run() async throws {
        let (id, provisioner) = try peering.provisioner(global)
        let plan = try await provisioner.plan(ticket: id, profile: peering.profile)
        switch output.format {
        case .json:
            for action in plan.actions { Terminal.write(try JSONLines.encode(action)) }
        case .table:
            Terminal.write(PeeringText.plan(plan))
        }
    }
}

struct PeeringApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the peering, accept it with the customer's PeerRole, create the routes, record the steps.",
        discussion: """
            Only a ready ticket (validated, no error findings, requester authorized) is peered; one \
            with peering-requested done is finished. Shows the plan and asks first, unless --yes; \
            when standard input is not a terminal it refuses without --yes. Checks that the \
            credentials are the cluster's account and that AWS agrees with the registry about its \
            VPC and CIDRs; creates or reuses the peering (tag peerdesk:ticket=PD-12); assumes the \
            PeerRole (session peerdesk-PD-12, 15 minutes) and accepts in the customer's region; \
            waits for active; creates the routes in every route table of the cluster's VPC; records \
            peering-requested and routes-created by --by. Run it again at any point after a failure: \
            it finishes the rest and never creates a second peering or a duplicate route.

            Exit status: 0 done; 1 AWS refused or failed (the message says what to do; the \
            ticket's steps are as they were); 2 usage or input error (not ready, wrong account, \
            AWS disagrees with the registry, not confirmed).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var peering: PeeringOptions
    @OptionGroup var who: ActorOption

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func run() async throws {
        let (id, provisioner) = try peering.provisioner(global)
        let yes = yes
        let format = output.format
        if !yes, isatty(STDIN_FILENO) != 1 {
            throw CLIError(
                message: "\(TicketReference.format(id)): standard input is not a terminal, so apply cannot ask: "
                    + "give --yes to apply without asking (peerdesk peering plan shows what it would do); "
                    + "nothing was changed"
            )
        }
        _ = try await provisioner.apply(
            ticket: id,
            actor: who.actor,
            profile: peering.profile,
            confirm: { plan in
                if yes { return true }
                Terminal.writeError(PeeringText.plan(plan))
                FileHandle.standardError.write(
                    Data("Apply these changes in AWS for \(plan.target.reference)? [y/N] ".utf8)
                )
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                return answer == "y" || answer == "yes"
            },
            report: { action in
                switch format {
                case .json: if let line = try? JSONLines.encode(action) { Terminal.write(line) }
                case .table: Terminal.write(Terminal.sanitize(PeeringText.result(action)))
                }
            }
        )
    }
}

struct PeeringVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Read AWS: the peering is active, the routes exist, the customer's CIDRs are their VPC's.",
        discussion: """
            Exit status: 0 everything is in place; 1 something is wrong (each problem is listed); \
            2 usage or input error.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var peering: PeeringOptions

    func run() async throws {
        let (id, provisioner) = try peering.provisioner(global)
        let report = try await provisioner.verify(ticket: id, profile: peering.profile)
        switch output.format {
        case .json:
            for check in report.checks { Terminal.write(try JSONLines.encode(check)) }
        case .table:
            var table = TextTable(["CHECK", "SUBJECT", "RESULT", "DETAIL"])
            for check in report.checks {
                table.append([check.check, check.subject, check.ok ? "ok" : "PROBLEM", check.detail])
            }
            Terminal.write(table.render())
        }
        if !report.isOK {
            let reference = TicketReference.format(id)
            Terminal.writeError("peerdesk: \(reference): verify found \(report.problems.count) problem(s)")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
    }
}

/// How plans and results read in a terminal.
enum PeeringText {
    static func plan(_ plan: PeeringPlan) -> String {
        let target = plan.target
        var table = TextTable(["STATE", "COMMAND", "ACCOUNT", "REGION", "ARGUMENTS", "DETAIL"])
        for action in plan.actions {
            table.append([
                action.state.rawValue, action.command, action.account, action.region,
                action.arguments.joined(separator: " "), action.detail ?? "",
            ])
        }
        return Terminal.sanitize("\(target.reference): \(target.summary)") + "\n" + table.render()
    }

    static func result(_ action: ActionResult) -> String {
        let place = action.account == "-" ? "" : "  (account \(action.account), \(action.region))"
        return "\(action.ticket)  \(action.result.rawValue)  \(action.command)  \(action.detail)\(place)"
    }
}
