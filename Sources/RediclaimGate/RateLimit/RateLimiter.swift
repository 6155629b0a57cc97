import Synchronization

/// Token buckets per client key (an IP or a user), sharded to keep lock contention low under a spike.
/// Idle buckets are swept so memory stays bounded by the number of recently active clients.
public final class RateLimiter: Sendable {
    public let rate: Double
    public let burst: Double
    private let shards: [Shard]

    /// Mutex is non-copyable, so each shard lives in a class of its own.
    private final class Shard: Sendable {
        let buckets = Mutex<[String: TokenBucket]>([:])
    }

    /// `rate` 0 turns the limiter off.
    public init(rate: Int, burst: Int, shards: Int = 16) {
        self.rate = Double(rate)
        self.burst = Double(max(1, burst))
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    public var isEnabled: Bool { rate > 0 }

    public func check(_ key: String, now: Double) -> RateDecision {
        guard isEnabled else { return .allowed }
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        let (rate, burst) = (self.rate, self.burst)
        return shard.buckets.withLock { buckets in
            var bucket = buckets[key] ?? TokenBucket(burst: burst, now: now)
            let decision = bucket.take(rate: rate, burst: burst, now: now)
            buckets[key] = bucket
            return decision
        }
    }

    /// Drops buckets that have refilled; returns how many remain.
    @discardableResult
    public func sweep(now: Double) -> Int {
        let (rate, burst) = (self.rate, self.burst)
        var remaining = 0
        for shard in shards {
            remaining += shard.buckets.withLock { buckets in
                buckets = buckets.filter { !$0.value.isFull(rate: rate, burst: burst, now: now) }
                return buckets.count
            }
        }
        return remaining
    }
}
