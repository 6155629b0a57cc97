/// When a ticket expires: `ttl` windows counted from the enqueue, so a repeat enqueue within one window
/// gets the same ticket (same bytes) and one in a later window a fresh one, never past the event's
/// close plus `grace`.
public struct TicketPolicy: Sendable {
    let ttl: Int64
    let grace: Int64

    func expiresAt(issuedAt: Int64, now: Int64, closeAtSeconds: Int64) -> Int64 {
        let windows = max(1, (now - issuedAt) / ttl + 1)
        return min(issuedAt + windows * ttl, closeAtSeconds + grace)
    }
}
