import Logging
import RediclaimMySQL

/// Applies pending migrations in version order, once, even with several migrators running at once.
///
/// A named server lock (`GET_LOCK`) serialises concurrent runs. MySQL and MariaDB commit DDL implicitly,
/// so a migration runs inside a transaction only as far as the server allows; the files use
/// `IF NOT EXISTS` so a half-applied migration completes on the next run.
public struct Migrator: Sendable {
    public static let lockName = "rediclaim.migrate"
    let client: MySQLClient
    let migrations: [Migration]
    let lockTimeoutSeconds: Int
    let logger: Logger

    public init(client: MySQLClient, migrations: [Migration], lockTimeoutSeconds: Int = 60, logger: Logger) {
        self.client = client
        self.migrations = migrations
        self.lockTimeoutSeconds = lockTimeoutSeconds
        self.logger = logger
    }

    /// A migration and whether (and when) it was applied.
    public struct Status: Sendable, Hashable {
        public let migration: Migration
        public let applied: Bool
    }

    /// Applies what is pending; returns what this call applied (empty when up to date).
    /// `progress` hears about each migration before it runs.
    @discardableResult
    public func migrate(progress: @Sendable (Migration) -> Void = { _ in }) async throws -> [Migration] {
        try await client.withConnection { conn in
            try await withLock(conn) {
                try await ensureTable(conn)
                let applied = try await appliedChecksums(conn)
                try verify(applied)
                var done: [Migration] = []
                for migration in migrations where applied[migration.version] == nil {
                    progress(migration)
                    logger.info("applying migration", metadata: ["migration": "\(migration.version)_\(migration.name)"])
                    try await conn.withTransaction { conn in
                        try await conn.simpleQuery(migration.sql)
                        try await conn.execute(
                            """
                            INSERT INTO schema_migrations (version, name, checksum, applied_at)
                            VALUES (\(migration.version), \(migration.name), \(migration.checksum), UTC_TIMESTAMP(3))
                            """)
                    }
                    done.append(migration)
                }
                return done
            }
        }
    }

    /// Every known migration with whether it is applied; also checks applied files are unchanged.
    public func status() async throws -> [Status] {
        try await client.withConnection { conn in
            try await ensureTable(conn)
            let applied = try await appliedChecksums(conn)
            try verify(applied)
            return migrations.map { Status(migration: $0, applied: applied[$0.version] != nil) }
        }
    }

    func ensureTable(_ conn: MySQLConnection) async throws {
        try await conn.simpleQuery(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INT NOT NULL PRIMARY KEY,
                name VARCHAR(200) NOT NULL,
                checksum CHAR(16) NOT NULL,
                applied_at DATETIME(3) NOT NULL
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
            """)
    }

    func appliedChecksums(_ conn: MySQLConnection) async throws -> [Int: String] {
        var applied: [Int: String] = [:]
        for row in try await conn.query("SELECT version, checksum FROM schema_migrations") {
            applied[try row.decode("version", as: Int.self)] = try row.decode("checksum", as: String.self)
        }
        return applied
    }

    func verify(_ applied: [Int: String]) throws {
        for migration in migrations {
            if let checksum = applied[migration.version], checksum != migration.checksum {
                throw StoreError.migrationChanged(version: migration.version, name: migration.name)
            }
        }
    }

    func withLock<T>(_ conn: MySQLConnection, _ body: () async throws -> T) async throws -> T {
        let rows = try await conn.query("SELECT GET_LOCK(\(Self.lockName), \(lockTimeoutSeconds)) AS got")
        guard let got = try rows.first?.decode("got", as: Int?.self), got == 1 else {
            throw StoreError.lockTimeout("the migration lock (another migrate is running)")
        }
        do {
            let result = try await body()
            _ = try await conn.query("SELECT RELEASE_LOCK(\(Self.lockName)) AS released")
            return result
        } catch {
            _ = try? await conn.query("SELECT RELEASE_LOCK(\(Self.lockName)) AS released")
            throw error
        }
    }
}
