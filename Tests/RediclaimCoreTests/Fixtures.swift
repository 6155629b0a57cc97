import Foundation

@testable import RediclaimCore

/// Shared test values: fixed dates, a sample event, a seeded generator.
enum Fixtures {
    /// 2025-01-01T00:00:00Z
    static let openAt = Date(timeIntervalSince1970: 1_735_689_600)
    /// 2025-01-01T02:00:00Z
    static let closeAt = Date(timeIntervalSince1970: 1_735_696_800)

    static func percentPolicy() throws -> CouponPolicy {
        try CouponPolicy(discount: .percent(10, maxDiscount: 5_000), minOrderAmount: 20_000, validDays: 7)
    }

    static func event(
        id: Int64 = 1001, name: String = "New Year 10%", stock: Int64 = 10_000, openAt: Date = openAt,
        closeAt: Date = closeAt, releaseRate: Int = 500
    ) throws -> Event {
        try Event(
            id: id, name: name, stock: stock, openAt: openAt, closeAt: closeAt, releaseRate: releaseRate,
            coupon: percentPolicy())
    }

    static func json(_ text: String) -> Data { Data(text.utf8) }

    /// Runs `body` and returns the RediclaimError it throws (nil if it throws none or another type).
    static func error(_ body: () throws -> Void) -> RediclaimError? {
        do {
            try body()
            return nil
        } catch let error as RediclaimError {
            return error
        } catch {
            return nil
        }
    }
}

/// SplitMix64: a small deterministic generator so tests can replay a sequence.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
