import Foundation

extension MySQLConfiguration {
    /// Parses `mysql://user[:password]@host[:port][/database][?socket=/path&poolSize=N]`.
    ///
    /// Percent-encoded parts are decoded. A `password` given here wins over one in the URL, so the
    /// secret can live in its own environment variable.
    public init(url: String, password: String? = nil) throws(MySQLError) {
        guard let parts = URLComponents(string: url) else {
            throw MySQLError(.invalidConfiguration, "the MySQL URL cannot be parsed")
        }
        guard let scheme = parts.scheme?.lowercased(), scheme == "mysql" || scheme == "mariadb" else {
            throw MySQLError(.invalidConfiguration, "the MySQL URL must start with mysql://")
        }
        guard let user = parts.user, !user.isEmpty else {
            throw MySQLError(.invalidConfiguration, "the MySQL URL has no user (mysql://user@host/db)")
        }
        let host = parts.host ?? ""
        var socket: String?
        var poolSize = 4
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "socket": socket = item.value
            case "poolSize":
                guard let value = item.value.flatMap(Int.init), value >= 1 else {
                    throw MySQLError(.invalidConfiguration, "poolSize in the MySQL URL must be a positive integer")
                }
                poolSize = value
            default:
                throw MySQLError(.invalidConfiguration, "unknown MySQL URL option '\(item.name)'")
            }
        }
        guard !host.isEmpty || socket != nil else {
            throw MySQLError(.invalidConfiguration, "the MySQL URL has no host")
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !path.contains("/") else {
            throw MySQLError(.invalidConfiguration, "the MySQL URL path must be just the database name")
        }
        self.init(
            host: host.isEmpty ? "localhost" : host, port: parts.port ?? 3306, user: user,
            password: password ?? parts.password, database: path.isEmpty ? nil : path,
            unixSocket: socket, poolSize: poolSize)
        try validate()
    }
}
