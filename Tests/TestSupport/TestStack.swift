import Foundation

/// Where the local stack (`scripts/stack.sh`) listens; tests read it from the environment.
public enum TestStack {
    static func env(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var redisHost: String { env("REDICLAIM_TEST_REDIS_HOST") ?? "127.0.0.1" }
    public static var redisPort: Int { env("REDICLAIM_TEST_REDIS_PORT").flatMap(Int.init) ?? 6391 }
    /// The local Redis Cluster's seeds (`scripts/redis-cluster.sh`, started by `scripts/test.sh`).
    public static var redisClusterSeeds: String { env("REDICLAIM_TEST_REDIS_CLUSTER") ?? "127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103" }
    /// `REDICLAIM_TEST_REDIS_MODE=cluster` runs the Redis-backed tests against the cluster instead of the single Redis.
    public static var redisIsCluster: Bool { env("REDICLAIM_TEST_REDIS_MODE") == "cluster" }
    /// The Redis the tests use, as a `redis.url`: the single server, or the cluster in cluster mode.
    public static var redisURL: String {
        redisIsCluster ? "redis+cluster://\(redisClusterSeeds)/" : "redis://\(redisHost):\(redisPort)/0"
    }
    /// The local Redis Cluster as a `redis.url`, whatever the mode.
    public static var redisClusterURL: String { "redis+cluster://\(redisClusterSeeds)/" }

    public static var mysqlHost: String { env("REDICLAIM_TEST_MYSQL_HOST") ?? "127.0.0.1" }
    public static var mysqlPort: Int { env("REDICLAIM_TEST_MYSQL_PORT").flatMap(Int.init) ?? 3317 }
    public static var mysqlUser: String { env("REDICLAIM_TEST_MYSQL_USER") ?? "rediclaim" }
    public static var mysqlPassword: String { env("REDICLAIM_TEST_MYSQL_PASSWORD") ?? "rediclaim" }
    public static var mysqlDatabase: String { env("REDICLAIM_TEST_MYSQL_DATABASE") ?? "rediclaim_test" }

    public static var kafkaBrokers: String { env("REDICLAIM_TEST_KAFKA_BROKERS") ?? "127.0.0.1:9093" }

    /// The project root, found from this file's location (tests run from anywhere).
    public static var projectRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}
