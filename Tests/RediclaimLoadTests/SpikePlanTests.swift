import Foundation
import Logging
import RediclaimIdentity
import Testing

@testable import RediclaimLoad

@Suite("Spike plans and development tokens")
struct SpikePlanTests {
    @Test("a ramp then a steady rate: arrivals never go back in time, and the rate is what was asked")
    func schedule() {
        var plan = SpikePlan()
        plan.users = 100_000
        plan.rampSeconds = 2
        plan.arrivalsPerSecond = SpikePlan.rate(users: 100_000, within: 10, ramp: 2)
        let times = (0..<plan.users).map(plan.arrival)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(abs(plan.arrivalSeconds - 10) < 0.01)
        // The ramp's first second holds a quarter of its arrivals; the steady part exactly the rate.
        let firstSecond = times.filter { $0 < 1 }.count
        let rampTotal = Int(plan.arrivalsPerSecond * plan.rampSeconds / 2)
        #expect(abs(firstSecond - rampTotal / 4) <= 1)
        let steady = times.filter { $0 >= 5 && $0 < 6 }.count
        #expect(abs(Double(steady) - plan.arrivalsPerSecond) <= 1)
        var flat = SpikePlan()
        flat.arrivalsPerSecond = 1_000
        #expect(flat.arrival(500) == 0.5)
    }

    @Test("the generator's HS256 tokens pass the gate's verifier")
    func tokens() async throws {
        let secret = String(repeating: "k", count: 40)
        var settings = TokenSettings()
        settings.hmacSecret = secret
        let verifier = try await TokenVerifier(settings: settings, logger: Logger(label: "test"))
        let token = DevToken.hs256(secret: secret, user: "load-7", now: Int(Date().timeIntervalSince1970))
        #expect(try await verifier.user(token: token) == "load-7")
        let forged = DevToken.hs256(secret: String(repeating: "x", count: 40), user: "load-7", now: Int(Date().timeIntervalSince1970))
        await #expect(throws: (any Error).self) { _ = try await verifier.user(token: forged) }
    }
}
