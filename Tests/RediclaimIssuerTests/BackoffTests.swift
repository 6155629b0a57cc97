import RediclaimIssuer
import Testing

@Suite("Backoff", .timeLimit(.minutes(1)))
struct BackoffTests {
    let backoff = Backoff(base: .milliseconds(100), max: .seconds(5))

    @Test("doubles per attempt within ±25 % jitter")
    func doubles() {
        for attempt in 1...5 {
            let plain = 100.0 * Double(1 << (attempt - 1))
            for _ in 0..<50 {
                let ms = backoff.delay(attempt: attempt) / .milliseconds(1)
                #expect(ms >= plain * 0.75 - 0.001 && ms <= plain * 1.25 + 0.001, "attempt \(attempt): \(ms) ms")
            }
        }
    }

    @Test("never exceeds the cap, even for huge attempt numbers")
    func capped() {
        for attempt in [7, 10, 31, 64, 1_000] {
            let ms = backoff.delay(attempt: attempt) / .milliseconds(1)
            #expect(ms <= 5_000 && ms >= 3_750, "attempt \(attempt): \(ms) ms")
        }
    }

    @Test("jitter spreads the delays")
    func jitters() {
        let delays = Set((0..<20).map { _ in backoff.delay(attempt: 3) })
        #expect(delays.count > 1)
    }
}
