import ArgumentParser
import Foundation
import Logging
import RediclaimCore
import RediclaimRedis
import RediclaimStore

/// A pre-queue cohort placed at the open through the real scripts: Redis memory per pre-queued user, and
/// how long each placement step holds Redis (its slow log, every command logged, while the cohort is placed).
struct CohortBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Places a pre-queue cohort; prints bytes per user and Redis time per chunk as one JSON object.")

    @Option(help: "Redis host.") var host = "127.0.0.1"
    @Option(help: "Redis port.") var port = 6391
    @Option(help: "Users in the cohort.") var users = 200_000
    @Option(help: "Users per placement chunk (the gate uses 500).") var chunk = 500
    @Option(help: "User id length in characters (ids are zero-padded numbers with a prefix).") var idLength = 12

    struct Result: Encodable {
        let users: Int
        let idLength: Int
        let chunk: Int
        let chunks: Int
        let preQueueBytesPerUser: Double
        let queueBytesPerUser: Double
        /// Redis's own time for the slowest command while placing (slow log, microseconds).
        let slowestRedisCommandMicros: Int
        let slowestPlacementChunkMicros: Int
        let medianPlacementChunkMicros: Int
        /// Reads of the cohort (ZRANGE pages) at their slowest.
        let slowestReadMicros: Int
        /// From the first step to the last, including the reads and the HMAC sort in the client.
        let placementSeconds: Double
        let enqueueSeconds: Double
    }

    func run() async throws {
        var logger = Logger(label: "rediclaim.bench.cohort")
        logger.logLevel = .warning
        let redis = RedisClient(configuration: RedisConfiguration(host: host, port: port, connectionCount: 4), logger: logger)
        let namespace = "bench-cohort-\(ProcessInfo.processInfo.processIdentifier)"
        let room = WaitingRoom(redis: redis, namespace: namespace)
        let keys = room.keys(1)
        let now = Date()
        let event = try Event(
            id: 1, name: "cohort bench", stock: Int64(users), openAt: now.addingTimeInterval(3_600), closeAt: now.addingTimeInterval(7_200),
            releaseRate: 100, coupon: try CouponPolicy(discount: .fixed(amount: 100), validDays: 1), preQueueSeconds: 7_200)
        let seed = ShuffleSeed.random()
        try await EventRuntimeStore(redis: redis, namespace: namespace).publish(EventRecord(event: event, shuffleSeed: seed), fresh: true)

        let prefix = "u-"
        let width = max(1, idLength - prefix.count)
        let ids = (0..<users).map { prefix + String(repeating: "0", count: max(0, width - String($0).count)) + String($0) }
        let enqueueStarted = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<200 {
                group.addTask {
                    for i in stride(from: lane, to: ids.count, by: 200) { _ = try await room.enqueue(eventId: 1, userId: ids[i]) }
                }
            }
            try await group.waitForAll()
        }
        let enqueueSeconds = Self.seconds(ContinuousClock.now - enqueueStarted)
        let preQueueBytes = try await redis.send("MEMORY", "USAGE", keys.preQueue, "SAMPLES", 0).int ?? 0

        let nowMs = try await room.serverTimeMs()
        _ = try await redis.send("HSET", keys.definition, "openAt", nowMs - 1_000)
        let saved = try await redis.send("CONFIG", "GET", "slowlog-*").array?.compactMap(\.string) ?? []
        _ = try await redis.send("CONFIG", "SET", "slowlog-log-slower-than", 0, "slowlog-max-len", 100_000)
        _ = try await redis.send("SLOWLOG", "RESET")
        let started = ContinuousClock.now
        let report = try await room.placeCohort(eventId: 1, seed: seed, token: "bench", chunkSize: chunk)
        let placementSeconds = Self.seconds(ContinuousClock.now - started)
        let log = try await redis.send("SLOWLOG", "GET", 100_000).array ?? []
        var pairs: [String] = []
        for i in stride(from: 0, to: saved.count - 1, by: 2) { pairs += [saved[i], saved[i + 1]] }
        if !pairs.isEmpty {
            var restore = RedisCommand("CONFIG", "SET")
            for p in pairs { restore.append(p) }
            _ = try await redis.send(restore)
        }
        // Entries: id, time, micros, [args...]; EVALSHA with our 4 keys is a chunk, ZRANGE a read.
        var chunks: [Int] = []
        var reads: [Int] = []
        var slowest = 0
        for entry in log {
            guard let parts = entry.array, parts.count >= 4, let micros = parts[2].int, let args = parts[3].array else { continue }
            let name = args.first?.string?.uppercased() ?? ""
            slowest = max(slowest, micros)
            if name == "EVALSHA", args.count > 3, args[2].string == "4" { chunks.append(micros) }
            if name == "ZRANGE" { reads.append(micros) }
        }
        chunks.sort()
        let queueBytes = try await redis.send("MEMORY", "USAGE", keys.queue, "SAMPLES", 0).int ?? 0
        var del = RedisCommand("DEL")
        for key in keys.all { del.append(key) }
        _ = try await redis.send(del)
        _ = try await redis.send("SREM", RedisKeys.events(namespace: namespace), "1")
        await redis.shutdown()

        let result = Result(
            users: users, idLength: idLength, chunk: chunk, chunks: report?.chunks ?? 0,
            preQueueBytesPerUser: Double(preQueueBytes) / Double(users), queueBytesPerUser: Double(queueBytes) / Double(users),
            slowestRedisCommandMicros: slowest, slowestPlacementChunkMicros: chunks.last ?? 0,
            medianPlacementChunkMicros: chunks.isEmpty ? 0 : chunks[chunks.count / 2], slowestReadMicros: reads.max() ?? 0,
            placementSeconds: placementSeconds, enqueueSeconds: enqueueSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
