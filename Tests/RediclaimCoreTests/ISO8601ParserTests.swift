import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct ISO8601ParserTests {
    @Test(arguments: [
        ("2025-01-01T00:00:00Z", 1_735_689_600_000),
        ("2025-01-01t00:00:00z", 1_735_689_600_000),
        ("2025-01-01T09:00:00+09:00", 1_735_689_600_000),
        ("2024-12-31T19:30:00-04:30", 1_735_689_600_000),
        ("2025-01-01T00:00:00.1Z", 1_735_689_600_100),
        ("2025-01-01T00:00:00.123Z", 1_735_689_600_123),
        ("2025-01-01T00:00:00.123456789Z", 1_735_689_600_123),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
        ("1970-01-01T00:00:00Z", 0),
    ] as [(String, Int64)])
    func parsesValidTimestamps(text: String, millis: Int64) throws {
        let date = try #require(Timestamps.parseISO8601(text))
        #expect(Timestamps.epochMillis(date) == millis)
    }

    @Test(arguments: [
        "",
        "2025-01-01",
        "2025-01-01T00:00:00",  // no zone: ambiguous
        "2025-01-01 00:00:00Z",  // space instead of T
        "2025-02-30T00:00:00Z",  // no such day (Foundation accepts it)
        "2023-02-29T00:00:00Z",  // not a leap year
        "2025-13-01T00:00:00Z",
        "2025-00-10T00:00:00Z",
        "2025-01-00T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T00:60:00Z",
        "2025-01-01T00:00:60Z",  // leap seconds are not accepted
        "2025-01-01T00:00:00.Z",
        "2025-01-01T00:00:00.1234567890Z",
        "2025-01-01T00:00:00+0900",
        "2025-01-01T00:00:00+24:00",
        "2025-01-01T00:00:00Zjunk",
        "0000-01-01T00:00:00Z",
        "+2025-01-01T00:00:00Z",
        "2025-1-01T00:00:00Z",
        "２０２５-01-01T00:00:00Z",  // full-width digits
    ])
    func rejectsInvalidTimestamps(text: String) {
        #expect(Timestamps.parseISO8601(text) == nil)
    }
}
