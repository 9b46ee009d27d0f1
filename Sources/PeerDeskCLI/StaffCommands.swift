import ArgumentParser
import Foundation
import PeeringModel
import Runbook

/// `peerdesk set`: staff correct one of the six fields.
struct SetField: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Correct one of a ticket's six fields (or --clear it); the findings are re-evaluated.",
        discussion: """
            FIELD is the field's JSON key: \(RequestField.allCases.map(\.rawValue).joined(separator: ", ")). \
            The value is checked like a customer's (exit 2 when it is not valid; nothing changes), \
            stored in its canonical form, and recorded as a field-set event with the old and new \
            value. vpc_cidrs takes several values.

            From then on the field is staff's: a customer's later, different value is not applied \
            but held as a change-held finding; setting the field again accepts or overrides it.

            Examples:
              peerdesk set PD-12 vpc_cidrs 10.50.0.0/16 10.51.0.0/16 --note "confirmed on the phone"
              peerdesk set PD-12 aws_region eu-west-1
              peerdesk set PD-12 --clear peer_role_arn
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Argument(help: ArgumentHelp("The field and its value(s).", valueName: "field value"))
    var arguments: [String] = []

    @Option(
        help: ArgumentHelp("Remove the field's value instead.", valueName: "field"),
        transform: SetField.field
    )
    var clear: RequestField?

    @OptionGroup var who: ActorOption

    @Option(help: ArgumentHelp("A note kept with the event.", valueName: "text"))
    var note: String?

    static func field(_ text: String) throws -> RequestField {
        guard let field = RequestField(rawValue: text) else {
            let names = RequestField.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown field \"\(text)\"; fields are: \(names)")
        }
        return field
    }

    func validate() throws {
        if clear != nil, !arguments.isEmpty { throw ValidationError("give either FIELD VALUE... or --clear FIELD") }
        if clear == nil, arguments.count < 2 {
            throw ValidationError("name the field and its value, e.g. peerdesk set PD-12 aws_region eu-west-1")
        }
        if clear == nil, let name = arguments.first { _ = try Self.field(name) }
    }

    func run() throws {
        let id = try TicketReference.parse(ticket)
        let store = try global.openStore()
        let actor = who.actor
        let updated: Ticket
        let field: RequestField
        if let clear {
            field = clear
            updated = try store.clear(clear, ticket: id, actor: actor, note: note)
        } else {
            field = try Self.field(arguments[0])
            updated = try store.set(field, to: Array(arguments.dropFirst()), ticket: id, actor: actor, note: note)
        }
        try StepOutcome(ticket: updated, step: nil, action: clear == nil ? .set : .cleared, actor: actor, field: field)
            .print(output.format)
    }
}

/// `peerdesk revalidate`: findings against the registry as it is now.
struct Revalidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revalidate",
        abstract: "Re-evaluate tickets' findings against the registry now; print what changed.",
        discussion: """
            Without TICKET every open ticket (not rejected, not done) is re-evaluated. \
            registry import does this by itself. A ticket past peering-requested gets its new \
            findings but never moves back a step.

            Example: peerdesk revalidate PD-3 PD-7
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("Tickets, e.g. PD-12 (default: every open one).", valueName: "ticket"))
    var tickets: [String] = []

    func run() throws {
        let ids = try tickets.map { text throws(RunbookError) in try TicketReference.parse(text) }
        let changes = try global.openStore().revalidate(ids)
        for change in changes {
            switch output.format {
            case .json: Terminal.write(try JSONLines.encode(change))
            case .table:
                let codes = { (codes: [FindingCode]) in
                    codes.isEmpty ? "none" : codes.map(\.rawValue).joined(separator: ", ")
                }
                Terminal.write(
                    "\(TicketReference.format(change.ticket)): \(change.oldStatus.rawValue) → \(change.newStatus.rawValue); "
                        + "findings \(codes(change.oldCodes)) → \(codes(change.newCodes))"
                )
            }
        }
        let summary = "\(changes.count) changed, \(changes.filter(\.changedStatus).count) changed status"
        if output.format == .json { Terminal.writeError(summary) } else { Terminal.write(summary) }
    }
}

/// `peerdesk reopen`.
struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Open a rejected or done ticket again, with the reason.",
        discussion: "Example: peerdesk reopen PD-12 --reason \"customer wrote back: routes do not work\""
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Option(help: ArgumentHelp("Why it is opened again.", valueName: "text"))
    var reason: String

    @OptionGroup var who: ActorOption

    func run() throws {
        let actor = who.actor
        let updated = try global.openStore().reopen(
            ticket: try TicketReference.parse(ticket),
            reason: reason,
            actor: actor
        )
        try StepOutcome(ticket: updated, step: nil, action: .reopened, actor: actor).print(output.format)
    }
}

/// `peerdesk assign`.
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Give a ticket an owner (or --unassign it); queue shows and filters by owner.",
        discussion: """
            Examples:
              peerdesk assign PD-12 ana
              peerdesk assign PD-12 --unassign
              peerdesk queue --mine
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Argument(help: ArgumentHelp("The owner's name.", valueName: "name"))
    var owner: String?

    @Flag(help: "Remove the owner.")
    var unassign = false

    @OptionGroup var who: ActorOption

    func validate() throws {
        if unassign == (owner != nil) { throw ValidationError("give the owner's NAME or --unassign") }
    }

    func run() throws {
        let actor = who.actor
        let updated = try global.openStore().assign(
            ticket: try TicketReference.parse(ticket),
            to: owner.map(Terminal.sanitize),
            actor: actor
        )
        try StepOutcome(ticket: updated, step: nil, action: owner == nil ? .unassigned : .assigned, actor: actor)
            .print(output.format)
    }
}

/// `peerdesk note`.
struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add an internal note to a ticket (in show and the history, never in a reply).",
        discussion: "Example: peerdesk note PD-12 \"customer is on leave until Monday\""
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Argument(help: ArgumentHelp("The note.", valueName: "text"))
    var text: String

    @OptionGroup var who: ActorOption

    func run() throws {
        let actor = who.actor
        let updated = try global.openStore().note(ticket: try TicketReference.parse(ticket), text: text, actor: actor)
        try StepOutcome(ticket: updated, step: nil, action: .noted, actor: actor).print(output.format)
    }
}

extension StepOutcome {
    /// Prints the outcome of a staff action: a line, or its JSON object.
    func print(_ format: OutputFormat) throws {
        switch format {
        case .json: Terminal.write(try JSONLines.encode(self))
        case .table: Terminal.write(Terminal.sanitize(line))
        }
    }
}
