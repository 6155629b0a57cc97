import Foundation

/// Where an event is in its life, derived (never stored) from definition, clock and runtime counters.
public enum EventState: String, Sendable, Hashable, CaseIterable, Codable {
    case scheduled = "SCHEDULED"
    case open = "OPEN"
    case paused = "PAUSED"
    case soldOut = "SOLD_OUT"
    case closed = "CLOSED"

    /// The one function that decides an event's state. Precedence, first match wins:
    /// 1. closed flag, or `now >= closeAt` -> CLOSED
    /// 2. `now < openAt` -> SCHEDULED
    /// 3. remaining budget 0 -> SOLD_OUT
    /// 4. paused flag -> PAUSED
    /// 5. otherwise OPEN
    ///
    /// CLOSED beats SOLD_OUT: closing is final and depends on nothing but the clock and the admin
    /// flag, so a closed event reads the same whether or not its counters are still in Redis, and
    /// late arrivals are told the event is over rather than that stock ran out.
    /// A sold-out event stays SOLD_OUT while paused: pausing cannot bring stock back.
    public static func derive(openAt: Date, closeAt: Date, now: Date, runtime: EventRuntime) -> EventState {
        if runtime.closed || now >= closeAt { return .closed }
        if now < openAt { return .scheduled }
        if runtime.remainingBudget <= 0 { return .soldOut }
        if runtime.paused { return .paused }
        return .open
    }
}
