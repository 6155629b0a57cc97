import Foundation
import RediclaimMySQL
import TestSupport
import Testing

@Suite("Errors, transactions and injection (MariaDB)", .timeLimit(.minutes(1)))
struct MySQLErrorTests {
    static let couponTable = """
        CREATE TABLE coupon_issue (
          id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, event_id BIGINT NOT NULL, user_id VARCHAR(64) NOT NULL,
          UNIQUE KEY uq_event_user (event_id, user_id)
        ) ENGINE=InnoDB
        """

    @Test func duplicateKeyMapsToDuplicateEntry() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.couponTable)
            try await client.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(1001), \("u-42"))")
            let error = try await #require(throws: MySQLError.self) {
                try await client.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(1001), \("u-42"))")
            }
            #expect(error.code == .duplicateEntry)
            #expect(error.errorNumber == 1062)
            #expect(error.sqlState == "23000")
            #expect(error.serverMessage?.contains("u-42") == true)
            #expect(!error.description.contains("u-42"))
            #expect(!error.isTransient)
            // INSERT IGNORE reports the duplicate as 0 affected rows instead.
            let ignored = try await client.execute(
                "INSERT IGNORE INTO coupon_issue (event_id, user_id) VALUES (\(1001), \("u-42")), (\(1001), \("u-43"))")
            #expect(ignored.affectedRows == 1)
        }
    }

    @Test("a statement cut by max_statement_time (1969) is transient, and the pool goes on")
    func interruptedStatementIsTransient() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.couponTable)
            try await client.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(1), \("held"))")
            // One connection holds the row lock; the other waits for it until its statement time runs out.
            try await client.withTransaction { holder in
                _ = try await holder.query("SELECT id FROM coupon_issue WHERE user_id = \("held") FOR UPDATE")
                let error = try await #require(throws: MySQLError.self) {
                    try await client.query(
                        "SET STATEMENT max_statement_time=0.3 FOR SELECT id FROM coupon_issue WHERE user_id = \("held") FOR UPDATE")
                }
                #expect(error.code == .interrupted && error.errorNumber == 1969, "\(String(reflecting: error))")
                #expect(error.isTransient)
            }
            #expect(try await client.query("SELECT COUNT(*) AS n FROM coupon_issue").first?.decode("n", as: Int.self) == 1)
        }
    }

    @Test func missingTableAndSyntaxErrors() async throws {
        try await MySQLTestDatabase.with { client, _ in
            let missing = try await #require(throws: MySQLError.self) {
                try await client.query("SELECT * FROM no_such_table WHERE id = \(1)")
            }
            #expect(missing.code == .tableMissing)
            let syntax = try await #require(throws: MySQLError.self) { try await client.query("SELEC 1") }
            #expect(syntax.code == .other(1064))
            let mismatch = try await #require(throws: MySQLError.self) {
                try await client.query(MySQLQuery(unsafeSQL: "SELECT ?, ?", binds: [.int(1)]))
            }
            #expect(mismatch.code == .parameterCountMismatch)
            // The connection stays usable after statement errors.
            #expect(try await client.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
        }
    }

    @Test func failingTransactionRollsBack() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.couponTable)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await client.withTransaction { connection in
                    try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(7), \("a"))")
                    try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(7), \("b"))")
                    throw Boom()
                }
            }
            // A server error inside the transaction rolls back the earlier rows too.
            await #expect(throws: MySQLError.self) {
                try await client.withTransaction { connection in
                    try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(7), \("c"))")
                    try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(7), \("c"))")
                }
            }
            let count = try await client.query("SELECT COUNT(*) AS n FROM coupon_issue").first?.decode("n", as: Int.self)
            #expect(count == 0)

            let committed = try await client.withTransaction { connection in
                try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(7), \("d"))")
                return "done"
            }
            #expect(committed == "done")
            let after = try await client.query("SELECT user_id FROM coupon_issue")
            #expect(try after.map { try $0.decode("user_id", as: String.self) } == ["d"])
        }
    }

    @Test func cancelledTransactionRollsBack() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.couponTable)
            let task = Task {
                try await client.withTransaction { connection in
                    try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(8), \("x"))")
                    withUnsafeCurrentTask { $0?.cancel() }  // cancelled after the work, before COMMIT
                }
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            let count = try await client.query("SELECT COUNT(*) AS n FROM coupon_issue").first?.decode("n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func transactionLeftOpenIsRolledBackOnRelease() async throws {
        try await MySQLTestDatabase.with(poolSize: 1) { client, _ in
            try await client.simpleQuery(Self.couponTable)
            try await client.withConnection { connection in
                try await connection.simpleQuery("START TRANSACTION")
                try await connection.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(9), \("y"))")
            }
            let count = try await client.query("SELECT COUNT(*) AS n FROM coupon_issue").first?.decode("n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func injectionAttemptStaysAValue() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery(Self.couponTable)
            let hostile = "u-1'); DROP TABLE coupon_issue; -- ' OR '1'='1"
            try await client.execute("INSERT INTO coupon_issue (event_id, user_id) VALUES (\(1), \(hostile))")
            let matches = try await client.query("SELECT user_id FROM coupon_issue WHERE user_id = \(hostile)")
            #expect(try matches.map { try $0.decode("user_id", as: String.self) } == [hostile])
            let none = try await client.query("SELECT user_id FROM coupon_issue WHERE user_id = \("' OR '1'='1")")
            #expect(none.isEmpty)
            let tables = try await client.query("SELECT COUNT(*) AS n FROM coupon_issue")
            #expect(try tables.first?.decode("n", as: Int.self) == 1)
        }
    }

    @Test func wrongPasswordFailsFastWithAccessDenied() async throws {
        var configuration = MySQLTestDatabase.serverConfiguration()
        configuration.password = "definitely-wrong"
        let client = try MySQLClient(configuration: configuration, logger: MySQLTestDatabase.logger)
        let start = ContinuousClock.now
        let error = try await #require(throws: MySQLError.self) { try await client.query("SELECT 1") }
        await client.close()
        #expect(error.code == .accessDenied)
        #expect(error.errorNumber == 1045)
        #expect(!error.isTransient)
        #expect(!String(reflecting: error).contains("definitely-wrong"))
        #expect(start.duration(to: .now) < .seconds(5))
    }

    @Test func unreachablePortFailsFastWithCannotConnect() async throws {
        var configuration = MySQLTestDatabase.serverConfiguration()
        configuration.port = 1  // nothing listens on a privileged port here: refused at once
        let client = try MySQLClient(configuration: configuration, logger: MySQLTestDatabase.logger)
        let start = ContinuousClock.now
        // Several waiters at once all get the error; none hangs.
        try await withThrowingTaskGroup(of: MySQLError.Code?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        _ = try await client.query("SELECT 1")
                        return nil
                    } catch let error as MySQLError {
                        return error.code
                    }
                }
            }
            for try await code in group { #expect(code == .cannotConnect) }
        }
        await client.close()
        #expect(start.duration(to: .now) < .seconds(5))
        let single = try MySQLClient(configuration: configuration, logger: MySQLTestDatabase.logger)
        let direct = try await #require(throws: MySQLError.self) { try await single.simpleQuery("SELECT 1") }
        await single.close()
        #expect(direct.code == .cannotConnect)
        #expect(direct.isTransient)
        #expect(direct.detail?.contains("127.0.0.1:1") == true)
    }
}

