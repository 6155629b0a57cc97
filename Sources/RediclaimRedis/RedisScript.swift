/// A Lua script identified by its SHA1, run with EVALSHA and re-sent with EVAL on NOSCRIPT.
public struct RedisScript: Sendable, Hashable {
    public let source: String
    /// Lower-case hex SHA1 of `source`, as `SCRIPT LOAD` would return it.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hexDigest(of: Array(source.utf8))
    }
}
