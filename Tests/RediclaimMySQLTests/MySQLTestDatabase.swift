import Foundation
import Logging
import RediclaimMySQL
import TestSupport

/// Shared plumbing for the integration tests: the stack's MariaDB and one private database per test.
enum MySQLTestDatabase {
    static var logger: Logger {
        var logger = Logger(label: "rediclaim.mysql.tests")
        logger.logLevel = .warning
        return logger
    }

    /// The stack's server, without a database selected.
    static func serverConfiguration(poolSize: Int = 4) -> MySQLConfiguration {
        MySQLConfiguration(
            host: TestStack.mysqlHost, port: TestStack.mysqlPort, user: TestStack.mysqlUser,
            password: TestStack.mysqlPassword, connectTimeout: .seconds(3), readTimeout: .seconds(20),
            writeTimeout: .seconds(20), poolSize: poolSize)
    }

    /// Creates a uniquely named database, runs `body` with a client on it, and drops it afterwards
    /// (also when `body` throws). An unreachable server fails the test with a clear message.
    static func with<Result>(
        poolSize: Int = 4, configure: (inout MySQLConfiguration) -> Void = { _ in },
        _ body: (MySQLClient, String) async throws -> Result
    ) async throws -> Result {
        let name = uniqueName("rc_test").replacingOccurrences(of: "-", with: "_")
        let admin = try MySQLClient(configuration: serverConfiguration(poolSize: 1), logger: logger)
        do {
            try await admin.simpleQuery("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4")
        } catch {
            await admin.close()
            throw TestSetupError(
                "MariaDB at \(TestStack.mysqlHost):\(TestStack.mysqlPort) is not usable (start scripts/stack.sh): "
                    + String(reflecting: error))
        }
        var configuration = serverConfiguration(poolSize: poolSize)
        configuration.database = name
        configure(&configuration)
        let client = try MySQLClient(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(client, name)
        } catch {
            await client.close()
            try? await admin.simpleQuery("DROP DATABASE IF EXISTS `\(name)`")
            await admin.close()
            throw error
        }
        await client.close()
        try await admin.simpleQuery("DROP DATABASE IF EXISTS `\(name)`")
        await admin.close()
        return result
    }
}

/// A test could not reach or prepare what it needs.
struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
