/// One simulated user's state, kept by the event loop that runs it.
struct SimulatedUser {
    let id: String
    let token: String?
    /// Planned arrival, in uptime nanoseconds.
    var arrivalNs: UInt64 = 0
    var ticket: String?
    var lastRank: Int?
    var polls = 0
    var released = false
    /// The first wait estimate and when it was given (for the ETA accuracy figures).
    var estimate: (seconds: Int, atNs: UInt64)?
    var done = false
    var queued = false
}

/// A request waiting for, or on, a connection.
struct PendingRequest {
    enum Kind { case enqueue, rank }
    let user: Int
    let kind: Kind
    /// When the user meant to send it (uptime ns): latencies count from here.
    let plannedNs: UInt64
}
