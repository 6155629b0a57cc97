/// Where one user stands in one event: (PRE_QUEUE ->) WAITING -> RELEASED -> ISSUED, or SOLD_OUT.
public enum UserStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Arrived in the pre-queue window; placed in the queue at the open, in the seeded order.
    case preQueue = "PRE_QUEUE"
    case waiting = "WAITING"
    case released = "RELEASED"
    case issued = "ISSUED"
    case soldOut = "SOLD_OUT"

    /// What applying a new status to the current one does.
    public enum Transition: Sendable, Hashable {
        /// Move to the new status.
        case apply
        /// Already there: nothing to do (retries and redeliveries land here).
        case noOp
        /// Not allowed: keep the current status.
        case forbidden
    }

    /// ISSUED and SOLD_OUT never change.
    public var isFinal: Bool {
        self == .issued || self == .soldOut
    }

    /// Allowed: PRE_QUEUE->WAITING, PRE_QUEUE->SOLD_OUT (closed before the open), WAITING->RELEASED,
    /// WAITING->SOLD_OUT, RELEASED->ISSUED, RELEASED->SOLD_OUT;
    /// a status to itself is a no-op; everything else is forbidden.
    public func transition(to next: UserStatus) -> Transition {
        if next == self { return .noOp }
        switch (self, next) {
        case (.preQueue, .waiting), (.preQueue, .soldOut), (.waiting, .released), (.waiting, .soldOut), (.released, .issued),
            (.released, .soldOut):
            return .apply
        default:
            return .forbidden
        }
    }

    /// Whether `next` may be written over this status (an idempotent no-op counts as allowed).
    public func canTransition(to next: UserStatus) -> Bool {
        transition(to: next) != .forbidden
    }
}
