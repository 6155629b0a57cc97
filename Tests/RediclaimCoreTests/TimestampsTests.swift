import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct TimestampsTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_735_689_600, "2025-01-01T00:00:00Z"),
        (1_735_689_600.123, "2025-01-01T00:00:00.123Z"),
        (1_735_689_600.5, "2025-01-01T00:00:00.500Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (951_868_799, "2000-02-29T23:59:59Z"),
        (4_107_542_399, "2100-02-28T23:59:59Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func formatsISO8601InUTC(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamps.iso8601(date) == text)
        #expect(Timestamps.parseISO8601(text) == Timestamps.date(epochMillis: Timestamps.epochMillis(date)))
    }

    @Test(arguments: [Int64(0), 1, -1, 999, 1_735_689_600_123, -62_135_596_800_000, 253_402_300_799_999])
    func epochMillisRoundTrips(millis: Int64) {
        #expect(Timestamps.epochMillis(Timestamps.date(epochMillis: millis)) == millis)
    }

    @Test func epochMillisClampsDatesOutsideInt64() {
        #expect(Timestamps.epochMillis(.distantFuture) > 0)
        #expect(Timestamps.epochMillis(Date(timeIntervalSince1970: 1e300)) == .max)
        #expect(Timestamps.epochMillis(Date(timeIntervalSince1970: -1e300)) == .min)
    }

    /// The civil-date arithmetic agrees with Foundation's Gregorian calendar, day by day.
    @Test func civilDateMatchesFoundationCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        // 1600-01-01 through 2400-12-31, every 11th day (covers all century/leap cases).
        for days in stride(from: Int64(-135_140), through: 157_000, by: 11) {
            let civil = CivilDate(daysSinceEpoch: days)
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(civil == CivilDate(year: Int64(parts.year!), month: Int64(parts.month!), day: Int64(parts.day!)))
            #expect(civil.daysSinceEpoch == days)
        }
    }

    @Test(arguments: [
        (Int64(2024), Int64(2), Int64(29)), (2023, 2, 28), (2000, 2, 29), (1900, 2, 28), (2100, 2, 28),
        (2025, 1, 31), (2025, 4, 30), (2025, 6, 30), (2025, 9, 30), (2025, 11, 30), (2025, 12, 31),
    ])
    func daysInMonth(year: Int64, month: Int64, days: Int64) {
        #expect(CivilDate.daysIn(month: month, year: year) == days)
    }
}
