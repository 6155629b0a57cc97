import Foundation
import RediclaimCore

/// An event as MySQL holds it: the definition plus the admin flags, the issued count and the version of
/// its latest change.
public struct EventRecord: Sendable, Hashable {
    public var event: Event
    public var paused: Bool
    public var closed: Bool
    public var issuedCount: Int64
    /// Bumped by every change of the definition or the controls; the Redis copy never goes back to an older one.
    public var version: Int64
    /// How many times the Redis copy was rebuilt after a loss.
    public var runtimeEpoch: Int
    /// The pre-queue shuffle's seed, drawn at creation and never changed; nil only for a row the seed
    /// migration has not reached.
    public var shuffleSeed: ShuffleSeed?

    public init(
        event: Event, paused: Bool = false, closed: Bool = false, issuedCount: Int64 = 0, version: Int64 = 1,
        runtimeEpoch: Int = 0, shuffleSeed: ShuffleSeed? = nil
    ) {
        self.event = event
        self.paused = paused
        self.closed = closed
        self.issuedCount = issuedCount
        self.version = version
        self.runtimeEpoch = runtimeEpoch
        self.shuffleSeed = shuffleSeed
    }
}

/// One row of `event_change_log`: the controls in force from `changedAt` on.
public struct EventChange: Sendable, Hashable {
    public let version: Int64
    public let changedAt: Date
    public let releaseRate: Int
    public let paused: Bool
    public let closed: Bool
    public let stock: Int64
    public let source: String

    public init(version: Int64, changedAt: Date, releaseRate: Int, paused: Bool, closed: Bool, stock: Int64, source: String) {
        self.version = version
        self.changedAt = changedAt
        self.releaseRate = releaseRate
        self.paused = paused
        self.closed = closed
        self.stock = stock
        self.source = source
    }
}
