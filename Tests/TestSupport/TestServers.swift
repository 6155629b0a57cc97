import Foundation
import Logging
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore

/// Clients for the local stack, each test in its own database or Redis key namespace.
public enum TestServers {
    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    public static func mysqlConfiguration(database: String?) -> MySQLConfiguration {
        MySQLConfiguration(
            host: TestStack.mysqlHost, port: TestStack.mysqlPort, user: TestStack.mysqlUser,
            password: TestStack.mysqlPassword, database: database, poolSize: 4)
    }

    /// A fresh database with the schema applied; dropped by `dropDatabase`.
    public static func freshDatabase(migrate: Bool = true) async throws -> (client: MySQLClient, name: String) {
        let name = uniqueName("t").replacingOccurrences(of: "-", with: "_")
        let admin = try MySQLClient(configuration: mysqlConfiguration(database: nil), logger: logger)
        try await admin.simpleQuery("CREATE DATABASE `\(name)`")
        await admin.close()
        let client = try MySQLClient(configuration: mysqlConfiguration(database: name), logger: logger)
        if migrate {
            try await Migrator(client: client, migrations: try Migration.bundled(), logger: logger).migrate()
        }
        return (client, name)
    }

    public static func dropDatabase(_ name: String, closing client: MySQLClient) async {
        await client.close()
        if let admin = try? MySQLClient(configuration: mysqlConfiguration(database: nil), logger: logger) {
            try? await admin.simpleQuery("DROP DATABASE IF EXISTS `\(name)`")
            await admin.close()
        }
    }

    /// A client of the tests' Redis: the single server, or the local cluster when `TestStack.redisIsCluster`.
    public static func redis() -> RedisClient {
        // The URL is built by TestStack, so a malformed one is a bug in the tests themselves.
        RedisClient(configuration: try! RedisConfiguration(url: TestStack.redisURL), logger: logger)
    }

    /// A client of the local Redis Cluster, whatever the mode.
    public static func redisCluster() -> RedisClient {
        RedisClient(configuration: try! RedisConfiguration(url: TestStack.redisClusterURL), logger: logger)
    }

    /// Deletes every key under `namespace` on every master (KEYS is per node), one DEL per key so no
    /// call spans slots.
    public static func deleteKeys(namespace: String, on redis: RedisClient) async {
        guard let replies = try? await redis.broadcast(RedisCommand("KEYS", "\(namespace):*")) else { return }
        let keys = replies.flatMap { $0.array ?? [] }.compactMap(\.string)
        guard !keys.isEmpty else { return }
        _ = try? await redis.pipeline(keys.map { RedisCommand("UNLINK", $0) })
    }

    /// A Redis key namespace no other test uses (keys are `<ns>:{e:ID}:...`).
    public static func redisNamespace() -> String { uniqueName("t") }
}

extension TestServers {
    /// Runs `body` against a fresh migrated database and drops it afterwards, whether `body` threw or not.
    public static func withDatabase<T>(
        migrate: Bool = true, _ body: (RediclaimMySQL.MySQLClient, String) async throws -> T
    ) async throws -> T {
        let (client, name) = try await freshDatabase(migrate: migrate)
        do {
            let result = try await body(client, name)
            await dropDatabase(name, closing: client)
            return result
        } catch {
            await dropDatabase(name, closing: client)
            throw error
        }
    }
}
