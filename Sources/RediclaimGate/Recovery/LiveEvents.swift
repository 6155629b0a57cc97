import Synchronization

/// The ids of the events MySQL says are live, as the runtime keeper last read them: an event that Redis
/// does not know but MySQL does is being restored (503, come back in a second), not an unknown event (404).
/// Kept in memory so that a crowd asking for made-up ids never reaches MySQL.
final class LiveEvents: Sendable {
    private let ids = Mutex<Set<Int64>>([])

    func replace(_ live: some Sequence<Int64>) {
        let set = Set(live)
        ids.withLock { $0 = set }
    }

    func contains(_ id: Int64) -> Bool { ids.withLock { $0.contains(id) } }

    /// The answer for an event Redis does not hold: restoring if MySQL has it live, else not found.
    func missing(_ id: Int64) -> APIError {
        contains(id)
            ? APIError(.unavailable, "event \(id) is being restored; try again in a second", retryAfterSeconds: 1)
            : APIError(.eventNotFound, "event \(id) does not exist")
    }
}
