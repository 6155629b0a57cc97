import Foundation

/// A coupon campaign's definition: stock, opening window, release rate and coupon policy.
/// Built only through the validating initializer, so every `Event` value obeys the rules.
public struct Event: Sendable, Hashable {
    /// Longest accepted name, in Unicode code points (what a MySQL utf8mb4 VARCHAR counts).
    public static let maxNameLength = 200
    /// Accepted users-per-second release rates.
    public static let releaseRateRange = 1...1_000_000
    /// Longest pre-queue window: a week.
    public static let preQueueRange = 0...604_800

    public let id: Int64
    public let name: String
    /// Coupons available; never exceeded.
    public let stock: Int64
    /// The event opens at `openAt` (inclusive) and closes at `closeAt` (exclusive).
    public let openAt: Date
    public let closeAt: Date
    /// Users per second let out of the queue.
    public let releaseRate: Int
    public let coupon: CouponPolicy
    /// Most users waiting at once; nil: no cap. Past it, enqueues are `503 QUEUE_FULL`.
    public let maxWaiting: Int64?
    /// Seconds before `openAt` during which users join a pre-queue, shuffled at the open; 0: none.
    public let preQueueSeconds: Int

    /// Validates the definition; the error names the first bad field.
    public init(
        id: Int64, name: String, stock: Int64, openAt: Date, closeAt: Date, releaseRate: Int,
        coupon: CouponPolicy, maxWaiting: Int64? = nil, preQueueSeconds: Int = 0
    ) throws(RediclaimError) {
        try Validate.eventId(id, field: "id")
        if name.allSatisfy(\.isWhitespace) {
            throw .invalid("name", "name must not be empty")
        }
        let nameLength = name.unicodeScalars.count
        if nameLength > Self.maxNameLength {
            throw .invalid(
                "name", "name is too long: \(nameLength) characters, at most \(Self.maxNameLength) allowed")
        }
        if stock < 1 {
            throw .invalid("stock", "stock must be at least 1 (got \(stock))")
        }
        if closeAt <= openAt {
            throw .invalid(
                "closeAt",
                "closeAt (\(Timestamps.iso8601(closeAt))) must be after openAt (\(Timestamps.iso8601(openAt)))")
        }
        if !Self.releaseRateRange.contains(releaseRate) {
            throw .invalid(
                "releaseRate",
                "releaseRate must be between \(Self.releaseRateRange.lowerBound) and "
                    + "\(Self.releaseRateRange.upperBound) users per second (got \(releaseRate))")
        }
        if let maxWaiting, maxWaiting < 1 {
            throw .invalid("maxWaiting", "maxWaiting must be at least 1, or absent for no cap (got \(maxWaiting))")
        }
        if !Self.preQueueRange.contains(preQueueSeconds) {
            throw .invalid(
                "preQueueSeconds",
                "preQueueSeconds must be between 0 and \(Self.preQueueRange.upperBound) (a week; got \(preQueueSeconds))")
        }
        self.id = id
        self.name = name
        self.stock = stock
        self.openAt = openAt
        self.closeAt = closeAt
        self.releaseRate = releaseRate
        self.coupon = coupon
        self.maxWaiting = maxWaiting
        self.preQueueSeconds = preQueueSeconds
    }

    /// When the pre-queue window opens (`openAt` when there is none).
    public var preQueueOpensAt: Date { openAt.addingTimeInterval(-TimeInterval(preQueueSeconds)) }

    /// The state at `now`, given the runtime counters (see `EventState.derive`).
    public func state(at now: Date, runtime: EventRuntime) -> EventState {
        EventState.derive(openAt: openAt, closeAt: closeAt, now: now, runtime: runtime)
    }
}
