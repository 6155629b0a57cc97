/// The live counters and admin flags of an event, as the gate reads them from Redis.
public struct EventRuntime: Sendable, Hashable {
    /// Users that may still be released: stock minus released, never below 0.
    public var remainingBudget: Int64
    /// Admin pause: enqueues go on, releases stop.
    public var paused: Bool
    /// Admin close: the event ends before `closeAt`.
    public var closed: Bool

    public init(remainingBudget: Int64, paused: Bool = false, closed: Bool = false) {
        self.remainingBudget = max(0, remainingBudget)
        self.paused = paused
        self.closed = closed
    }

    /// From the released count: the budget is `stock - released`.
    public init(stock: Int64, released: Int64, paused: Bool = false, closed: Bool = false) {
        let (budget, overflow) = stock.subtractingReportingOverflow(released)
        self.init(remainingBudget: overflow ? 0 : budget, paused: paused, closed: closed)
    }
}
