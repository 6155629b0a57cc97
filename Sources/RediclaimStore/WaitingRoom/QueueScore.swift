/// A queue score packs the sequence number and the enqueue time: `seq x 2^25 + seconds since openAt`.
/// Ordering by score is ordering by seq (strict FIFO); the time lets a repeat enqueue rebuild the same ticket
/// without storing anything per waiting user. Exact in a Double up to seq 2^28 (268 million users per
/// event); times past 2^25 s (about 388 days) after opening are held at that bound.
public struct QueueScore: Sendable, Hashable, Comparable {
    public static let timeBits: Int64 = 25
    public let raw: Int64

    public init(raw: Int64) { self.raw = raw }

    public init?(_ text: String) {
        guard let value = Int64(text) ?? Double(text).flatMap({ Int64(exactly: $0) }), value > 0 else { return nil }
        raw = value
    }

    public init(seq: Int64, secondsSinceOpen: Int64) {
        raw = seq << Self.timeBits + min(max(0, secondsSinceOpen), (1 << Self.timeBits) - 1)
    }

    public var seq: Int64 { raw >> Self.timeBits }
    public var secondsSinceOpen: Int64 { raw & ((1 << Self.timeBits) - 1) }

    /// Seconds since the epoch at which the user enqueued (to the second), given the event's opening.
    public func enqueuedAt(openAtSeconds: Int64) -> Int64 { openAtSeconds + secondsSinceOpen }

    public static func < (a: QueueScore, b: QueueScore) -> Bool { a.raw < b.raw }
}
