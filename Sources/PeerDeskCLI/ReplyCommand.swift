import ArgumentParser
import Foundation
import PeeringModel
import Registry
import Replies
import Runbook

/// Output formats of `reply`.
enum ReplyFormat: String, ExpressibleByArgument, CaseIterable {
    case text, eml
}

struct Reply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Render the reply draft due now for a ticket.",
        discussion: """
            Which reply is due follows the ticket:
              not-authorized   the sender is not of the cluster's organization (says nothing about the cluster)
              request-changes  needs-info: every missing or wrong detail, and where to find it
              peering-ready    after routes-created: the Astro VPC CIDR(s), the peering ID, the route to add
            Any other time the command says why no reply is due and exits 2.

            --format text prints the body; --format eml writes an RFC 5322 draft a mail client \
            opens (From --from or $PEERDESK_FROM, To the requester, Subject "Re: <subject> [PD-12]", \
            In-Reply-To/References, a Message-ID signed for this database so the customer's answer \
            threads back). An eml draft is stored with the ticket, so a bounce of it is noticed.

            --templates DIR replaces Templates/replies (the same file names). A placeholder the reply \
            does not provide fails the draft, naming the file and placeholder.

            Examples:
              peerdesk reply PD-12
              peerdesk reply PD-12 --format eml --from support@astronomer.example --output pd-12.eml
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The ticket, e.g. PD-12.", valueName: "ticket"))
    var ticket: String

    @Option(help: "text (the body) or eml (an RFC 5322 draft).")
    var format: ReplyFormat = .text

    @Option(help: ArgumentHelp("Write the draft to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A folder of templates replacing Templates/replies.", valueName: "dir"))
    var templates: String?

    @Option(
        help: ArgumentHelp("The support address the draft is from (default: $PEERDESK_FROM).", valueName: "address")
    )
    var from: String?

    @Option(help: ArgumentHelp("Who drafted it, for the history (default: the login name).", valueName: "name"))
    var by: String?

    func run() throws {
        let id = try TicketCommands.reference(ticket)
        let database = try global.openDatabase()
        let store = TicketStore(database: database)
        let ticket = try TicketCommands.load(id, from: store)
        let snapshot = try TicketCommands.snapshot(database)
        let kind = try ReplyDue.kind(for: ticket)
        let context = try ReplyDue.context(for: ticket, snapshot: snapshot)
        let sender = try format == .eml ? supportAddress() : ""
        let bytes: [UInt8]
        do {
            let renderer = try ReplyRenderer(templatesDirectory: templates.map { URL(fileURLWithPath: $0) })
            let body = try renderer.render(kind, context: context)
            switch format {
            case .text:
                bytes = Array(body.utf8)
            case .eml:
                let domain = sender.split(separator: "@").last.map(String.init) ?? "peerdesk.invalid"
                let messageID = try store.signer().messageID(ticket: id, domain: domain)
                let draft = DraftMessage(from: sender, context: context, body: body, messageID: messageID, date: Date())
                bytes = try draft.rendered()
                try write(bytes)
                try store.recordReply(
                    ticket: id,
                    kind: kind.rawValue,
                    messageID: messageID,
                    from: sender,
                    subject: draft.subject,
                    raw: bytes,
                    actor: by.map(Terminal.sanitize) ?? TicketCommands.loginName
                )
                return
            }
        } catch let error as ReplyError {
            throw CLIError(
                message: "\(ticket.reference): cannot draft the \(kind.rawValue) reply: \(error.description)"
            )
        } catch let error as RunbookError {
            throw CLIError(message: error.description)
        }
        try write(bytes)
    }

    private func supportAddress() throws(CLIError) -> String {
        if let from, !from.isEmpty { return from }
        if let address = ProcessInfo.processInfo.environment["PEERDESK_FROM"], !address.isEmpty { return address }
        throw CLIError(message: "an eml draft needs the support address: give --from ADDRESS or set PEERDESK_FROM")
    }

    private func write(_ bytes: [UInt8]) throws(CLIError) {
        guard let output else {
            FileHandle.standardOutput.write(Data(bytes))
            if bytes.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError(message: "cannot write \(output): \(error.localizedDescription)")
        }
    }
}

/// Which reply a ticket is due, and what it says.
enum ReplyDue {
    static func kind(for ticket: Ticket) throws(CLIError) -> ReplyKind {
        let reference = ticket.reference
        if let rejection = ticket.rejection {
            throw CLIError(message: "\(reference): no reply is due: the ticket was rejected (\(rejection.note ?? ""))")
        }
        if ticket.state.findings.contains(where: { $0.code == .requesterNotAuthorized }) { return .notAuthorized }
        let completed = ticket.completedSteps
        if completed.contains(.routesCreated) {
            if ticket.status == .done {
                throw CLIError(
                    message: "\(reference): no reply is due: the ticket is done (the customer added their route)"
                )
            }
            return .peeringReady
        }
        if ticket.status == .needsInfo { return .requestChanges }
        let next = ticket.nextStep?.rawValue ?? "none"
        throw CLIError(
            message: "\(reference): no reply is due: the ticket is \(ticket.status.rawValue) and the next step, "
                + "\(next), is support's; peering-ready is drafted after routes-created"
        )
    }

    static func context(for ticket: Ticket, snapshot: RegistrySnapshot) throws(CLIError) -> ReplyContext {
        guard let email = ticket.requesterEmail else {
            throw CLIError(message: "\(ticket.reference): the ticket has no requester address to reply to")
        }
        let cluster = TicketFacts.cluster(of: ticket, in: snapshot)
        let fields = ticket.state.values.mapValues { $0.map(\.canonical) }
        let replyTo = ticket.latestCustomerMessage?.messageID
        let references = ticket.messages.compactMap(\.messageID).filter { $0 != replyTo }
        return ReplyContext(
            ticketReference: ticket.reference,
            requesterName: ticket.requesterName,
            requesterEmail: email,
            originalSubject: ticket.subject,
            fields: fields,
            findings: ticket.state.findings,
            clusterName: cluster?.name,
            clusterID: cluster?.id.rawValue,
            clusterRegion: cluster?.region,
            clusterAccountID: cluster?.awsAccountID?.rawValue,
            astroCIDRs: cluster?.vpcCIDRs.map(\.description) ?? [],
            peeringID: ticket.peeringID,
            customerRegion: fields[.awsRegion]?.first,
            customerCIDRs: fields[.vpcCIDRs] ?? [],
            replyToMessageID: replyTo,
            references: references
        )
    }
}
