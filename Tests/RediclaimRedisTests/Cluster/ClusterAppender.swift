import RediclaimRedis
import Synchronization
import TestSupport

/// Appends numbered entries to one list through a cluster client as fast as answers come back,
/// keeping the time and outcome of each: what a failover does to writes, measured from the client.
final class ClusterAppender: Sendable {
    struct Record: Sendable {
        let value: Int
        let at: ContinuousClock.Instant
        let error: RedisError?
    }

    let key: String
    /// Each append is followed by `WAIT 1 500` on the same connection; acknowledged only once a replica has it.
    let waitsForReplica: Bool
    private let records = Mutex<[Record]>([])
    private let stopped = Atomic<Bool>(false)

    init(key: String, waitsForReplica: Bool = false) {
        self.key = key
        self.waitsForReplica = waitsForReplica
    }

    func run(_ client: RedisClient) async {
        var value = 0
        while !stopped.load(ordering: .relaxed) {
            value += 1
            var error: RedisError?
            do {
                if waitsForReplica {
                    let replies = try await client.pipeline([RedisCommand("RPUSH", key, value), RedisCommand("WAIT", 1, 500)])
                    if let message = replies[0].errorMessage {
                        error = .server(message)
                    } else if let message = replies[1].errorMessage {
                        // A keyless WAIT stays on the node the pipeline first went to; when RPUSH was
                        // redirected there (MOVED), that node may be a replica now and refuse WAIT.
                        error = RedisError(.timeout, "no replica acknowledged: \(message)")
                    } else if (replies[1].int ?? 0) < 1 {
                        error = RedisError(.timeout, "no replica acknowledged")
                    }
                } else {
                    _ = try await client.send("RPUSH", key, value)
                }
            } catch let failure {
                error = failure
            }
            let record = Record(value: value, at: .now, error: error)
            records.withLock { $0.append(record) }
            // Paced, so the writers leave the two cores to the servers; still ~1 ms resolution.
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// What the client saw, against what the list holds afterwards.
    struct Summary: CustomStringConvertible {
        let key: String
        let acknowledged: Int
        let failed: Int
        /// First failed answer to last failed answer.
        let failureWindow: Duration?
        let everyFailureUnavailable: Bool
        /// Acknowledged, but missing afterwards.
        let lost: Int
        /// Of those, acknowledged within the second before `lossMark`.
        let lostInLastSecond: Int
        let acknowledgedInLastSecond: Int
        /// Reported failed (the connection died mid-command), yet written.
        let appliedDespiteFailure: Int
        let acknowledgedAfterFailures: Bool

        var description: String {
            let window = failureWindow.map { "\(Int(($0 / .milliseconds(1)).rounded())) ms" } ?? "none"
            return "\(key): \(acknowledged) acknowledged, \(failed) failed (window \(window), all unavailable: \(everyFailureUnavailable)), "
                + "lost \(lost) (\(lostInLastSecond) of \(acknowledgedInLastSecond) acknowledged in the last second), "
                + "written despite a failed answer \(appliedDespiteFailure)"
        }
    }

    func summary(present values: [Int], lossMark: ContinuousClock.Instant?) -> Summary {
        let all = records.withLock { $0 }
        let present = Set(values)
        let acked = all.filter { $0.error == nil }
        let failed = all.filter { $0.error != nil }
        let lost = acked.filter { !present.contains($0.value) }
        let lastSecond = lossMark.map { mark in acked.filter { $0.at <= mark && mark - $0.at <= .seconds(1) } } ?? []
        let lastFailure = failed.last?.at
        return Summary(
            key: key, acknowledged: acked.count, failed: failed.count,
            failureWindow: failed.first.flatMap { first in lastFailure.map { $0 - first.at } },
            everyFailureUnavailable: failed.allSatisfy { $0.error?.isUnavailable == true },
            lost: lost.count, lostInLastSecond: lastSecond.filter { !present.contains($0.value) }.count,
            acknowledgedInLastSecond: lastSecond.count,
            appliedDespiteFailure: failed.filter { present.contains($0.value) }.count,
            acknowledgedAfterFailures: lastFailure.map { mark in acked.contains { $0.at > mark } } ?? true)
    }
}
