import Foundation
import RediclaimCore
import RediclaimRedis
import RediclaimStore
import TestSupport
import Testing

@Suite("Runbook: Redis restart mid-campaign (in-process issuer and result consumer)", .timeLimit(.minutes(3)))
struct RedisRestartTests {
    @Test("flush the event's Redis keys, event sync rebuilds statuses and counts from MySQL, reconcile and verify pass, the campaign goes on")
    func redisRestart() async throws {
        try await OpsStack.run { s in
            try await s.applyEvent(stock: 10)
            try await Services.run(s) { _ in
                let first = (0..<6).map { "r-\($0)" }
                try await s.dispatch(try await s.enqueueAndRelease(first))
                try await s.waitForFinal(first)
                let id = String(s.eventId)

                // Redis comes back empty.
                _ = try await s.withRedis { redis in
                    for key in s.keys.all { _ = try await redis.send("DEL", key) }
                    return try await redis.send("SREM", RedisKeys.events(), s.eventId)
                }
                let lost = try await s.ctl("stats", id)
                #expect(lost.status == 0 && lost.stdout.contains("no runtime copy"), "\(lost.stdout)\(lost.stderr)")
                // `event sync` sees the runtime copy gone and rebuilds it from MySQL: the count issued, every
                // holder's status and the outcome of everyone told SOLD_OUT.
                let synced = try await s.ctl("event", "sync", id)
                #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
                #expect(synced.stdout.contains("rebuilt"), "\(synced.stdout)")
                try await s.hideFromOtherGates()
                let found = try await s.ctl("reconcile", id, "--grace", "0s")
                #expect(found.status == 0, "\(found.stdout)\(found.stderr)")
                let records = try await s.waitForFinal(first, within: .seconds(5))
                #expect(first.allSatisfy { if case .issued = records[$0] { true } else { false } })
                let verify = try await s.ctl("verify", id)
                #expect(verify.status == 0, "\(verify.stdout)")

                // The campaign continues: new users are released within what MySQL has left.
                let later = (0..<4).map { "late-\($0)" }
                try await s.dispatch(try await s.enqueueAndRelease(later))
                try await s.waitForFinal(later)
                let stats = try await s.json("stats", id, "--sample", "0")
                let live = JSONAccess.object(stats.object["live"])
                #expect(stats.object["state"] as? String == "SOLD_OUT" && stats.object["issuedInMySQL"] as? Int == 10)
                #expect(live["issued"] as? Int == 10 && live["released"] as? Int == 10, "\(live)")
                #expect(try await s.ctl("reconcile", id, "--grace", "0s").status == 0)
                let verifyLater = try await s.ctl("verify", id)
                #expect(verifyLater.status == 0, "\(verifyLater.stdout)")
            }
        }
    }
}
