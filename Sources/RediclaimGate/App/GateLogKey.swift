/// Metadata keys on the gate's log lines, kept in one place.
enum GateLogKey {
    static let requestId = "request.id"
    static let route = "http.route"
    static let error = "gate.error"
    static let eventId = "gate.event_id"
    static let userId = "gate.user_id"
    static let count = "gate.count"
    static let group = "kafka.group"
    static let partition = "kafka.partition"
    static let offset = "kafka.offset"
    static let tickMs = "gate.tick_ms"
    static let releaseRate = "gate.release_rate"
    static let paused = "gate.paused"
    static let closed = "gate.closed"
}
