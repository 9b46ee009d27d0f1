import ArgumentParser
import Foundation
import PeeringModel
import Runbook

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Advance a ticket through the runbook (or --undo its latest step).",
        discussion: """
            Steps, in order, and their guards:
              details-received      automatic: all six details are present
              validated             automatic: no error findings (re-evaluated on every change)
              peering-requested     needs validated; give --peering-id pcx-… (the peering you initiated)
              routes-created        needs peering-requested
              reply-sent            needs routes-created
              customer-route-added  needs reply-sent
              role-stack-deleted    optional; needs peering-requested

            A refused step changes nothing, says which guard failed, and exits 2. --undo undoes \
            the latest step support did. Every step and undo is an event with who (--by, default \
            the login name) and when; two people stepping the same ticket at once never lose one.

            Examples:
              peerdesk step PD-12 peering-requested --peering-id pcx-0a1b2c3d4e5f67890
              peerdesk step PD-12 routes-created --note "rtb-0abc and rtb-0def"
              peerdesk step PD-12 --undo
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Argument(
        help: ArgumentHelp("The step to do (omit with --undo).", valueName: "step"),
        transform: { text in
            guard let step = RunbookStep(rawValue: text) else {
                let names = RunbookStep.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown step \"\(text)\"; steps are: \(names)")
            }
            return step
        }
    )
    var step: RunbookStep?

    @Option(
        name: .customLong("peering-id"),
        help: ArgumentHelp("The VPC peering ID (peering-requested).", valueName: "pcx-…")
    )
    var peeringID: String?

    @Option(help: ArgumentHelp("Who did it (default: the login name).", valueName: "name"))
    var by: String?

    @Option(help: ArgumentHelp("A note kept with the event.", valueName: "text"))
    var note: String?

    @Flag(help: "Undo the latest step done by support.")
    var undo = false

    func validate() throws {
        if undo && step != nil { throw ValidationError("give either a step or --undo, not both") }
        if !undo && step == nil { throw ValidationError("name the step to do (or --undo); see peerdesk step --help") }
        if undo && peeringID != nil { throw ValidationError("--peering-id goes with peering-requested, not --undo") }
    }

    func run() throws {
        let id = try TicketCommands.reference(ticket)
        let store = TicketStore(database: try global.openDatabase())
        let actor = by.map(Terminal.sanitize) ?? TicketCommands.loginName
        let action: String
        let done: RunbookStep
        let updated: Ticket
        do {
            if undo {
                let result = try store.undo(ticket: id, actor: actor, note: note)
                (action, done, updated) = ("undone", result.step, result.ticket)
            } else if let step {
                updated = try store.step(step, ticket: id, peeringID: peeringID, actor: actor, note: note)
                (action, done) = ("done", step)
            } else {
                throw CLIError(message: "name the step to do")
            }
        } catch let error as RunbookError {
            throw CLIError(message: error.description)
        }
        let outcome = StepOutcome(ticket: updated, step: done, action: action, actor: actor)
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(outcome))
        case .table: Terminal.write(Terminal.sanitize(outcome.line))
        }
    }
}

struct Reject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Close a ticket without peering, with the reason.",
        discussion: """
            The rejection is an event (who, when, why); the ticket's status becomes rejected and no \
            step can be done on it. Example: peerdesk reject PD-12 --reason "customer cancelled"
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Option(help: ArgumentHelp("Why the ticket is closed without peering.", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("Who rejected it (default: the login name).", valueName: "name"))
    var by: String?

    func run() throws {
        let id = try TicketCommands.reference(ticket)
        let store = TicketStore(database: try global.openDatabase())
        let actor = by.map(Terminal.sanitize) ?? TicketCommands.loginName
        let updated: Ticket
        do {
            updated = try store.reject(ticket: id, reason: reason, actor: actor)
        } catch {
            throw CLIError(message: error.description)
        }
        let outcome = StepOutcome(ticket: updated, step: nil, action: "rejected", actor: actor)
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(outcome))
        case .table: Terminal.write(Terminal.sanitize(outcome.line))
        }
    }
}

/// What `step` and `reject` print.
struct StepOutcome: Encodable {
    var ticket: Ticket
    var step: RunbookStep?
    var action: String
    var actor: String

    var line: String {
        var text = "\(ticket.reference): "
        text += step.map { "\($0.rawValue) \(action)" } ?? action
        text += " by \(actor)"
        if step == .peeringRequested, action == "done", let peering = ticket.peeringID { text += " (\(peering))" }
        text += "; status \(ticket.status.rawValue)"
        if let next = ticket.nextStep { text += ", next \(next.rawValue)" }
        return text
    }

    private enum CodingKeys: String, CodingKey {
        case ticket, step, action, by, status
        case nextStep = "next_step"
        case peeringID = "peering_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket.reference, forKey: .ticket)
        try container.encode(step?.rawValue, forKey: .step)
        try container.encode(action, forKey: .action)
        try container.encode(actor, forKey: .by)
        try container.encode(ticket.status.rawValue, forKey: .status)
        try container.encode(ticket.nextStep?.rawValue, forKey: .nextStep)
        try container.encode(ticket.peeringID, forKey: .peeringID)
    }
}
