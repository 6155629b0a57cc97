import ArgumentParser

/// `rediclaimctl dlq ...`: dead letters of the issuer (list, replay, purge).
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "List, replay and purge dead letters: the issuer's requests (kafka.dlqTopic), or with --results the gate's results (kafka.resultDlqTopic).",
        discussion: """
            A dead letter's id is `partition:offset` in the DLQ topic. Replays are recorded in MySQL
            (table dlq_replay); a purge records, per partition, the offset below which dead letters are
            hidden (table dlq_purge): Tansu cannot delete records, so the topic itself keeps them.
            """,
        subcommands: [DLQList.self, DLQReplay.self, DLQPurge.self])
}
