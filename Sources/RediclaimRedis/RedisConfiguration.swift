/// Where and how to connect to Redis; a plain value read once at start-up.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// ACL user name; nil uses `AUTH password` (the default user).
    public var username: String?
    public var password: String?
    public var database: Int
    /// Limit for establishing the TCP connection.
    public var connectTimeout: Duration
    /// Socket read/write limit per command (hiredis `redisSetTimeout`); nil waits forever.
    public var commandTimeout: Duration?
    /// Connections the client opens, each with its own I/O thread.
    public var connectionCount: Int
    /// Most commands a connection writes in one go before reading their replies.
    public var maxBatchSize: Int
    /// First pause before retrying a failed connect; doubles up to `maxReconnectDelay`.
    public var reconnectDelay: Duration
    public var maxReconnectDelay: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration? = .seconds(5),
        connectionCount: Int = 2,
        maxBatchSize: Int = 1024,
        reconnectDelay: Duration = .milliseconds(50),
        maxReconnectDelay: Duration = .seconds(1)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.connectionCount = connectionCount
        self.maxBatchSize = maxBatchSize
        self.reconnectDelay = reconnectDelay
        self.maxReconnectDelay = maxReconnectDelay
    }

    /// Rejects values no connection could work with, before any thread starts.
    public func validate() throws(RedisError) {
        guard !host.isEmpty else { throw RedisError(.invalidConfiguration, "Redis host is empty") }
        guard (1...65535).contains(port) else {
            throw RedisError(.invalidConfiguration, "Redis port \(port) is out of range")
        }
        guard database >= 0 else {
            throw RedisError(.invalidConfiguration, "Redis database \(database) is negative")
        }
        guard connectionCount >= 1, maxBatchSize >= 1 else {
            throw RedisError(.invalidConfiguration, "connectionCount and maxBatchSize must be at least 1")
        }
        guard connectTimeout > .zero, commandTimeout.map({ $0 > .zero }) ?? true else {
            throw RedisError(.invalidConfiguration, "Redis timeouts must be positive")
        }
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// Masks the password so configurations can be logged.
    public var description: String {
        let auth = password == nil ? "" : "\(username ?? ""):***@"
        return "redis://\(auth)\(host):\(port)/\(database)"
    }
}
