/// Logger metadata keys of the Redis bridge, kept in one place.
enum RedisLogKey {
    static let connection = "redis.connection"
    static let address = "redis.address"
    static let error = "redis.error"
    static let attempt = "redis.reconnect.attempt"
    static let scripts = "redis.scripts"
    static let node = "redis.cluster.node"
    static let masters = "redis.cluster.masters"
    static let slots = "redis.cluster.slots"
}