@Suite("Transaction misuse and less common column types (MariaDB)", .timeLimit(.minutes(1)))
struct MySQLMiscTests {
    @Test func nestedTransactionIsRefusedAndOuterRollsBack() async throws {
        try await MySQLTestDatabase.with { client, _ in
            try await client.simpleQuery("CREATE TABLE t (n INT NOT NULL)")
            let error = try await #require(throws: MySQLError.self) {
                try await client.withTransaction { connection in
                    try await connection.execute("INSERT INTO t VALUES (\(1))")
                    try await connection.withTransaction { inner in try await inner.execute("INSERT INTO t VALUES (\(2))") }
                }
            }
            #expect(error.code == .nestedTransaction)
            #expect(try await client.query("SELECT COUNT(*) AS n FROM t").first?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func timeYearBitFloatAndJSONColumns() async throws {
        try await MySQLTestDatabase.with { client, _ in
            let rows = try await client.query(
                """
                SELECT CAST('12:34:56' AS TIME) AS t, CAST(2024 AS UNSIGNED) AS y, b'10100101' AS bits,
                       CAST(\(1.5) AS FLOAT) AS f, JSON_OBJECT('k', \("v")) AS j, CAST(\("2026-03-01") AS DATE) AS d
                """)
            let row = try #require(rows.first)
            #expect(try row.decode("t", as: String.self) == "12:34:56")
            #expect(try row.decode("y", as: Int.self) == 2024)
            #expect(try row.decode("bits", as: [UInt8].self) == [0xA5])
            #expect(try row.decode("f", as: Double.self) == 1.5)
            #expect(try row.decode("j", as: String.self).replacingOccurrences(of: " ", with: "") == #"{"k":"v"}"#)
            let day = try row.decode("d", as: Date.self)
            #expect(day.timeIntervalSince1970 == 1_772_323_200)  // 2026-03-01T00:00:00Z
        }
    }
}
