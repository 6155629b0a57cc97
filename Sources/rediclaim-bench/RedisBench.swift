import ArgumentParser
import Foundation
import Logging
import RediclaimRedis
import Synchronization

/// ZADD throughput of the Redis bridge: explicit pipelines on one connection per client, or
/// (`--auto`) single sends from many tasks through one shared client (auto-pipelining).
struct RedisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis", abstract: "Measures pipelined ZADD/s through RediclaimRedis; prints one JSON object.")

    @Option(help: "Redis host.") var host = "127.0.0.1"
    @Option(help: "Redis port.") var port = 6391
    @Option(help: "Concurrent clients, each with its own connection (pipeline mode).") var clients = 50
    @Option(help: "Commands per explicit pipeline (pipeline mode).") var pipeline = 32
    @Option(help: "Total ZADD commands.") var requests = 1_000_000
    @Flag(help: "Many tasks send single ZADDs through one shared client instead.") var auto = false
    @Option(help: "Concurrent tasks in --auto mode.") var tasks = 1_000
    @Option(help: "Connections of the shared client in --auto mode.") var connections = 2
    @Option(help: "Pipeline mode: all clients share one RedisClient with this many connections.")
    var sharedConnections: Int?

    struct Result: Encodable {
        let bridge = "redis"
        let mode: String
        let metric = "ZADD/s"
        let rate: Double
        let seconds: Double
        let requests: Int
        let errors: Int
        let clients: Int
        let pipeline: Int
        let tasks: Int
        let connections: Int
    }

    func run() async throws {
        var logger = Logger(label: "rediclaim.bench.redis")
        logger.logLevel = .warning
        let key = "rediclaim:bench:zadd:\(ProcessInfo.processInfo.processIdentifier)"
        let counter = RequestCounter(total: requests)
        let started: ContinuousClock.Instant
        let errors: Int

        if auto {
            let client = RedisClient(
                configuration: RedisConfiguration(host: host, port: port, connectionCount: connections), logger: logger)
            try await client.ping()
            started = .now
            errors = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        var failed = 0
                        while let index = counter.take(1)?.lowerBound {
                            let reply = try await client.send(Self.zadd(key, index))
                            if reply.int == nil { failed += 1 }
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            _ = try await client.send("DEL", key)
            await client.shutdown()
        } else {
            let shared = sharedConnections.map {
                RedisClient(configuration: RedisConfiguration(host: host, port: port, connectionCount: $0), logger: logger)
            }
            let pool = (0..<clients).map { _ in
                shared ?? RedisClient(configuration: RedisConfiguration(host: host, port: port, connectionCount: 1), logger: logger)
            }
            for client in pool { try await client.ping() }
            started = .now
            errors = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in pool {
                    group.addTask { [pipeline] in
                        var failed = 0
                        while let range = counter.take(pipeline) {
                            let replies = try await client.pipeline(range.map { Self.zadd(key, $0) })
                            failed += replies.count(where: { $0.int == nil })
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            _ = try await pool[0].send("DEL", key)
            for client in pool { await client.shutdown() }
        }

        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let result = Result(
            mode: auto ? "auto" : "pipeline", rate: (Double(requests) / seconds).rounded(), seconds: seconds,
            requests: requests, errors: errors, clients: auto ? tasks : clients, pipeline: auto ? 1 : pipeline,
            tasks: auto ? tasks : 0, connections: auto ? connections : sharedConnections ?? clients)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// Like redis-benchmark's ZADD: one sorted set, a small set of members.
    static func zadd(_ key: String, _ index: Int) -> RedisCommand {
        RedisCommand("ZADD", key, index, "element:\(index % 1000)")
    }
}

/// Hands out request indices to concurrent workers until the total is reached.
final class RequestCounter: Sendable {
    private let next = Atomic<Int>(0)
    private let total: Int

    init(total: Int) { self.total = total }

    func take(_ count: Int) -> Range<Int>? {
        let start = next.wrappingAdd(count, ordering: .relaxed).oldValue
        guard start < total else { return nil }
        return start..<min(start + count, total)
    }
}
