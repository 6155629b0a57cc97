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

    /// Hash: the runtime copy of the event definition the gate reads (`rc:{e:1001}:def`):
    /// name, stock, openAt/closeAt (epoch ms), rate, paused, closed, coupon (JSON).
    public var definition: String { key("def") }
    /// Hash: runtime counters: seq (last sequence number), released, issued, soldOut, the release token
    /// bucket (tokens, tokensAt), soldOutAt, finalSeq (users up to it were waiting at a sell-out or close),
    /// epoch (the Redis run id the counters belong to), epochNo, recovering; for a pre-queue: cohort (its size,
    /// frozen at the open), placed (positions placed so far), shuffleAt, shuffled (1 once all are placed). Kept apart from `definition`
    /// so a re-sync never resets them.
    public var counters: String { key("ctr") }
    /// Sorted set: the waiting room, member userId, score = seq x 2^25 + seconds since openAt.
    public var queue: String { key("q") }
    /// Hash: userId -> status record of users who left the queue (RELEASED, ISSUED, SOLD_OUT).
    public var users: String { key("u") }
    /// Sorted set: released users whose Kafka message is not yet acknowledged, score = claim time (ms).
    public var pending: String { key("pending") }
    /// List: release log `score|userId|releasedAtMs`, in release order, for FIFO and rate audits.
    public var released: String { key("rlog") }

    /// Sorted set: the pre-queue, users who arrived in the window before the open, score = their arrival
    /// sequence number; emptied into `queue` in the seeded order at the open.
    public var preQueue: String { key("pq") }
    /// String: the shuffle lock, held by the gate placing the cohort at the open.
    public var shuffle: String { key("shuffle") }

    /// String: the heal lock, held by the gate rebuilding the event's runtime copy after a loss.
    public var heal: String { key("heal") }

    /// Every per-event key, e.g. for cleanup or a slot check.
    public var all: [String] { [definition, counters, queue, users, pending, released, heal, preQueue, shuffle] }

    /// Set: ids of all events known to Redis (`rc:events`); not tied to any event's slot.
    public static func events(namespace: String = RedisKeys.defaultNamespace) -> String {
        precondition(isValidNamespace(namespace), "Redis key namespace must be non-empty, without { or }")
        return "\(namespace):events"
    }
}
