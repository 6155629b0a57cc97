/// Every Redis key name Rediclaim uses, in one place. All keys of one event share the hash tag
/// `{e:<id>}`, so in Redis Cluster they live in one slot and one Lua script may touch them all.
public struct RedisKeys: Sendable, Hashable {
    /// The prefix of every key unless a deployment (or a test) picks its own.
    public static let defaultNamespace = "rc"

    public let eventId: Int64
    public let namespace: String

    /// `namespace` must not contain `{` or `}` (it would change the hash tag).
    public init(eventId: Int64, namespace: String = RedisKeys.defaultNamespace) {
        precondition(Self.isValidNamespace(namespace), "Redis key namespace must be non-empty, without { or }")
        self.eventId = eventId
        self.namespace = namespace
    }

    /// Whether `namespace` can prefix keys without breaking hash tags.
    public static func isValidNamespace(_ namespace: String) -> Bool {
        !namespace.isEmpty && !namespace.contains("{") && !namespace.contains("}")
    }

    /// `{e:1001}`: the part Redis Cluster hashes.
    public var hashTag: String { "{e:\(eventId)}" }

    private func key(_ suffix: String) -> String { "\(namespace):\(hashTag):\(suffix)" }

    /// Hash: the runtime copy of the event definition the gate reads (`rc:{e:1001}:def`).
    public var definition: String { key("def") }
    /// Sorted set: the waiting room, member userId, score = sequence number.
    public var queue: String { key("q") }
    /// String counter: the last sequence number handed out (INCR).
    public var sequence: String { key("seq") }
    /// Hash: userId -> user status.
    public var users: String { key("users") }
    /// Hash: userId -> ticket issued at enqueue (idempotent re-enqueue returns it).
    public var tickets: String { key("tickets") }
    /// Hash: userId -> issued coupon (code and expiry) as written from the issuer's results.
    public var coupons: String { key("coupons") }
    /// Sorted set: released users whose Kafka message is not yet acknowledged, score = release time (ms).
    public var pending: String { key("pending") }
    /// Stream/list: log of released seq, user and time, for FIFO and rate audits.
    public var released: String { key("released") }
    /// Hash: counters (released, issued, sold out, remaining budget) and admin flags.
    public var counters: String { key("counters") }
    /// Hash: the release token bucket (tokens carried over, last refill time).
    public var rateBucket: String { key("bucket") }

    /// Every per-event key, e.g. for cleanup or a slot check.
    public var all: [String] {
        [definition, queue, sequence, users, tickets, coupons, pending, released, counters, rateBucket]
    }

    /// Set: ids of all events known to Redis (`rc:events`); not tied to any event's slot.
    public static func events(namespace: String = RedisKeys.defaultNamespace) -> String {
        precondition(isValidNamespace(namespace), "Redis key namespace must be non-empty, without { or }")
        return "\(namespace):events"
    }
}
