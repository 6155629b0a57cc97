import ArgumentParser
import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// `dlq replay`: publishes dead letters' original requests to the request topic again.
struct DLQReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Publish dead letters' originals to their topic again (fix the cause first).",
        discussion: """
            Requests go back to the request topic; with --results, results to the result topic. Both
            consumers are idempotent, so a replay never issues twice nor changes a final status. Each replay is recorded in MySQL;
            --all skips dead letters already replayed unless --force. Exit codes: 0, 1 when an --id could
            not be replayed, 2 on errors.
            """)

    @OptionGroup var config: ConfigOptions
    @OptionGroup var which: DLQKindOption
    @Option(name: .customLong("id"), help: ArgumentHelp("Dead letter to replay (repeatable)", valueName: "partition:offset"))
    var ids: [String] = []
    @Flag(help: "Replay every dead letter not replayed yet") var all = false
    @Flag(help: "Only show what would be replayed") var dryRun = false
    @Flag(help: "Replay dead letters already replayed too") var force = false
    @Flag(help: "JSON output") var json = false

    func validate() throws {
        guard all != !ids.isEmpty else { throw ValidationError("give --id partition:offset (repeatable) or --all") }
        for id in ids where DeadLetterID(id) == nil {
            throw ValidationError("--id \(id) is not partition:offset (e.g. 0:42)")
        }
    }

    /// What happened to one dead letter.
    struct Outcome: Encodable {
        let id: String
        let key: String?
        /// `replayed`, `would replay` (--dry-run) or `skipped`.
        let action: String
        let reason: String?
    }

    func run() async throws {
        let outcomes = try await OpsRun.run(config) { ctx in
            let contents = try await DLQReader(ctx: ctx, kind: which.kind).read()
            let chosen = try select(contents)
            let topic = which.kind.replayTopic(ctx.config.kafka)
            var outcomes: [Outcome] = []
            var toSend: [(DLQItem, KafkaOutgoingMessage)] = []
            for item in chosen {
                let key = item.letter?.key
                if let problem = item.problem {
                    outcomes.append(Outcome(id: item.id.description, key: key, action: "skipped", reason: problem))
                } else if let replay = item.replay, !force {
                    outcomes.append(Outcome(
                        id: item.id.description, key: key, action: "skipped",
                        reason: "already replayed (\(replay.count)x, last \(Timestamps.iso8601(replay.replayedAt))); --force to replay again"))
                } else if let message = item.replayMessage(topic: topic) {
                    toSend.append((item, message))
                }
            }
            if dryRun {
                return outcomes + toSend.map { Outcome(id: $0.0.id.description, key: $0.0.letter?.key, action: "would replay", reason: nil) }
            }
            let ledger = DeadLetterLedger(client: try ctx.mysql())
            let reports = try await ctx.withProducer { await $0.sendAll(toSend.map(\.1)) }
            var failed: KafkaError?
            for ((item, _), report) in zip(toSend, reports) {
                switch report {
                case .success:
                    try await ledger.recordReplay(
                        topic: contents.topic, id: item.id, requestKey: item.letter?.key, replayedTo: topic)
                    outcomes.append(Outcome(id: item.id.description, key: item.letter?.key, action: "replayed", reason: nil))
                case .failure(let error):
                    failed = failed ?? error
                    outcomes.append(Outcome(id: item.id.description, key: item.letter?.key, action: "skipped", reason: "not delivered: \(error.message)"))
                }
            }
            if let failed {
                Self.report(outcomes, json: json)
                throw CtlError.describe(failed, context: "some replays were not delivered to \(topic)")
            }
            return outcomes
        }
        Self.report(outcomes, json: json)
        if !all && outcomes.contains(where: { $0.action == "skipped" }) { throw OpsExit.findings }
    }

    /// The chosen dead letters: `--all`, or each `--id` (which must exist and not be purged).
    func select(_ contents: DLQReader.Contents) throws -> [DLQItem] {
        if all { return contents.items }
        let byID = Dictionary(contents.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<DeadLetterID> = []
        let unique = ids.compactMap(DeadLetterID.init).filter { seen.insert($0).inserted }
        return try unique.map { id in
            if let item = byID[id] { return item }
            if let mark = contents.purgedBefore[id.partition], id.offset < mark {
                throw CtlError("dead letter \(id) is purged (partition \(id.partition) below offset \(mark))")
            }
            throw CtlError("no dead letter \(id) in \(contents.topic)")
        }
    }

    static func report(_ outcomes: [Outcome], json: Bool) {
        if json {
            try? JSONOutput.print(outcomes)
            return
        }
        guard !outcomes.isEmpty else { return print("no dead letters to replay") }
        var table = Table("ID", "KEY", "ACTION", "REASON")
        for o in outcomes { table.add(o.id, o.key ?? "-", o.action, o.reason ?? "") }
        print(table.render())
        let done = outcomes.filter { $0.action == "replayed" }.count
        if done > 0 { print("\(done) replayed; `rediclaimctl dlq list` shows them as replayed") }
    }
}
