import Foundation
import RediclaimStore

/// One release of one user, merged from Redis's log and the request topic.
struct AuditRelease: Sendable, Hashable {
    let userId: String
    let seq: Int64
    let releasedAtMs: Int64
    let epoch: Int
}

extension AuditData {
    /// Every release, once: the request topic survives a Redis loss, Redis's log holds releases not yet
    /// published. A re-published request (same user, same release time) is the same release. Redis's log
    /// names the epoch of each of its releases; a request only when its producer set one (else its
    /// earliest copy's). Sorted by release time, then sequence.
    var releases: [AuditRelease] {
        var seen: [String: AuditRelease] = [:]
        for e in releaseLog {
            seen["\(e.releasedAtMs)|\(e.userId)"] = AuditRelease(
                userId: e.userId, seq: e.score.seq, releasedAtMs: e.releasedAtMs, epoch: e.epoch)
        }
        let logged = Set(seen.keys)
        for r in requests ?? [] {
            let key = "\(r.releasedAt)|\(r.userId)"
            if logged.contains(key) { continue }
            if let old = seen[key], old.epoch <= r.epoch ?? 0 { continue }
            seen[key] = AuditRelease(userId: r.userId, seq: r.seq, releasedAtMs: r.releasedAt, epoch: r.epoch ?? 0)
        }
        return seen.values.sorted { ($0.releasedAtMs, $0.seq, $0.userId) < ($1.releasedAtMs, $1.seq, $1.userId) }
    }

    /// The highest release rate in force at any moment of [fromMs, toMs]: a change lands in Redis a moment
    /// after MySQL logs it, so a window that straddles a change is judged by the higher of the two rates.
    func highestRate(fromMs: Int64, toMs: Int64) -> Int {
        guard !changes.isEmpty else { return releaseRate }
        var rate = changes[0].releaseRate
        var highest = 0
        for change in changes {
            let at = Int64((change.changedAt.timeIntervalSince1970 * 1_000).rounded())
            if at <= fromMs { rate = change.releaseRate; continue }
            if at > toMs { break }
            highest = max(highest, rate)
            rate = change.releaseRate
        }
        return max(highest, rate)
    }
}
