import Foundation
import RediclaimMySQL
import Synchronization
import TestSupport
import Testing

@Suite("Pool, reconnects and concurrency (MariaDB)", .timeLimit(.minutes(1)))
struct MySQLPoolTests {
    /// Kills a server connection from a separate connection, like an operator or failover would.
    private func kill(_ id: UInt64) async throws {
        let admin = try MySQLClient(configuration: MySQLTestDatabase.serverConfiguration(), logger: MySQLTestDatabase.logger)
        try await admin.simpleQuery("KILL CONNECTION \(id)")
        await admin.close()
    }

    /// Defined behaviour: a statement on a connection the server killed fails with `.connectionLost`
    /// (never retried silently: it might have been applied); the pool then discards that
    /// connection and the next lease gets a fresh one.
    @Test func killedLeasedConnectionReportsConnectionLostThenPoolRecovers() async throws {
        try await MySQLTestDatabase.with(poolSize: 2) { client, _ in
            let killedID = try await client.withConnection { connection in
                #expect(try await connection.query("SELECT 1 AS one").count == 1)
                try await kill(connection.id)
                let error = try await #require(throws: MySQLError.self) {
                    try await connection.query("SELECT CONNECTION_ID() AS id")
                }
                #expect(error.code == .connectionLost, "\(String(reflecting: error))")
                #expect(error.isTransient)
                #expect(connection.isBroken)
                // Later calls on the broken connection keep failing the same way, without hanging.
                let again = try await #require(throws: MySQLError.self) { try await connection.ping() }
                #expect(again.code == .connectionLost)
                return connection.id
            }
            for _ in 0..<5 {
                let id = try await client.query("SELECT CONNECTION_ID() AS id").first?.decode("id", as: UInt64.self)
                #expect(id != nil && id != killedID)
            }
            #expect(client.statistics.open <= 2)
        }
    }

    /// Defined behaviour: a connection killed while idle in the pool is detected by the ping before
    /// reuse and replaced transparently (nothing had been sent on it).
    @Test func killedIdleConnectionIsReplacedTransparently() async throws {
        try await MySQLTestDatabase.with(poolSize: 1, configure: { $0.pingIdleConnectionsAfter = .zero }) { client, _ in
            let firstID = try #require(
                try await client.query("SELECT CONNECTION_ID() AS id").first?.decode("id", as: UInt64.self))
            #expect(client.statistics.idle == 1)
            try await kill(firstID)
            let secondID = try await client.query("SELECT CONNECTION_ID() AS id").first?.decode("id", as: UInt64.self)
            #expect(secondID != nil && secondID != firstID)
            #expect(client.statistics.open == 1)
        }
    }

    /// Without the idle ping the first use of a killed idle connection reports the loss, once.
    @Test func killedIdleConnectionWithoutPingFailsOnceThenRecovers() async throws {
        try await MySQLTestDatabase.with(poolSize: 1, configure: { $0.pingIdleConnectionsAfter = nil }) { client, _ in
            let firstID = try #require(
                try await client.query("SELECT CONNECTION_ID() AS id").first?.decode("id", as: UInt64.self))
            try await kill(firstID)
            let error = try await #require(throws: MySQLError.self) { try await client.query("SELECT 1") }
            #expect(error.code == .connectionLost)
            let secondID = try await client.query("SELECT CONNECTION_ID() AS id").first?.decode("id", as: UInt64.self)
            #expect(secondID != nil && secondID != firstID)
        }
    }

    @Test func twoHundredConcurrentQueriesOverFourConnections() async throws {
        try await MySQLTestDatabase.with(poolSize: 4) { client, _ in
            try await client.simpleQuery("CREATE TABLE hits (n INT NOT NULL PRIMARY KEY, conn BIGINT UNSIGNED NOT NULL)")
            let ids = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        try await client.execute("INSERT INTO hits (n, conn) VALUES (\(n), CONNECTION_ID())")
                        let row = try #require(try await client.query("SELECT \(n) AS n, CONNECTION_ID() AS id").first)
                        #expect(try row.decode("n", as: Int.self) == n)
                        return try row.decode("id", as: UInt64.self)
                    }
                }
                var ids = Set<UInt64>()
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count >= 1 && ids.count <= 4)
            let count = try await client.query("SELECT COUNT(*) AS n, COUNT(DISTINCT conn) AS c FROM hits").first
            #expect(try count?.decode("n", as: Int.self) == 200)
            #expect(try count.map { try $0.decode("c", as: Int.self) <= 4 } == true)
            let stats = client.statistics
            #expect(stats.open <= 4 && stats.waiting == 0)
        }
    }

    @Test func withConnectionKeepsOneSessionForGetLock() async throws {
        try await MySQLTestDatabase.with(poolSize: 3) { client, database in
            let lock = "\(database).migrate"
            try await client.withConnection { connection in
                let got = try await connection.query("SELECT GET_LOCK(\(lock), 1) AS got").first?.decode("got", as: Int.self)
                #expect(got == 1)
                // Another session cannot take it meanwhile.
                let other = try await client.query("SELECT GET_LOCK(\(lock), 0) AS got").first?.decode("got", as: Int.self)
                #expect(other == 0)
                let released = try await connection.query("SELECT RELEASE_LOCK(\(lock)) AS r").first?.decode("r", as: Int.self)
                #expect(released == 1)
            }
        }
    }

    @Test func waiterCancellationDoesNotLeakConnections() async throws {
        try await MySQLTestDatabase.with(poolSize: 1) { client, _ in
            let entered = Mutex(false)
            let holder = Task {
                try await client.withConnection { connection in
                    entered.withLock { $0 = true }
                    _ = try await connection.query("SELECT SLEEP(3)")
                }
            }
            while !entered.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            let waiter = Task { try await client.query("SELECT 1") }
            let deadline = ContinuousClock.now + .seconds(2)
            while client.statistics.waiting == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(client.statistics.waiting == 1)
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            try await holder.value
            #expect(client.statistics.waiting == 0)
            #expect(try await client.query("SELECT 2 AS two").first?.decode("two", as: Int.self) == 2)
        }
    }

    @Test func closedClientRefusesWork() async throws {
        let client = try MySQLClient(
            configuration: MySQLTestDatabase.serverConfiguration(), logger: MySQLTestDatabase.logger)
        #expect(try await client.query("SELECT 1 AS one").first?.decode("one", as: Int.self) == 1)
        await client.close()
        #expect(client.statistics.open == 0)
        let error = try await #require(throws: MySQLError.self) { try await client.query("SELECT 1") }
        #expect(error.code == .closed)
    }

    /// Counts this session's prepares (server side) after running 10 distinct statements twice.
    private func preparesForTwoRounds(cacheCapacity: Int) async throws -> (prepares: Int, closes: Int) {
        try await MySQLTestDatabase.with(poolSize: 1, configure: { $0.statementCacheCapacity = cacheCapacity }) { client, _ in
            try await client.withConnection { connection in
                for round in 0..<2 {
                    for n in 0..<10 {
                        let sql = MySQLQuery(unsafeSQL: "SELECT ? + \(n) AS v", binds: [.int(Int64(round))])
                        #expect(try await connection.query(sql).first?.decode("v", as: Int.self) == round + n)
                    }
                }
                let status = try await connection.query(
                    "SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME IN ('COM_STMT_PREPARE', 'COM_STMT_CLOSE')")
                var values: [String: Int] = [:]
                for row in status {
                    values[try row.decode("name", as: String.self).uppercased()] = Int(try row.decode("value", as: String.self))
                }
                return (values["COM_STMT_PREPARE"] ?? -1, values["COM_STMT_CLOSE"] ?? -1)
            }
        }
    }

    @Test func statementCachePreparesOncePerTextAndEvictsWhenFull() async throws {
        let cached = try await preparesForTwoRounds(cacheCapacity: 64)
        // 10 statements + the status query itself; the second round reuses every statement.
        #expect(cached.prepares == 11)
        #expect(cached.closes == 0)
        let tiny = try await preparesForTwoRounds(cacheCapacity: 3)
        // With room for 3, round-robin over 10 texts misses every time; evicted ones are closed.
        #expect(tiny.prepares == 21)
        #expect(tiny.closes >= 17)
    }
}

@Suite("Blocking calls stay off the cooperative pool (MariaDB)", .timeLimit(.minutes(1)))
struct MySQLCooperativePoolTests {
    /// Four queries sleep on the server at once; on 2 cores the cooperative pool has ~2 threads, so
    /// if the blocking client calls ran there, the ticker below could not tick meanwhile.
    @Test func tickerKeepsTickingWhileQueriesBlock() async throws {
        try await MySQLTestDatabase.with(poolSize: 4) { client, _ in
            _ = try await client.query("SELECT 1")  // open one connection before timing
            let ticks = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        _ = try await client.query("SELECT SLEEP(\(2.5)) AS s")
                        return 0
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(100))  // let the sleeps start
                    var count = 0
                    let end = ContinuousClock.now + .milliseconds(1_500)
                    while ContinuousClock.now < end {
                        try await Task.sleep(for: .milliseconds(10))
                        count += 1
                    }
                    return count
                }
                return try await group.reduce(0, +)
            }
            // Blocked pool threads would stall the ticker until the sleeps end (at most a tick or two); a free
            // pool gives about 100 ticks. 10 leaves room for a loaded machine.
            #expect(ticks >= 10, "the ticker ticked \(ticks) times in 1.5 s")
        }
    }
}
