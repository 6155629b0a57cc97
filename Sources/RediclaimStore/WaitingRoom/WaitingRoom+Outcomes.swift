import RediclaimCore

/// What an enqueue found or did.
public enum EnqueueOutcome: Sendable, Hashable {
    case eventNotFound
    /// The event does not take new users: SCHEDULED, CLOSED or SOLD_OUT.
    case refused(EventState)
    /// The queue holds the event's `maxWaiting` users already.
    case queueFull(waiting: Int)
    /// In the queue; `isNew` is false for a repeat enqueue (same place). `cohort` is the size of the event's
    /// pre-queue cohort (0: none): a score whose sequence number is at most that is a cohort position.
    case waiting(score: QueueScore, rank: Int, waiting: Int, isNew: Bool, cohort: Int = 0)
    /// In the pre-queue window: placed at the open, in the seeded order. `opensInMs` by Redis's clock (0 or
    /// less while the cohort is being placed); `waiting` counts the pre-queue.
    case preQueued(opensInMs: Int64, waiting: Int, isNew: Bool)
    /// The user already left the queue.
    case left(UserRecord, waiting: Int)
}

/// Where a user stands, read atomically with the event's state.
public enum RankOutcome: Sendable, Hashable {
    case eventNotFound
    case waiting(score: QueueScore, rank: Int, waiting: Int, state: EventState, cohort: Int = 0)
    case left(UserRecord, state: EventState, cohort: Int = 0)
    /// In the pre-queue: no rank before the cohort is placed.
    case preQueued(opensInMs: Int64, waiting: Int, state: EventState)
    /// Neither queued nor released: after a sell-out (the queue is freed) or a Redis data loss.
    case absent(state: EventState)
}

/// One user let out of the queue by a release tick.
public struct ReleasedUser: Sendable, Hashable {
    public let userId: String
    public let score: QueueScore
    /// Redis server time of the release (epoch ms).
    public let releasedAtMs: Int64

    public init(userId: String, score: QueueScore, releasedAtMs: Int64) {
        self.userId = userId
        self.score = score
        self.releasedAtMs = releasedAtMs
    }
}

/// What one release tick did for one event.
public struct ReleaseOutcome: Sendable, Hashable {
    /// nil when the event is not in Redis, or must be rebuilt first.
    public let state: EventState?
    public let released: [ReleasedUser]
    /// The counters are not of this Redis lifetime (or a rebuild is under way): nothing was released.
    public var needsRecovery = false
    /// The event has opened and its pre-queue cohort is not placed yet: nothing was released.
    public var needsShuffle = false
    /// The runtime epoch the releases belong to (bumped by every rebuild after a loss).
    public var epoch = 0

    public init(state: EventState?, released: [ReleasedUser], needsRecovery: Bool = false, epoch: Int = 0) {
        self.state = state
        self.released = released
        self.needsRecovery = needsRecovery
        self.epoch = epoch
    }
}
