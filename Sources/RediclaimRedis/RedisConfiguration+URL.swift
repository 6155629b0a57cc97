import Foundation

extension RedisConfiguration {
    /// Parses `redis://[[user]:password@]host[:port][/db]`; other settings keep their defaults.
    public init(url: String) throws(RedisError) {
        guard let components = URLComponents(string: url) else {
            throw RedisError(.invalidConfiguration, "not a valid Redis URL")
        }
        guard components.scheme?.lowercased() == "redis" else {
            throw RedisError(
                .invalidConfiguration, "Redis URL must start with redis:// (TLS is not supported)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw RedisError(.invalidConfiguration, "Redis URL has no host")
        }
        self.init(host: host, port: components.port ?? 6379)
        if let user = components.user, !user.isEmpty { username = user }
        if let password = components.password, !password.isEmpty { self.password = password }

        let path = components.path.drop(while: { $0 == "/" })
        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else {
                throw RedisError(.invalidConfiguration, "Redis URL database must be a number, got '\(path)'")
            }
            self.database = database
        }
        try validate()
    }
}
