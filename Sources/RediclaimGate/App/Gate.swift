import Foundation
import Logging
import RediclaimRedis
import RediclaimStore

/// Everything the gate's routes and services share.
public final class Gate: Sendable {
    public let settings: GateSettings
    public let redis: RedisClient
    public let metrics: GateMetrics
    public let logger: Logger
    let identity: IdentitySource
    /// MySQL, the source of truth; nil in tests that run the room alone (then the admin API answers 503).
    let stores: GateStores?
    let room: WaitingRoom
    let runtime: EventRuntimeStore
    let events: EventCache
    let live = LiveEvents()
    let rates = RateTracker()
    let polls: PollPolicy
    /// The public event info, built at most about once a second per event.
    let info: EventInfoCache
    /// Cohorts this gate is placing now.
    let placing = PlacementsInFlight()
    /// This gate's name on the shuffle lock.
    let lockToken = "gate-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let clients: ClientAddress
    let ipLimiter: RateLimiter
    /// Enqueues per verified user and event: kept apart from `rankLimiter`, so enqueuing as someone
    /// cannot lock them out of `/rank`.
    let userLimiter: RateLimiter
    /// Rank polls per ticket holder and event.
    let rankLimiter: RateLimiter
    let started = ContinuousClock.now

    public init(
        settings: GateSettings, redis: RedisClient, identity: IdentitySource, stores: GateStores? = nil,
        metrics: GateMetrics = GateMetrics(), logger: Logger
    ) {
        self.settings = settings
        self.redis = redis
        self.identity = identity
        self.stores = stores
        self.metrics = metrics
        self.logger = logger
        room = WaitingRoom(redis: redis, namespace: settings.redisNamespace)
        runtime = EventRuntimeStore(redis: redis, namespace: settings.redisNamespace)
        events = EventCache(store: runtime)
        polls = PollPolicy(budgetPerSecond: Double(settings.pollBudgetPerSecond))
        info = EventInfoCache()
        clients = ClientAddress(trusted: settings.trustedProxies)
        let keys = settings.rateLimitKeys
        ipLimiter = RateLimiter(rate: settings.ipLimit.rate, burst: settings.ipLimit.burst, maxKeys: keys)
        userLimiter = RateLimiter(rate: settings.userLimit.rate, burst: settings.userLimit.burst, maxKeys: keys)
        rankLimiter = RateLimiter(rate: settings.rankLimit.rate, burst: settings.rankLimit.burst, maxKeys: keys)
    }

    var limiters: [RateLimiter] { [ipLimiter, userLimiter, rankLimiter] }

    /// Monotonic seconds for the rate limiters.
    var clockSeconds: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func limit(_ limiter: RateLimiter, _ key: String, what: String) throws(APIError) {
        if case .limited(let retryAfter) = limiter.check(key, now: clockSeconds) {
            throw APIError(.rateLimited, "too many requests for this \(what); retry after \(retryAfter) s", retryAfterSeconds: retryAfter)
        }
    }
}
