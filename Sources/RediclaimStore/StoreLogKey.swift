/// Metadata keys on the store's log lines, kept in one place.
enum StoreLogKey {
    static let eventId = "store.event_id"
    static let count = "store.count"
    static let attempt = "store.attempt"
    static let error = "store.error"
}
