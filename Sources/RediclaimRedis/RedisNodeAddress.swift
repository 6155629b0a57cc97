/// One Redis server's `host:port`: a cluster seed, or a node named by the slot map or a redirect.
public struct RedisNodeAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host`, `host:port` or `[v6]:port`; a missing port is `defaultPort`.
    public init(parsing text: some StringProtocol, defaultPort: Int = 6379) throws(RedisError) {
        let text = String(text)
        var host = text
        var port = defaultPort
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw RedisError(.invalidConfiguration, "Redis node address '\(text)' has an unclosed [")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else {
                    throw RedisError(.invalidConfiguration, "Redis node address '\(text)' has a bad port")
                }
                port = number
            }
        } else if let colon = text.lastIndex(of: ":") {
            // More than one colon without brackets is a bare IPv6 address: no port.
            if text[..<colon].contains(":") == false {
                guard let number = Int(text[text.index(after: colon)...]) else {
                    throw RedisError(.invalidConfiguration, "Redis node address '\(text)' has a bad port")
                }
                host = String(text[..<colon])
                port = number
            }
        }
        guard !host.isEmpty else { throw RedisError(.invalidConfiguration, "Redis node address '\(text)' has no host") }
        guard (1...65535).contains(port) else {
            throw RedisError(.invalidConfiguration, "Redis node address '\(text)': port \(port) is out of range")
        }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
