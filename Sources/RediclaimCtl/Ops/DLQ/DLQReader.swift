import RediclaimStore

/// Reads the DLQ topic from the purge marks on, with each dead letter's replay record.
struct DLQReader {
    let ctx: CtlContext
    var progress = Progress()
    var kind = DLQKind.requests

    struct Contents: Sendable {
        let topic: String
        /// Oldest first (by failure time, then id).
        let items: [DLQItem]
        /// Per partition, the first offset not purged.
        let purgedBefore: [Int32: Int64]
    }

    func read() async throws -> Contents {
        let topic = kind.topic(ctx.config.kafka)
        let ledger = DeadLetterLedger(client: try ctx.mysql())
        let marks = try await ledger.purgeMarks(topic: topic)
        let replays = try await ledger.replays(topic: topic)
        progress.note("reading \(topic) ...")
        let messages = try await ctx.topicReader("dlq").readAll(topic, from: marks) { progress.note("  \(Figures.count($0)) messages read") }
        let items = messages.map { m in
            DLQItem(m, replay: replays[DeadLetterID(partition: m.partition, offset: m.offset)], kind: kind)
        }
        return Contents(
            topic: topic, items: items.sorted { ($0.failedAtMs, $0.id) < ($1.failedAtMs, $1.id) }, purgedBefore: marks)
    }
}
