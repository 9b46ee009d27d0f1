import Foundation
import HTTPTypes
import Hummingbird
import Provisioning
import Runbook
import Synchronization

/// "Execute in AWS": the plan of `peerdesk peering plan` first, then `apply` with the signed-in
/// user as the actor; the same `PeeringProvisioner` calls as the CLI.
extension WebApp {
    struct PeeringValues {
        struct Action {
            var state: String
            var command: String
            var account: String
            var region: String
            var arguments: String
            var detail: String
        }

        struct Result {
            var result: String
            var command: String
            var account: String
            var region: String
            var detail: String
        }

        var reference: String
        var href: String
        var csrf: String
        var version: String
        var summary: String?
        var actions: [Action]
        var fingerprint: String?
        /// The plan can be applied (it was read, and nothing is in the way).
        var canApply: Bool
        var hasChanges: Bool
        var error: String?
        /// What an apply that failed did before it stopped.
        var results: [Result]

        // Stored, not computed: the templates see stored properties only.
        var hasActions = false
        var hasResults = false
    }

    /// The provisioner of this server: the AWS CLI (or the tests' fake), progress to the log.
    var provisioner: PeeringProvisioner {
        let logger = logger
        return PeeringProvisioner(
            store: store,
            settings: peeringSettings,
            progress: { line in logger.info("\(line)") },
            makeCloud: makeCloud
        )
    }

    /// `GET /tickets/PD-12/peering`: the plan, read from AWS; nothing is changed.
    func peeringPage(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try user(context)
        let id = try ticketID(context)
        return try await renderPeering(id, context, error: nil, results: [], status: .ok)
    }

    /// `POST /tickets/PD-12/peering` (`version`, `plan`): apply, if the ticket is still at the
    /// version and AWS still gives the plan that was shown; then 303 back to the ticket, whose
    /// history shows `peering-requested` and `routes-created` by the signed-in user. A refusal or
    /// a failure shows the plan page again with what went wrong and what was done.
    func applyPeering(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try user(context)
        let id = try ticketID(context)
        let form = context.form
        let shown = form.text("plan") ?? ""
        let version = form.text("version").flatMap { Int64($0) }
        let done = Mutex<[ActionResult]>([])
        do {
            _ = try await provisioner.apply(
                ticket: id,
                actor: user.name,
                version: version,
                confirm: { plan in plan.fingerprint == shown },
                report: { action in done.withLock { $0.append(action) } }
            )
        } catch {
            let results = done.withLock { $0 }
            let message: String
            if case .notConfirmed = error {
                message =
                    "AWS or the ticket changed since the plan was shown; nothing was changed. "
                    + "This is the plan now: apply it if it is still right."
            } else {
                message = error.description
            }
            let status: HTTPResponse.Status = error.isInputError ? .conflict : .badGateway
            return try await renderPeering(id, context, error: message, results: results, status: status)
        }
        return Self.seeOther("/tickets/\(TicketReference.format(id))")
    }

    private func renderPeering(
        _ id: Int64,
        _ context: WebContext,
        error: String?,
        results: [ActionResult],
        status: HTTPResponse.Status
    ) async throws -> Response {
        let store = store
        let ticket = try await blocking { try store.ticket(id) }
        var values = PeeringValues(
            reference: ticket.reference,
            href: "/tickets/\(ticket.reference)",
            csrf: context.csrfToken,
            version: Self.version(ticket),
            summary: nil,
            actions: [],
            fingerprint: nil,
            canApply: false,
            hasChanges: false,
            error: error,
            results: results.map {
                PeeringValues.Result(
                    result: $0.result.rawValue,
                    command: $0.command,
                    account: $0.account,
                    region: $0.region,
                    detail: $0.detail
                )
            }
        )
        values.hasResults = !values.results.isEmpty
        var status = status
        do {
            let plan = try await provisioner.plan(ticket: id)
            values.summary = plan.target.summary
            values.actions = plan.actions.map {
                PeeringValues.Action(
                    state: $0.state.rawValue,
                    command: $0.command,
                    account: $0.account,
                    region: $0.region,
                    arguments: $0.arguments.joined(separator: " "),
                    detail: $0.detail ?? ""
                )
            }
            values.hasActions = !values.actions.isEmpty
            values.fingerprint = plan.fingerprint
            values.hasChanges = plan.hasChanges
            values.canApply = plan.conflict == nil
            if let conflict = plan.conflict, values.error == nil {
                values.error = "apply would stop: \(conflict.command): \(conflict.detail ?? "in the way")"
                status = .conflict
            }
        } catch let failure {
            // The plan cannot be made: the reason replaces it (an earlier error stays first).
            let message = failure.description
            values.error = values.error.map { "\($0)\n\(message)" } ?? message
            if status == .ok { status = failure.isInputError ? .conflict : .badGateway }
        }
        return Self.html(
            pages.page("peering", values, chrome: chrome("\(ticket.reference) in AWS", context)),
            status: status
        )
    }
}
