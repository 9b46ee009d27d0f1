import ArgumentParser
import Foundation
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
            Which reply is due follows the ticket (--kind chooses another, for example to answer a \
            ready ticket's warnings):
              not-authorized   the sender is not of the cluster's organization (says nothing about the cluster)
              request-changes  needs-info: every missing or wrong detail, and where to find it
              peering-ready    after routes-created: the Astro VPC CIDR(s), the peering ID, the route to add
            Any other time the command says why no reply is due and exits 2.

            --format text prints the body; --format eml writes an RFC 5322 draft a mail client \
            opens (From --from or $PEERDESK_FROM, To the requester, Subject "Re: <subject> [PD-12]", \
            In-Reply-To/References, a Message-ID signed for this database so the customer's answer \
            threads back).

            Printing is a preview: it records nothing. A draft is recorded with the ticket (a \
            reply-drafted event; the customer counts as answered; a bounce of it is noticed) only when \
            it is written with --output FILE, or with --record.

            When the PeerRole ARN is missing, request-changes gives the cluster's AWS account ID for \
            the stack's "Peer Owner IDs" parameter and, when $PEERDESK_ROLE_TEMPLATE_URL names the \
            stack template (https), a quick-create link with it filled in. Problems only support can \
            resolve (a standard or non-AWS cluster, one not active, an existing peering, the quota) \
            are said as what happens next, never asked of the customer.

            --templates DIR replaces Templates/replies (the same file names). A placeholder the reply \
            does not provide fails the draft, naming the file and placeholder.

            Examples:
              peerdesk reply PD-12
              peerdesk reply PD-12 --format eml --from support@astronomer.example --output pd-12.eml
              peerdesk reply PD-12 --kind request-changes --format eml --record | sendmail -t
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

    @OptionGroup var who: ActorOption

    @Option(
        help: ArgumentHelp(
            "The reply to draft instead of the one due: \(ReplyKind.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"
        ),
        transform: { text in
            guard let kind = ReplyKind(rawValue: text) else {
                let names = ReplyKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown reply kind \"\(text)\"; kinds are: \(names)")
            }
            return kind
        }
    )
    var kind: ReplyKind?

    @Flag(help: "Record the eml draft with the ticket even when it goes to standard output.")
    var record = false

    func validate() throws {
        if record && format != .eml { throw ValidationError("--record records an eml draft: add --format eml") }
    }

    func run() throws {
        let id = try TicketReference.parse(ticket)
        let renderer: ReplyRenderer
        do {
            renderer = try ReplyRenderer(templatesDirectory: templates.map { URL(fileURLWithPath: $0) })
        } catch {
            throw CLIError(message: error.description)
        }
        let drafter = ReplyDrafter(
            store: try global.openStore(),
            renderer: renderer,
            roleTemplateURL: Environment.value("PEERDESK_ROLE_TEMPLATE_URL")
        )
        switch format {
        case .text:
            try write(Array(try drafter.preview(id, kind: kind).body.utf8))
        case .eml:
            let sender = try supportAddress()
            let reply = try drafter.draft(id, kind: kind, from: sender)
            guard let draft = reply.draft else { return }
            try write(draft.bytes)
            // Recorded only once it is written where asked.
            if output != nil || record { try drafter.record(reply, actor: actor) }
        }
    }

    private var actor: String { who.actor }

    private func supportAddress() throws(CLIError) -> String {
        if let from, !from.isEmpty { return from }
        if let address = Environment.value("PEERDESK_FROM"), !address.isEmpty { return address }
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
