import Logging
import Testing
import RediclaimRedis
import TestSupport

/// Quiet logger for tests: failures show up as test issues, not log noise.
let testLogger: Logger = {
    var logger = Logger(label: "rediclaim.redis.tests")
    logger.logLevel = .error
    return logger
}()

/// The shared stack's Redis, with settings a test may adjust.
func sharedConfiguration(_ adjust: (inout RedisConfiguration) -> Void = { _ in }) -> RedisConfiguration {
    var configuration = RedisConfiguration(host: TestStack.redisHost, port: TestStack.redisPort)
    adjust(&configuration)
    return configuration
}

/// Runs `body` with a client and always shuts it down afterwards.
func withClient<T>(
    _ configuration: RedisConfiguration = sharedConfiguration(),
    _ body: (RedisClient) async throws -> T
) async throws -> T {
    let client = RedisClient(configuration: configuration, logger: testLogger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// The `RedisError` the call threw; nil if it succeeded (any other error is recorded as an issue).
func redisError(_ body: () async throws -> Void) async -> RedisError? {
    do {
        try await body()
        return nil
    } catch let error as RedisError {
        return error
    } catch {
        Issue.record("expected a RedisError, got \(error)")
        return nil
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The local Redis Cluster (`scripts/redis-cluster.sh`, which `scripts/test.sh` starts).
func clusterConfiguration(_ adjust: (inout RedisConfiguration) -> Void = { _ in }) throws -> RedisConfiguration {
    var configuration = try RedisConfiguration(url: TestStack.redisClusterURL)
    adjust(&configuration)
    return configuration
}

/// A plain client of one node at `port` (no routing): what that node holds, or its own CLUSTER view.
func withNode<T>(_ port: Int, _ body: (RedisClient) async throws -> T) async throws -> T {
    try await withClient(RedisConfiguration(host: "127.0.0.1", port: port, connectionCount: 1), body)
}
