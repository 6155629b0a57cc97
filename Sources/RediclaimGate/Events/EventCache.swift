import Foundation
import RediclaimStore
import Synchronization

/// Runtime definitions cached for a second: every enqueue needs the event's opening time and rate, and a
/// flash sale has one hot event, so one Redis read per second replaces one per request.
final class EventCache: Sendable {
    private struct Entry {
        let definition: RuntimeDefinition?
        let fetchedAt: ContinuousClock.Instant
    }

    private let store: EventRuntimeStore
    private let ttl: Duration
    private let entries = Mutex<[Int64: Entry]>([:])

    init(store: EventRuntimeStore, ttl: Duration = .seconds(1)) {
        self.store = store
        self.ttl = ttl
    }

    func definition(_ eventId: Int64) async throws -> RuntimeDefinition? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[eventId] }), now - entry.fetchedAt < ttl {
            return entry.definition
        }
        let definition = try await store.definition(eventId)
        entries.withLock { all in
            // A miss for an unknown id is cached too, but the table stays bounded against id scans.
            if all.count > 10_000 { all.removeAll() }
            all[eventId] = Entry(definition: definition, fetchedAt: now)
        }
        return definition
    }

    /// Forgets one event (after an admin change on this gate).
    func invalidate(_ eventId: Int64) {
        _ = entries.withLock { $0.removeValue(forKey: eventId) }
    }
}
