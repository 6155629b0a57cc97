import Foundation
import RediclaimMySQL
import Testing

@Suite("Column types round-trip through prepared statements (MariaDB)", .timeLimit(.minutes(1)))
struct MySQLTypesTests {
    static let createTable = """
        CREATE TABLE every_type (
          id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          big BIGINT NULL, ubig BIGINT UNSIGNED NULL, i INT NULL, tiny TINYINT NULL, flag BOOL NULL,
          name VARCHAR(64) NULL, code CHAR(16) NULL, body TEXT NULL, raw VARBINARY(64) NULL, blob_col BLOB NULL,
          at DATETIME(3) NULL, ts TIMESTAMP(3) NULL DEFAULT NULL, amount DECIMAL(12,2) NULL, ratio DOUBLE NULL,
          state ENUM('WAITING','ISSUED','SOLD_OUT') NULL
        ) ENGINE=InnoDB
        """

    @Test func everyColumnTypeRoundTrips() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.createTable)
            let at = Date(timeIntervalSince1970: 1_767_225_600.123)  // 2026-01-01 00:00:00.123 UTC
            let amount = Decimal(string: "1234567890.25", locale: Locale(identifier: "en_US_POSIX"))!
            let raw: [UInt8] = [0, 1, 0, 255, 0x27, 0x5C, 0]
            let blob = Data((0..<3000).map { UInt8($0 % 256) })  // longer than the first fetch buffer
            let name = "쿠폰 🎟️ Zoë \u{0} end"
            let body = String(repeating: "긴 본문 ", count: 2000)
            let inserted = try await client.execute(
                """
                INSERT INTO every_type (big, ubig, i, tiny, flag, name, code, body, raw, blob_col, at, ts, amount, ratio, state)
                VALUES (\(Int64.min), \(UInt64.max), \(Int32.max), \(Int8(-128)), \(true), \(name), \("ABCD-EFGH-IJKL-M"),
                        \(body), \(raw), \(blob), \(at), \(at), \(amount), \(Double.pi), \("ISSUED"))
                """)
            #expect(inserted.affectedRows == 1)
            #expect(inserted.lastInsertID >= 1)

            let rows = try await client.query("SELECT * FROM every_type WHERE id = \(inserted.lastInsertID)")
            let row = try #require(rows.first)
            #expect(try row.decode("big", as: Int64.self) == .min)
            #expect(try row.decode("ubig", as: UInt64.self) == .max)
            #expect(try row.decode("i", as: Int32.self) == .max)
            #expect(try row.decode("tiny", as: Int8.self) == -128)
            #expect(try row.decode("flag", as: Bool.self) == true)
            #expect(try row.decode("name", as: String.self) == name)
            #expect(try row.decode("code", as: String.self) == "ABCD-EFGH-IJKL-M")
            #expect(try row.decode("body", as: String.self) == body)
            #expect(try row.decode("raw", as: [UInt8].self) == raw)
            #expect(try row.decode("blob_col", as: Data.self) == blob)
            let readAt = try row.decode("at", as: Date.self)
            #expect(abs(readAt.timeIntervalSince1970 - at.timeIntervalSince1970) < 0.000_5)
            let readTs = try row.decode("ts", as: Date.self)
            #expect(abs(readTs.timeIntervalSince1970 - at.timeIntervalSince1970) < 0.000_5)
            #expect(try row.decode("amount", as: Decimal.self) == amount)
            #expect(try row.decode("amount", as: String.self) == "1234567890.25")
            #expect(try row.decode("ratio", as: Double.self) == Double.pi)
            #expect(try row.decode("state", as: String.self) == "ISSUED")
        }
    }

    @Test func nullsInEveryColumn() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.createTable)
            let none: String? = nil
            let noDate: Date? = nil
            let result = try await client.execute(
                "INSERT INTO every_type (big, name, at, amount) VALUES (\(Int64?.none), \(none), \(noDate), \(Decimal?.none))")
            let row = try #require(try await client.query("SELECT * FROM every_type WHERE id = \(result.lastInsertID)").first)
            for column in ["big", "ubig", "i", "tiny", "flag", "name", "code", "body", "raw", "blob_col", "at", "ts", "amount", "ratio", "state"] {
                #expect(row[column] == .null, "column \(column)")
            }
            #expect(try row.decode("big", as: Int64?.self) == nil)
            #expect(try row.decode("at", as: Date?.self) == nil)
            #expect {
                _ = try row.decode("amount", as: Decimal.self)
            } throws: { error in
                (error as? MySQLError)?.code == .unexpectedNull && "\(error)".contains("amount")
            }
        }
    }

    @Test func dateIsStoredAsUTC() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery("CREATE TABLE d (at DATETIME(3) NOT NULL)")
            try await client.execute("INSERT INTO d VALUES (\(Date(timeIntervalSince1970: 0.5)))")
            let text = try await client.query("SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS t, @@session.time_zone AS tz FROM d")
            #expect(try text.first?.decode("t", as: String.self) == "1970-01-01 00:00:00.500000")
            #expect(try text.first?.decode("tz", as: String.self) == "+00:00")
        }
    }

    @Test func expressionsAndManyRows() async throws {
        try await MySQLTestDatabase.with { client, _ in
            let rows = try await client.query(
                "SELECT \(Int64(5)) + 1 AS six, CAST(\("2.50") AS DECIMAL(4,2)) AS d, NULL AS n, \("x") AS s, UTC_TIMESTAMP(3) AS now")
            let row = try #require(rows.first)
            #expect(try row.decode("six", as: Int.self) == 6)
            #expect(try row.decode("d", as: Double.self) == 2.5)
            #expect(try row.decode("n", as: Int?.self) == nil)
            #expect(try row.decode("s", as: String.self) == "x")
            let now = try row.decode("now", as: Date.self)
            #expect(abs(now.timeIntervalSinceNow) < 120)

            try await client.simpleQuery("CREATE TABLE many (n INT NOT NULL PRIMARY KEY)")
            var insert: MySQLQuery = "INSERT INTO many (n) VALUES "
            insert.append(0..<2000) { "(\($0))" }
            #expect(try await client.execute(insert).affectedRows == 2000)
            let all = try await client.query("SELECT n FROM many ORDER BY n")
            #expect(all.count == 2000)
            #expect(try all.map { try $0.decode(0, as: Int.self) } == Array(0..<2000))
        }
    }
}
