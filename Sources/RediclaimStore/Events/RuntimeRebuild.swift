import Foundation
import Logging
import RediclaimCore
import RediclaimMySQL
import RediclaimRedis

/// Rebuilds one event's runtime copy after Redis lost or rolled back data, from MySQL and the issuer's
/// progress in Kafka, under the event's heal lock. The gates' runtime keeper runs it by itself;
/// `rediclaimctl event sync` runs it too when no gate is up.
/// 1. the definition is written and releases stop (enqueues and polls go on);
/// 2. the final statuses MySQL knows (coupons, SOLD_OUT answers) are written back, and their users leave
///    the queue, so nobody is released twice;
/// 3. the issuer drains the requests already in Kafka; 4. their outcomes are written back too;
/// 5. the released counter is set to what the budget really used (issued + dead-lettered + still
///    RELEASED), and releases resume in a new runtime epoch.
public struct RuntimeRebuild: Sendable {
    /// How far behind the issuer is on the requests produced before a mark: `mark()` then `behind(mark)`.
    public struct Drain: Sendable {
        public let mark: @Sendable () async throws -> [Int32: Int64]
        public let behind: @Sendable ([Int32: Int64]) async throws -> Int64

        public init(
            mark: @escaping @Sendable () async throws -> [Int32: Int64],
            behind: @escaping @Sendable ([Int32: Int64]) async throws -> Int64
        ) {
            self.mark = mark
            self.behind = behind
        }
    }

    /// What one rebuild did.
    public struct Report: Sendable, Hashable {
        public var restored = 0
        public var released: Int64 = 0
        public var epoch = 0
        public var waitedForIssuer: Duration = .zero
        /// Requests the issuer had not taken when the wait ended (0 unless it timed out).
        public var issuerBehind: Int64 = 0
    }

    let recovery: RuntimeRecovery
    let events: EventStore
    let coupons: IssuedCoupons
    let outcomes: IssueOutcomes
    let drain: Drain
    let drainTimeout: Duration
    let token: String
    let logger: Logger
    static let lock: Duration = .seconds(20)

    public init(
        redis: RedisClient, namespace: String, mysql: MySQLClient, drain: Drain, drainTimeout: Duration, token: String,
        logger: Logger
    ) {
        recovery = RuntimeRecovery(redis: redis, namespace: namespace)
        events = EventStore(client: mysql)
        coupons = IssuedCoupons(client: mysql)
        outcomes = IssueOutcomes(client: mysql)
        self.drain = drain
        self.drainTimeout = drainTimeout
        self.token = token
        self.logger = logger
    }

    /// Rebuilds event `id`; nil when another caller holds the heal lock (or took it over meanwhile).
    public func run(_ id: Int64) async throws -> Report? {
        var log = logger
        log[metadataKey: "store.event_id"] = "\(id)"
        let record = try await events.get(id)
        let floor = record.issuedCount + Int64(try await deadLettered(id))
        guard try await recovery.begin(record, token: token, lock: Self.lock, issuedFloor: floor) else { return nil }
        var report = Report()
        guard let first = try await restoreFinals(id) else { return nil }
        // Requests already in Kafka become rows or SOLD_OUT answers once the issuer has taken them.
        let waitStarted = ContinuousClock.now
        let mark = try await drain.mark()
        var noted = ContinuousClock.now
        var behind = try await drain.behind(mark)
        let deadline = ContinuousClock.now + drainTimeout
        while behind > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            if ContinuousClock.now - noted >= .seconds(5) {
                log.notice("rebuild waits for the issuer", metadata: ["issuer.behind": "\(behind)"])
                noted = .now
            }
            try await Task.sleep(for: .milliseconds(250))
            guard try await recovery.begin(record, token: token, lock: Self.lock, issuedFloor: floor) else { return nil }
            behind = try await drain.behind(mark)
        }
        report.waitedForIssuer = ContinuousClock.now - waitStarted
        report.issuerBehind = behind
        if behind > 0 {
            log.error("the issuer did not drain in time; releases resume (late results still land)", metadata: ["issuer.behind": "\(behind)"])
        }
        guard let second = try await restoreFinals(id) else { return nil }
        report.restored = first + second
        let after = try await events.get(id)
        let stillReleased = try await recovery.releasedWithoutResult(eventId: id)
        report.released = after.issuedCount + Int64(try await deadLettered(id)) + Int64(stillReleased)
        report.epoch = try await events.bumpRuntimeEpoch(id)
        guard try await recovery.finish(eventId: id, token: token, released: report.released, epochNo: report.epoch) else { return nil }
        return report
    }

    func deadLettered(_ id: Int64) async throws -> Int {
        try await outcomes.all(eventId: id).filter { $0.value == .deadLettered }.count
    }

    /// Coupons and SOLD_OUT answers from MySQL written back; nil if the heal lock was lost.
    func restoreFinals(_ id: Int64) async throws -> Int? {
        var records: [(String, UserRecord)] = []
        for row in try await coupons.rows(eventId: id) {
            records.append(
                (row.userId, .issued(score: QueueScore(raw: 0), code: row.code, expiresAt: String(Timestamps.epochMillis(row.expiresAt)))))
        }
        for (user, outcome) in try await outcomes.all(eventId: id) where outcome == .soldOut {
            records.append((user, .soldOut(score: QueueScore(raw: 0))))
        }
        return try await recovery.restore(eventId: id, records, token: token, lock: Self.lock)
    }
}
