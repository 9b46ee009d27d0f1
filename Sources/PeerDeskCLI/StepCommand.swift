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

    @OptionGroup var who: ActorOption

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
        let id = try TicketReference.parse(ticket)
        let store = try global.openStore()
        let actor = who.actor
        let outcome: StepOutcome
        if undo {
            let result = try store.undo(ticket: id, actor: actor, note: note)
            outcome = StepOutcome(ticket: result.ticket, step: result.step, action: .undone, actor: actor)
        } else if let step {
            let updated = try store.step(step, ticket: id, peeringID: peeringID, actor: actor, note: note)
            outcome = StepOutcome(ticket: updated, step: step, action: .done, actor: actor)
        } else {
            throw CLIError(message: "name the step to do")
        }
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

    @OptionGroup var who: ActorOption

    func run() throws {
        let id = try TicketReference.parse(ticket)
        let store = try global.openStore()
        let actor = who.actor
        let updated = try store.reject(ticket: id, reason: reason, actor: actor)
        let outcome = StepOutcome(ticket: updated, step: nil, action: .rejected, actor: actor)
        switch output.format {
        case .json: Terminal.write(try JSONLines.encode(outcome))
        case .table: Terminal.write(Terminal.sanitize(outcome.line))
        }
    }
}
