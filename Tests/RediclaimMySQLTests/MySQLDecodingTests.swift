import Foundation
@testable import RediclaimMySQL
import Testing

@Suite("Row decoding and date conversion (no server)")
struct MySQLDecodingTests {
    private func row(_ pairs: [(String, MySQLData)]) -> MySQLRow {
        MySQLRow(
            columns: MySQLColumns(pairs.map { MySQLColumn(name: $0.0, typeName: "T") }),
            values: pairs.map(\.1))
    }

    @Test func decodesByNameAndIndex() throws {
        let row = row([("id", .int(7)), ("Name", .string("ü")), ("n", .null), ("big", .uint(.max))])
        #expect(try row.decode("id", as: Int64.self) == 7)
        #expect(try row.decode(0, as: Int.self) == 7)
        #expect(try row.decode("name", as: String.self) == "ü")
        #expect(try row.decode("n", as: String?.self) == nil)
        #expect(try row.decode("big", as: UInt64.self) == .max)
        #expect(try row.decode("id", as: Bool.self) == true)
    }

    @Test func nullWrongTypeAndMissingColumnNameTheColumn() {
        let row = row([("coupon_code", .null), ("user_id", .string("u-1")), ("big", .uint(.max))])
        #expect {
            _ = try row.decode("coupon_code", as: String.self)
        } throws: { error in
            let error = error as? MySQLError
            return error?.code == .unexpectedNull && error?.message.contains("coupon_code") == true
        }
        #expect {
            _ = try row.decode("user_id", as: Int64.self)
        } throws: { error in
            let error = error as? MySQLError
            return error?.code == .typeMismatch && error?.message.contains("user_id") == true
        }
        #expect {
            _ = try row.decode("big", as: Int64.self)  // does not fit: no silent truncation
        } throws: { ($0 as? MySQLError)?.code == .typeMismatch }
        #expect {
            _ = try row.decode("nope", as: Int64.self)
        } throws: { ($0 as? MySQLError)?.code == .unknownColumn }
        #expect {
            _ = try row.decode(9, as: Int64.self)
        } throws: { ($0 as? MySQLError)?.code == .unknownColumn }
    }

    @Test(arguments: [
        0.0, 1_700_000_000.123, -1.5, 951_782_400.999, 253_402_300_799.0, -62_135_596_800.0, 1_709_164_800.000_001,
    ])
    func dateRoundTripsThroughMySQLTime(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let back = try #require(MariaDBTime.date(from: MariaDBTime.time(from: date)))
        #expect(abs(back.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test func knownCalendarDates() {
        let time = MariaDBTime.time(from: Date(timeIntervalSince1970: 951_782_400))  // 2000-02-29 00:00:00 UTC
        #expect((time.year, time.month, time.day, time.hour) == (2000, 2, 29, 0))
        let later = MariaDBTime.time(from: Date(timeIntervalSince1970: 1_735_689_599.5))  // 2024-12-31 23:59:59.5
        #expect((later.year, later.month, later.day, later.hour, later.minute, later.second) == (2024, 12, 31, 23, 59, 59))
        #expect(later.second_part == 500_000)
    }
}
