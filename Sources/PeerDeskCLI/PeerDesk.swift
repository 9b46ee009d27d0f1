import ArgumentParser

struct PeerDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerdesk",
        abstract: "Process Astro VPC peering requests: registry, checks, tickets and reply drafts.",
        discussion: """
            The database holds the cluster registry and the tickets. It is chosen by --db PATH, \
            else $PEERDESK_DB, else ./peerdesk.sqlite. Only `registry import` and `ingest` create it; \
            every other command refuses a path where there is no database (a mistyped --db is an \
            error, not an empty desk).

            Exit status: 0 ok; 1 the command ran and found errors; 2 usage or input error \
            (message on stderr, nothing written).

            Examples:
              peerdesk registry import Data/demo/registry/*.csv
              peerdesk ingest inbox/        # tickets: new, follow-up, duplicate, ignored
              peerdesk queue                # who has waited longest
              peerdesk show PD-3
              peerdesk step PD-1 peering-requested --peering-id pcx-0a1b2c3d4e5f67890
              peerdesk reply PD-1 --format eml --from support@astronomer.example
            """,
        version: "0.1.0",
        subcommands: [
            RegistryCommand.self, Check.self, Ingest.self, Queue.self, Show.self, Inspect.self, Step.self, Reply.self,
            Reject.self, QuarantineCommand.self, SetField.self, Revalidate.self, Reopen.self, Assign.self, Note.self,
            Serve.self, UserCommand.self, TokenCommand.self, PeeringCommand.self,
        ]
    )

    /// Declared here too so `--db` may come before the subcommand: `peerdesk --db x registry list`.
    @OptionGroup var global: GlobalOptions
}
