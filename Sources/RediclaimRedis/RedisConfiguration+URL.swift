import Foundation

extension RedisConfiguration {
    /// Parses `redis://[[user]:password@]host[:port][/db]`, or `redis+cluster://[[user]:password@]host:port,host:port,...[/]`
    /// (Redis Cluster seed nodes); other settings keep their defaults.
    public init(url: String) throws(RedisError) {
        if url.lowercased().hasPrefix("redis+cluster://") {
            try self.init(clusterURL: url)
            return
        }
        guard let components = URLComponents(string: url) else {
            throw RedisError(.invalidConfiguration, "not a valid Redis URL")
        }
        guard components.scheme?.lowercased() == "redis" else {
            throw RedisError(
                .invalidConfiguration, "Redis URL must start with redis:// or redis+cluster:// (TLS is not supported)")
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

    /// URLComponents cannot read a list of hosts, so the authority is split by hand.
    private init(clusterURL url: String) throws(RedisError) {
        var rest = Substring(url.dropFirst("redis+cluster://".count))
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]

        var username: String?
        var password: String?
        // Passwords may contain '@' themselves: the user part ends at the last one.
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let colon = userinfo.firstIndex(of: ":")
            let user = colon.map { userinfo[..<$0] } ?? userinfo
            if !user.isEmpty { username = user.removingPercentEncoding ?? String(user) }
            if let colon {
                let secret = userinfo[userinfo.index(after: colon)...]
                if !secret.isEmpty { password = secret.removingPercentEncoding ?? String(secret) }
            }
        }
        var seeds: [RedisNodeAddress] = []
        for part in authority.split(separator: ",", omittingEmptySubsequences: true) {
            seeds.append(try RedisNodeAddress(parsing: part.trimmingCharacters(in: .whitespaces)))
        }
        guard let first = seeds.first else { throw RedisError(.invalidConfiguration, "Redis Cluster URL names no node") }

        let path = rest.prefix(while: { $0 != "?" && $0 != "#" }).drop(while: { $0 == "/" })
        guard path.isEmpty || path == "0" else {
            throw RedisError(.invalidConfiguration, "Redis Cluster has only database 0, got '\(path)'")
        }
        self.init(host: first.host, port: first.port, username: username, password: password)
        clusterSeeds = seeds
        try validate()
    }
}
