import RediclaimStore
import Synchronization

/// What the last transaction saw of each event's remaining stock, so the decode stage makes
/// coupon codes only for events that may still issue. A hint, never a decision: the locked row is.
final class StockHints: Sendable {
    private let remaining = Mutex<[Int64: Int64]>([:])

    /// False only for an event last seen with no stock left.
    func mayIssue(eventId: Int64) -> Bool {
        remaining.withLock { ($0[eventId] ?? 1) > 0 }
    }

    func record(_ outcome: CouponWrite) {
        remaining.withLock { hints in
            for (id, left) in outcome.remainingAfter { hints[id] = left }
        }
    }
}
