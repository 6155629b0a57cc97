import ArgumentParser
import Foundation
import Logging
import RediclaimMySQL

/// Inserts coupon-shaped rows in multi-row prepared `INSERT IGNORE` statements, one autocommit
/// statement each, on one connection; prints one JSON object. `--emit-sql` instead writes the same
/// statements as SQL text for the `mariadb` client (see scripts/bench/bridges/mysql.sh).
struct MySQLBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mysql", abstract: "Measures multi-row INSERT IGNORE throughput through the MySQL bridge.")

    @Option(help: "mysql://user[:password]@host:port/database (default: $REDICLAIM_MYSQL_URL)")
    var url: String?

    @Option(help: "Password, if not in the URL (default: $REDICLAIM_MYSQL_PASSWORD)")
    var password: String?

    @Option(help: "Rows to insert.")
    var rows = 100_000

    @Option(help: "Rows per INSERT statement.")
    var batch = 500

    @Option(help: "Table name (default: a fresh unique name); it is dropped and re-created.")
    var table: String?

    @Flag(help: "Keep the table afterwards.")
    var keepTable = false

    @Option(help: "Write schema.sql and inserts.sql for the same rows into this directory, then exit.")
    var emitSQL: String?

    func validate() throws {
        guard rows > 0, batch > 0 else { throw ValidationError("--rows and --batch must be positive") }
        guard batch * 4 <= 65_535 else { throw ValidationError("--batch too large: at most 16383 rows (4 binds each)") }
    }

    func run() async throws {
        let table = self.table ?? "bench_coupon_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0...UInt32.max))"
        if let emitSQL {
            try BenchCouponRows.writeSQL(directory: emitSQL, table: table, rows: rows, batch: batch)
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let url = self.url ?? environment["REDICLAIM_MYSQL_URL"] ?? "mysql://rediclaim@127.0.0.1:3317/rediclaim"
        var configuration = try MySQLConfiguration(url: url, password: password ?? environment["REDICLAIM_MYSQL_PASSWORD"])
        configuration.poolSize = 1
        var logger = Logger(label: "rediclaim.bench.mysql")
        logger.logLevel = .warning
        let client = try MySQLClient(configuration: configuration, logger: logger)
        do {
            let result = try await measure(client: client, table: table)
            await client.close()
            print(result)
        } catch {
            await client.close()
            throw error
        }
    }

    private func measure(client: MySQLClient, table: String) async throws -> String {
        try await client.withConnection { connection in
            try await connection.simpleQuery(BenchCouponRows.schema(table: table))
            var latencies: [Double] = []
            var inserted: UInt64 = 0
            let clock = ContinuousClock()
            let started = clock.now
            var first = 0
            while first < rows {
                let last = min(first + batch, rows)
                var insert: MySQLQuery = "\(unescaped: BenchCouponRows.insertPrefix(table: table))"
                insert.append(first..<last) { index in
                    let row = BenchCouponRows.row(index)
                    return "(\(row.eventID), \(row.userID), \(row.couponCode), \(row.issuedAt))"
                }
                let statementStart = clock.now
                inserted += try await connection.execute(insert).affectedRows
                latencies.append(Self.milliseconds(statementStart.duration(to: clock.now)))
                first = last
            }
            let seconds = Self.milliseconds(started.duration(to: clock.now)) / 1000
            let count = try await connection.query("SELECT COUNT(*) AS n FROM \(identifier: table)")
                .first?.decode("n", as: Int.self) ?? -1
            if !keepTable { try await connection.simpleQuery("DROP TABLE IF EXISTS \(MySQLQuery.quoteIdentifier(table))") }
            guard count == rows else { throw ValidationError("table holds \(count) rows, expected \(rows)") }
            latencies.sort()
            let report: [String: Any] = [
                "bridge": "mysql", "metric": "rows/s", "rows": rows, "batch": batch,
                "statements": latencies.count, "inserted": inserted, "seconds": Self.rounded(seconds),
                "rate": Self.rounded(Double(rows) / seconds),
                "statement_ms_p50": Self.rounded(latencies[latencies.count / 2]),
                "statement_ms_p99": Self.rounded(latencies[min(latencies.count - 1, latencies.count * 99 / 100)]),
                "server": connection.serverVersion,
            ]
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
