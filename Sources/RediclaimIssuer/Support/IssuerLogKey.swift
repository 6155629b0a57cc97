/// Metadata keys on the issuer's log lines, kept in one place.
enum IssuerLogKey {
    static let eventId = "issuer.event_id"
    static let count = "issuer.count"
    static let attempt = "issuer.attempt"
    static let delay = "issuer.delay_ms"
    static let error = "issuer.error"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let offset = "kafka.offset"
    static let stage = "issuer.stage"
}
