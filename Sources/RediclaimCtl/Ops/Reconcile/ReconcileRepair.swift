import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// What one kind of repair did.
struct RepairDone: Encodable, Sendable {
    let kind: MismatchKind
    let count: Int
    let detail: String
}

/// Carries out the safe repairs of a reading's findings; each is idempotent, so running it again
/// (or alongside the gate and the issuer) does no harm.
struct ReconcileRepair {
    let ctx: CtlContext
    let data: ReconcileData
    let progress: Progress

    /// Users whose request was published again: their statuses are awaited before the re-check.
    private(set) var republished: [String] = []

    /// Each repair is also noted on stderr as it completes, so a failure halfway shows what was done.
    mutating func run(_ findings: Findings) async throws -> [RepairDone] {
        let progress = self.progress
        var done: [RepairDone] = [] {
            didSet { if let last = done.last { progress.note("repaired \(last.kind.rawValue): \(last.detail)") } }
        }
        let eventId = data.eventId
        if !findings.of(.issuedCountMismatch).isEmpty {
            let (before, after) = try await IssuedCoupons(client: try ctx.mysql()).recomputeIssuedCount(eventId: eventId)
            done.append(RepairDone(kind: .issuedCountMismatch, count: 1, detail: "issued_count \(before) -> \(after)"))
        }
        let statuses = try findings.of(.statusMissing).compactMap { try finalResult($0.userId) }
        if !statuses.isEmpty {
            let changed = try await WaitingRoom(redis: try ctx.redis()).record(statuses)
            done.append(RepairDone(kind: .statusMissing, count: changed, detail: "\(changed) final statuses written to Redis"))
        }
        let codec = MessageCodec()
        let resultTopic = ctx.config.kafka.resultTopic
        let results: [KafkaOutgoingMessage] = try findings.of(.resultMissing).compactMap { m in
            guard let result = try finalResult(m.userId), result.status == .issued else { return nil }
            return KafkaOutgoingMessage(topic: resultTopic, key: Array(result.key.utf8), value: Array(codec.encode(result)))
        }
        let requestTopic = ctx.config.kafka.requestTopic
        let requests: [KafkaOutgoingMessage] = try findings.of(.releasedNotIssued).compactMap { m in
            guard let user = m.userId, case .released(let score, let releasedAt) = data.records[user] else { return nil }
            let request = try IssueRequested(eventId: eventId, userId: user, seq: max(1, score.seq), releasedAt: releasedAt)
            return KafkaOutgoingMessage(topic: requestTopic, key: Array(request.key.utf8), value: Array(codec.encode(request)))
        }
        let replays = findings.of(.deadLettered).compactMap { m in m.userId.flatMap { data.deadLetters[$0] } }
        let replayMessages = replays.compactMap { $0.replayMessage(topic: requestTopic) }
        if !results.isEmpty || !requests.isEmpty || !replayMessages.isEmpty {
            progress.note("publishing \(results.count) results and \(requests.count + replayMessages.count) requests ...")
            try await ctx.withProducer { producer in
                try await ctx.send(results, with: producer, what: "results")
                try await ctx.send(requests + replayMessages, with: producer, what: "requests")
            }
        }
        if !results.isEmpty {
            done.append(RepairDone(kind: .resultMissing, count: results.count, detail: "\(results.count) ISSUED results re-published to \(resultTopic)"))
        }
        if !requests.isEmpty {
            done.append(RepairDone(kind: .releasedNotIssued, count: requests.count, detail: "\(requests.count) requests re-published to \(requestTopic)"))
        }
        if !replays.isEmpty {
            let ledger = DeadLetterLedger(client: try ctx.mysql())
            for item in replays {
                try await ledger.recordReplay(
                    topic: ctx.config.kafka.dlqTopic, id: item.id, requestKey: item.letter?.key, replayedTo: requestTopic)
            }
            done.append(RepairDone(
                kind: .deadLettered, count: replays.count,
                detail: "\(replays.count) dead letters replayed to \(requestTopic): "
                    + replays.prefix(5).map(\.id.description).joined(separator: ", ") + (replays.count > 5 ? ", ..." : "")))
        }
        republished = findings.of(.releasedNotIssued).compactMap(\.userId) + findings.of(.deadLettered).compactMap(\.userId)
        return done
    }

    /// The user's final result as MySQL (a row) or the result topic (SOLD_OUT) knows it.
    private func finalResult(_ user: String?) throws -> IssueResult? {
        guard let user else { return nil }
        let key = MessageKey.make(eventId: data.eventId, userId: user)
        if let row = data.rows[user] {
            func issued(_ requestId: String) throws -> IssueResult {
                try IssueResult.issued(
                    requestId: requestId, eventId: data.eventId, userId: user, couponCode: row.code,
                    expiresAt: Timestamps.epochMillis(row.expiresAt), issuedAt: Timestamps.epochMillis(row.issuedAt))
            }
            // The column may hold a cut request id that a result cannot carry; the key always fits.
            if let result = try? issued(row.requestId) { return result }
            return try issued(key)
        }
        if data.results[user]?.soldOut == true {
            return try IssueResult.soldOut(requestId: key, eventId: data.eventId, userId: user)
        }
        return nil
    }

    /// Waits until every re-published user has a final status in Redis, or `timeout` passes;
    /// returns the users still waiting.
    func awaitAnswers(timeout: Duration) async throws -> [String] {
        guard !republished.isEmpty else { return [] }
        let room = WaitingRoom(redis: try ctx.redis())
        let end = ContinuousClock.now + timeout
        var lastNote = ContinuousClock.now - .seconds(2)
        while true {
            let records = try await room.records(eventId: data.eventId, userIds: republished)
            let waiting = republished.filter { user in
                switch records[user] {
                case .issued, .soldOut: false
                default: true
                }
            }
            if waiting.isEmpty || ContinuousClock.now >= end { return waiting }
            if ContinuousClock.now - lastNote >= .seconds(1) {
                progress.note("waiting for the issuer and the gate to answer \(waiting.count) re-published requests ...")
                lastNote = .now
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
