import Synchronization

/// Token buckets per client key (an address or a user), sharded to keep lock contention low under a
/// spike. The table is bounded twice: idle buckets are swept (`sweep`, every few seconds), and a shard
/// that reaches its share of `maxKeys` evicts its least recently used eighth at once, so a flood of
/// unique keys (2 million made-up users) costs at most `maxKeys` buckets.
public final class RateLimiter: Sendable {
    public let rate: Double
    public let burst: Double
    private let shards: [Shard]
    private let perShard: Int

    /// Mutex is non-copyable, so each shard lives in a class of its own.
    private final class Shard: Sendable {
        let buckets = Mutex<[String: TokenBucket]>([:])
    }

    /// `rate` 0 turns the limiter off.
    public init(rate: Int, burst: Int, maxKeys: Int = 200_000, shards: Int = 16) {
        self.rate = Double(rate)
        self.burst = Double(max(1, burst))
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
        perShard = max(8, maxKeys / max(1, shards))
    }

    public var isEnabled: Bool { rate > 0 }

    public func check(_ key: String, now: Double) -> RateDecision {
        guard isEnabled else { return .allowed }
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        let (rate, burst, cap) = (self.rate, self.burst, perShard)
        return shard.buckets.withLock { buckets in
            if buckets[key] == nil, buckets.count >= cap { Self.evictOldest(&buckets, keeping: cap - cap / 8) }
            var bucket = buckets[key] ?? TokenBucket(burst: burst, now: now)
            let decision = bucket.take(rate: rate, burst: burst, now: now)
            buckets[key] = bucket
            return decision
        }
    }

    /// Keys remembered, across shards.
    public var count: Int { shards.reduce(0) { $0 + $1.buckets.withLock { $0.count } } }

    /// Drops buckets that have refilled (they carry no information); returns how many remain.
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

    private static func evictOldest(_ buckets: inout [String: TokenBucket], keeping: Int) {
        let newest = buckets.sorted { $0.value.updatedAt > $1.value.updatedAt }.prefix(keeping)
        buckets = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
