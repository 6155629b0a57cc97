/// Where and how to connect, plus pool settings; the password never appears in descriptions.
public struct MySQLConfiguration: Sendable {
    /// Host name or IP address (ignored when `unixSocket` is set).
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password; kept out of `description`, `debugDescription` and `dump`.
    public var password: String?
    /// Default database (schema) of each connection.
    public var database: String?
    /// Path of a Unix domain socket to use instead of TCP.
    public var unixSocket: String?
    /// Time allowed to open a connection (whole seconds are sent to the client library, rounded up).
    public var connectTimeout: Duration
    /// Time allowed to wait for one server reply before the connection is considered lost.
    public var readTimeout: Duration
    /// Time allowed for one write to the server.
    public var writeTimeout: Duration
    /// Most connections the pool opens; they are opened lazily.
    public var poolSize: Int
    /// Most prepared statements kept per connection (least recently used are closed first).
    public var statementCacheCapacity: Int
    /// A connection idle in the pool longer than this is pinged before it is handed out, so one the
    /// server closed meanwhile is replaced transparently. `nil` never pings.
    public var pingIdleConnectionsAfter: Duration?

    public init(
        host: String = "127.0.0.1", port: Int = 3306, user: String, password: String? = nil,
        database: String? = nil, unixSocket: String? = nil,
        connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(30),
        writeTimeout: Duration = .seconds(30), poolSize: Int = 4, statementCacheCapacity: Int = 64,
        pingIdleConnectionsAfter: Duration? = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.unixSocket = unixSocket
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.poolSize = poolSize
        self.statementCacheCapacity = statementCacheCapacity
        self.pingIdleConnectionsAfter = pingIdleConnectionsAfter
    }

    /// Throws `.invalidConfiguration` for values the pool or client library cannot use.
    func validate() throws(MySQLError) {
        guard poolSize >= 1 else { throw MySQLError(.invalidConfiguration, "poolSize must be at least 1") }
        guard (1...65535).contains(port) || unixSocket != nil else {
            throw MySQLError(.invalidConfiguration, "port must be within 1...65535")
        }
        guard statementCacheCapacity >= 1 else {
            throw MySQLError(.invalidConfiguration, "statementCacheCapacity must be at least 1")
        }
        guard !user.isEmpty else { throw MySQLError(.invalidConfiguration, "user must not be empty") }
    }
}

extension MySQLConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `mysql://user@host:port/db`, never with the password.
    public var description: String {
        let target = unixSocket.map { "unix:\($0)" } ?? "\(host):\(port)"
        let secret = password == nil ? "" : ":***"
        return "mysql://\(user)\(secret)@\(target)/\(database ?? "") (pool \(poolSize))"
    }

    public var debugDescription: String { description }

    /// Keeps the password out of `dump()` and `String(reflecting:)` fallbacks.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "user": user, "password": password == nil ? "nil" : "***",
                "database": database as Any, "unixSocket": unixSocket as Any, "poolSize": poolSize,
            ])
    }
}
