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
    /// Connections the client opens (per node), spread over the NIO event loops: at least one per loop
    /// keeps every caller on its own thread.
    public var connectionCount: Int
    /// Most commands a connection writes in one go before reading their replies.
    public var maxBatchSize: Int
    /// First pause before retrying a failed connect; doubles up to `maxReconnectDelay`.
    public var reconnectDelay: Duration
    public var maxReconnectDelay: Duration
    /// Redis Cluster: the nodes asked for the slot map first. Empty means one server at `host:port`.
    public var clusterSeeds: [RedisNodeAddress] = []
    /// Redis Cluster: most MOVED, ASK, TRYAGAIN or CLUSTERDOWN answers followed for one command.
    public var maxRedirects = 5

    /// Whether the client speaks Redis Cluster (routing by hash slot) rather than to one server.
    public var isCluster: Bool { !clusterSeeds.isEmpty }

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
        if isCluster {
            // Redis Cluster has only database 0 (SELECT is refused).
            guard database == 0 else {
                throw RedisError(.invalidConfiguration, "Redis Cluster has only database 0, got \(database)")
            }
            guard maxRedirects >= 1 else { throw RedisError(.invalidConfiguration, "maxRedirects must be at least 1") }
        }
    }

    /// The settings of one node's connections in cluster mode: this configuration aimed at `address`.
    func node(_ address: RedisNodeAddress) -> RedisConfiguration {
        var node = self
        node.host = address.host
        node.port = address.port
        node.clusterSeeds = []
        return node
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// Masks the password so configurations can be logged.
    public var description: String {
        let auth = password == nil ? "" : "\(username ?? ""):***@"
        if isCluster {
            return "redis+cluster://\(auth)\(clusterSeeds.map(\.description).joined(separator: ","))/"
        }
        return "redis://\(auth)\(host):\(port)/\(database)"
    }
}
