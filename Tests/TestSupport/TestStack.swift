import Foundation

/// Where the local stack (`scripts/stack.sh`) listens; tests read it from the environment.
public enum TestStack {
    static func env(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var redisHost: String { env("REDICLAIM_TEST_REDIS_HOST") ?? "127.0.0.1" }
    public static var redisPort: Int { env("REDICLAIM_TEST_REDIS_PORT").flatMap(Int.init) ?? 6391 }

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
