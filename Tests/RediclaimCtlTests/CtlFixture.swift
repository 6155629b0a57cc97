import Foundation
import RediclaimCore
import RediclaimStore
import RediclaimRedis
import TestSupport

/// `rediclaimctl` against a private database; events get ids no other test uses.
struct CtlFixture {
    let database: String
    let eventId = Int64.random(in: 1_000_000_000...9_000_000_000)

    var environment: [String: String] {
        [
            "REDICLAIM_MYSQL_URL": "mysql://\(TestStack.mysqlUser)@\(TestStack.mysqlHost):\(TestStack.mysqlPort)/\(database)",
            "REDICLAIM_MYSQL_PASSWORD": TestStack.mysqlPassword,
            "REDICLAIM_REDIS_URL": TestStack.redisURL,
            "REDICLAIM_KAFKA_BROKERS": TestStack.kafkaBrokers,
        ]
    }

    func ctl(_ arguments: String...) async throws -> Executables.Result {
        try await Executables.run("rediclaimctl", arguments, environment: environment)
    }

    /// An events file holding this fixture's event.
    func eventsFile(stock: Int = 100, rate: Int = 50, closeAt: String = "2030-01-01T00:00:00Z") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(eventId).yaml").path
        try """
        events:
          - id: \(eventId)
            name: Test sale
            stock: \(stock)
            openAt: 2026-01-01T00:00:00Z
            closeAt: \(closeAt)
            releaseRate: \(rate)
            coupon: {type: FIXED, amount: 500, minOrderAmount: 1000, validDays: 3}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Removes the event's Redis keys and its entry in the event set, so shared Redis stays clean.
    func cleanup() async {
        let redis = TestServers.redis()
        let keys = RedisKeys(eventId: eventId)
        for key in keys.all { _ = try? await redis.send("DEL", key) }
        _ = try? await redis.send("SREM", RedisKeys.events(), eventId)
        await redis.shutdown()
    }
}
