import Foundation
import Logging
import RediclaimMySQL
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A MariaDB server of this test's own (datadir in a temp folder, its own port) that the test may
/// kill and restart; the shared server is never touched.
final class PrivateMariaDB: @unchecked Sendable {
    let port: Int
    let directory: URL
    private var server: Process?

    var socket: String { directory.appendingPathComponent("sock").path }

    /// Creates the datadir (`mariadb-install-db`) and starts the server.
    init() async throws {
        port = try LocalPorts.free()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("mariadb"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let install = Process()
        install.executableURL = try Self.tool("mariadb-install-db")
        install.arguments = [
            "--no-defaults", "--user=root", "--datadir=\(directory.appendingPathComponent("data").path)",
            "--auth-root-authentication-method=normal", "--skip-test-db",
        ]
        install.standardOutput = FileHandle.nullDevice
        install.standardError = FileHandle.nullDevice
        try install.run()
        // Polled, not waitUntilExit: it takes seconds, and this runs on the cooperative pool.
        while install.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        try #require(install.terminationStatus == 0, "mariadb-install-db failed in \(directory.path)")
        try await start()
    }

    /// Starts `mariadbd` and waits until it accepts connections. Grants are skipped: any user connects.
    func start() async throws {
        let process = Process()
        process.executableURL = try Self.tool("mariadbd")
        process.arguments = [
            "--no-defaults", "--user=root", "--datadir=\(directory.appendingPathComponent("data").path)",
            "--socket=\(socket)", "--port=\(port)", "--bind-address=127.0.0.1",
            "--pid-file=\(directory.appendingPathComponent("pid").path)", "--skip-grant-tables",
            "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=32M", "--skip-name-resolve",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        server = process
        let end = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end {
            let probe = try MySQLClient(configuration: configuration(database: nil), logger: Self.logger)
            let answered = (try? await probe.simpleQuery("SELECT 1")) != nil
            await probe.close()
            if answered { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("private mariadbd did not accept connections on \(port)")
        throw CancellationError()
    }

    /// SIGKILL, like a crash: InnoDB recovers on the next start.
    func kill() {
        guard let server, server.isRunning else { return }
        Glibc.kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    func configuration(database: String?) -> MySQLConfiguration {
        MySQLConfiguration(
            host: "127.0.0.1", port: port, user: TestStack.mysqlUser, password: TestStack.mysqlPassword,
            database: database, poolSize: 2)
    }

    func stop() {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { kill() }

    static let logger: Logger = {
        var logger = Logger(label: "private-mariadb")
        logger.logLevel = .critical
        return logger
    }()

    static func tool(_ name: String) throws -> URL {
        let found = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"]
            .map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        return URL(fileURLWithPath: try #require(found, "\(name) not found (apt-get install -y mariadb-server)"))
    }
}
