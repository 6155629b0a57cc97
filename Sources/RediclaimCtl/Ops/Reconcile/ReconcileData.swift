import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimStore

/// What the result topic says about one user.
struct ResultSeen: Sendable, Hashable {
    /// Codes of the ISSUED results (more than one would be a contradiction).
    var issuedCodes: Set<String> = []
    var soldOut = false
    /// Broker time of the newest result (epoch ms; 0 when unknown).
    var latestMs: Int64 = 0
}

/// One event as Redis, MySQL and Kafka see it, read in that order so that a live campaign moving
/// forward between the reads never looks like a mismatch (statuses and rows only ever move forward,
/// and a row always precedes its ISSUED status).
struct ReconcileData: Sendable {
    var eventId: Int64
    var stock: Int64
    /// Redis server time when the reading started (epoch ms): releases are stamped with this clock.
    var nowMs: Int64
    var records: [String: UserRecord]
    /// Released users whose request the broker has not acknowledged, with their claim time (ms).
    var pending: [String: Int64]
    var rows: [String: IssuedCouponRow]
    var issuedCount: Int64
    var rowCount: Int64
    var results: [String: ResultSeen]
    /// The newest dead letter of each user of this event whose original request is valid.
    var deadLetters: [String: DLQItem]
    /// Request messages the issuer group has not committed yet (all events).
    var issuerLag: Int64?

    static func gather(_ eventId: Int64, _ ctx: CtlContext, progress: Progress) async throws -> ReconcileData {
        let record = try await ctx.events().get(eventId)
        let room = WaitingRoom(redis: try ctx.redis())
        progress.note("reading Redis statuses of event \(eventId) ...")
        let nowMs = try await room.serverTimeMs()
        let records = try await room.userRecords(eventId: eventId)
        let pending = try await room.pendingDispatch(eventId: eventId)
        progress.note("reading MySQL rows ...")
        let coupons = IssuedCoupons(client: try ctx.mysql())
        let counts = try await coupons.counts(eventId: eventId)
        let rows = Dictionary(try await coupons.rows(eventId: eventId).map { ($0.userId, $0) }, uniquingKeysWith: { a, _ in a })
        let resultTopic = ctx.config.kafka.resultTopic
        progress.note("reading \(resultTopic) ...")
        let messages = try await ctx.topicReader("reconcile").readAll(resultTopic) { progress.note("  \(Figures.count($0)) messages read") }
        var results: [String: ResultSeen] = [:]
        let codec = MessageCodec()
        for message in messages {
            guard let result = try? codec.decode(IssueResult.self, from: message.value), result.eventId == eventId else { continue }
            var seen = results[result.userId] ?? ResultSeen()
            if let coupon = result.coupon { seen.issuedCodes.insert(coupon.code) } else { seen.soldOut = true }
            seen.latestMs = max(seen.latestMs, message.timestampMilliseconds ?? 0)
            results[result.userId] = seen
        }
        let dlq = try await DLQReader(ctx: ctx, progress: progress).read()
        var deadLetters: [String: DLQItem] = [:]
        for item in dlq.items {
            guard let request = item.original, request.eventId == eventId else { continue }
            deadLetters[request.userId] = item
        }
        let lag = try? await ctx.withKafkaAdmin { admin in
            try await LagSnapshot.take(
                role: "issuer", group: ctx.config.issuer.groupId, topic: ctx.config.kafka.requestTopic, admin: admin
            ).totalLag
        }
        return ReconcileData(
            eventId: eventId, stock: record.event.stock, nowMs: nowMs, records: records, pending: pending, rows: rows,
            issuedCount: counts.issuedCount, rowCount: counts.rows, results: results, deadLetters: deadLetters,
            issuerLag: lag)
    }
}
