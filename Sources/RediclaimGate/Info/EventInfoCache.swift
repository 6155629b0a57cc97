import Synchronization

/// The public info of each event as built JSON, kept about a second: a crowd refreshing the event page
/// costs Redis one read per event per gate per second, however large it is.
final class EventInfoCache: Sendable {
    private struct Entry {
        let body: [UInt8]
        let builtAt: ContinuousClock.Instant
    }

    let ttl: Duration
    private let entries = Mutex<[Int64: Entry]>([:])

    init(ttl: Duration = .seconds(1)) { self.ttl = ttl }

    /// The cached body, or the one `build` makes now (and caches).
    func body(_ id: Int64, build: () async throws -> [UInt8]) async throws -> [UInt8] {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[id] }), now - entry.builtAt < ttl { return entry.body }
        let body = try await build()
        entries.withLock { all in
            // Only events that exist are cached; the table stays small.
            if all.count > 10_000 { all.removeAll() }
            all[id] = Entry(body: body, builtAt: now)
        }
        return body
    }

    func invalidate(_ id: Int64) { _ = entries.withLock { $0.removeValue(forKey: id) } }
}
