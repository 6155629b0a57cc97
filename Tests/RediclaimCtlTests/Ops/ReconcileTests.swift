import Foundation
import RediclaimCore
import RediclaimRedis
import RediclaimStore
import TestSupport
import Testing

@Suite("rediclaimctl reconcile (Redis, MariaDB, Kafka, in-process issuer and result consumer)", .timeLimit(.minutes(3)))
struct ReconcileTests {
    @Test("each mismatch made on purpose is reported; --repair fixes it; a second reconcile and verify are clean")
    func mismatches() async throws {
        try await OpsStack.run { s in
            try await s.applyEvent(stock: 100)
            try await s.poison("u-poison")
            try await Services.run(s) { _ in
                let good = (0..<8).map { "u-\($0)" }
                let released = try await s.enqueueAndRelease(good + ["u-poison", "u-dropped"])
                try await s.dispatch(released, dropping: ["u-dropped"])
                try await s.waitForFinal(good)
                _ = try await s.waitForDeadLetters(1)
                let id = String(s.eventId)

                // A live campaign: the poison and the dropped request are younger than the grace period.
                let live = try await s.json("reconcile", id)
                #expect(live.status == 0, "\(live.object) \(live.stderr)")
                #expect(JSONAccess.object(live.object["found"])["inGrace"] as? Int == 2)

                // The mismatches: a lost status, a corrupt count, a row Redis and the result topic never saw.
                _ = try await s.withRedis { try await $0.send("HDEL", s.keys.users, "u-1") }
                try await s.client.execute("UPDATE coupon_event SET issued_count = issued_count - 1 WHERE id = \(s.eventId)")
                try await s.client.execute(
                    """
                    INSERT INTO coupon_issue (event_id, user_id, coupon_code, request_id, issued_at, expires_at)
                    VALUES (\(s.eventId), 'u-manual', 'MANUAL-1', \("\(s.eventId):u-manual"), UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE,
                        UTC_TIMESTAMP(3) + INTERVAL 3 DAY)
                    """)
                let found = try await s.json("reconcile", id, "--grace", "0s")
                #expect(found.status == 1)
                #expect(JSONAccess.kinds(found.object["found"]) == [
                    "statusMissing": 2, "resultMissing": 1, "releasedNotIssued": 1, "deadLettered": 1, "issuedCountMismatch": 1,
                ])
                let text = try await s.ctl("reconcile", id, "--grace", "0s")
                #expect(text.status == 1)
                #expect(text.stdout.contains("u-dropped: released") && text.stdout.contains("recompute issued_count"))

                // The poison's cause is fixed; the repair re-publishes, rewrites, recounts, then checks again.
                try await s.cure()
                let repaired = try await s.json("reconcile", id, "--grace", "0s", "--repair")
                #expect(repaired.status == 0, "\(repaired.object) \(repaired.stderr)")
                #expect(JSONAccess.object(repaired.object["recheck"])["clean"] as? Bool == true)
                let repairs = JSONAccess.objects(repaired.object["repairs"]).compactMap { $0["kind"] as? String }
                #expect(Set(repairs) == ["statusMissing", "resultMissing", "releasedNotIssued", "deadLettered", "issuedCountMismatch"])

                let again = try await s.ctl("reconcile", id, "--grace", "0s")
                #expect(again.status == 0 && again.stdout.contains("clean"), "\(again.stdout)")
                let records = try await s.waitForFinal(good + ["u-poison", "u-dropped", "u-1", "u-manual"], within: .seconds(5))
                guard case .issued(_, let code, _) = records["u-manual"] else { Issue.record("u-manual not ISSUED"); return }
                #expect(code == "MANUAL-1")
                #expect(try await EventStore(client: s.client).get(s.eventId).issuedCount == 11)
                let verify = try await s.ctl("verify", id)
                #expect(verify.status == 0, "\(verify.stdout)")
                let dlq = try await s.json("dlq", "list")
                #expect(JSONAccess.objects(dlq.object["entries"]).first?["replayed"] as? Bool == true)
            }
        }
    }
}
