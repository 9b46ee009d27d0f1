import ArgumentParser

struct PeerDesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerdesk",
        abstract: "Process Astro VPC peering requests: registry, checks, tickets and reply drafts.",
        discussion: """
            The database holds the cluster registry (and, later, the tickets). It is chosen by \
            --db PATH, else $PEERDESK_DB, else ./peerdesk.sqlite, and is created on first use.

            Exit status: 0 ok; 1 the command ran and found errors; 2 usage or input error \
            (message on stderr, nothing written).

            Examples:
              peerdesk registry import Data/demo/registry/*.csv
              peerdesk registry list clusters --format json
            """,
        version: "0.1.0",
        subcommands: [
            RegistryCommand.self, Check.self, Ingest.self, Queue.self, Show.self, Inspect.self, Step.self, Reply.self,
            Reject.self, QuarantineCommand.self,
        ]
    )

    /// Declared here too so `--db` may come before the subcommand: `peerdesk --db x registry list`.
    @OptionGroup var global: GlobalOptions
}
