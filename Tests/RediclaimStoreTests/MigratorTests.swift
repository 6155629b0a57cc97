import Foundation
import RediclaimMySQL
import RediclaimStore
import TestSupport
import Testing

@Suite("Migrations (MariaDB)", .timeLimit(.minutes(2)))
struct MigratorTests {
    @Test("bundled migrations parse, in order, with the coupon tables first")
    func bundled() throws {
        let all = try Migration.bundled()
        #expect(all.first?.version == 1)
        #expect(all.first?.name == "coupon_tables")
        #expect(all.map(\.version) == all.map(\.version).sorted())
    }

    @Test("file names are NNNN_name.sql", arguments: [
        ("0001_a.sql", 1, "a"), ("0012_add_index.sql", 12, "add_index"),
    ])
    func fileNames(file: String, version: Int, name: String) throws {
        let migration = try #require(Migration(fileName: file, sql: "SELECT 1"))
        #expect(migration.version == version)
        #expect(migration.name == name)
        #expect(Migration(fileName: "a_0001.sql", sql: "") == nil)
        #expect(Migration(fileName: "0001_a.txt", sql: "") == nil)
    }

    @Test("migrate applies once; a second run applies nothing; the tables exist")
    func twice() async throws {
        try await TestServers.withDatabase(migrate: false) { client, db in
            let migrator = Migrator(client: client, migrations: try Migration.bundled(), logger: TestServers.logger)
            let first = try await migrator.migrate()
            #expect(first.map(\.version) == [1, 2, 3, 4, 5])
            let second = try await migrator.migrate()
            #expect(second.isEmpty)
            let tables = try await client.query("SHOW TABLES").map { try $0.decode(0, as: String.self) }
            #expect(Set(tables) == ["coupon_event", "coupon_issue", "dlq_replay", "dlq_purge", "issue_outcome", "event_change_log", "schema_migrations"])
            #expect(try await migrator.status().allSatisfy(\.applied))
        }
    }

    @Test("two migrators at once: the lock lets one apply and the other find nothing to do")
    func concurrently() async throws {
        try await TestServers.withDatabase(migrate: false) { client, db in
            let other = try MySQLClient(configuration: TestServers.mysqlConfiguration(database: db), logger: TestServers.logger)
            let migrations = try Migration.bundled()
            async let a = Migrator(client: client, migrations: migrations, logger: TestServers.logger).migrate()
            async let b = Migrator(client: other, migrations: migrations, logger: TestServers.logger).migrate()
            let (applied1, applied2) = try await (a, b)
            await other.close()
            #expect(applied1.count + applied2.count == migrations.count)
            let rows = try await client.query("SELECT COUNT(*) AS n FROM schema_migrations")
            #expect(try rows[0].decode("n", as: Int.self) == migrations.count)
        }
    }

    @Test("an applied migration whose file changed is refused")
    func changedFile() async throws {
        try await TestServers.withDatabase(migrate: true) { client, db in
            let original = try Migration.bundled()[0]
            let edited = Migration(version: original.version, name: original.name, sql: original.sql + "\n-- edited")
            let migrator = Migrator(client: client, migrations: [edited], logger: TestServers.logger)
            await #expect(throws: StoreError.migrationChanged(version: 1, name: "coupon_tables")) { try await migrator.migrate() }
        }
    }

    @Test("the schema enforces one coupon per (event, user), case-sensitively, and issued_count <= stock")
    func constraints() async throws {
        try await TestServers.withDatabase { client, db in
            try await client.execute(
                """
                INSERT INTO coupon_event (id, name, stock, open_at, close_at, release_rate, discount_type, discount_amount, valid_days)
                VALUES (1, 'e', 2, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 1 DAY, 10, 'FIXED', 100, 1)
                """)
            func issue(_ user: String, _ code: String) async throws {
                try await client.execute(
                    """
                    INSERT INTO coupon_issue (event_id, user_id, coupon_code, request_id, issued_at, expires_at)
                    VALUES (1, \(user), \(code), 'r', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
                    """)
            }
            try await issue("u1", "C1")
            try await issue("U1", "C2")  // a different user: ids are case-sensitive
            await #expect(throws: MySQLError.self) { try await issue("u1", "C3") }
            await #expect(throws: MySQLError.self) { try await issue("u2", "C1") }
            await #expect(throws: MySQLError.self) {
                try await client.execute("UPDATE coupon_event SET issued_count = 3 WHERE id = 1")
            }
        }
    }
}
