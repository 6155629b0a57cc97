import Logging
import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis
import RediclaimRuntime
import RediclaimStore

/// What a command needs: settings and lazily opened clients, closed when the command ends.
final class CtlContext: Sendable {
    let config: RediclaimConfiguration
    let logger: Logger

    init(_ options: ConfigOptions) throws {
        config = try options.load()
        // Commands print their own results and one-line errors; library logs would only repeat them.
        var logger = Logger(label: "rediclaimctl")
        logger.logLevel = .error
        self.logger = logger
    }

    /// Runs `body` with a context, turning any failure into a one-line `CtlError`.
    static func run<T>(_ options: ConfigOptions, _ body: (CtlContext) async throws -> T) async throws -> T {
        let context = try CtlContext(options)
        do {
            let result = try await body(context)
            await context.close()
            return result
        } catch let error as MySQLError where error.code == .cannotConnect || error.code == .accessDenied {
            await context.close()
            let m = try? context.config.mysqlConfiguration()
            throw CtlError.describe(error, context: "MySQL at \(m?.host ?? "?"):\(m?.port ?? 0) (mysql.url)")
        } catch {
            await context.close()
            throw CtlError.describe(error)
        }
    }

    private let mysqlClient = LazyBox<MySQLClient>()
    private let redisClient = LazyBox<RedisClient>()

    func mysql() throws -> MySQLClient {
        try mysqlClient.get {
            var mysqlConfig = try config.mysqlConfiguration()
            mysqlConfig.poolSize = min(mysqlConfig.poolSize, 2)
            return try MySQLClient(configuration: mysqlConfig, logger: logger)
        }
    }

    func redis() throws -> RedisClient {
        try redisClient.get { RedisClient(configuration: try config.redisConfiguration(), logger: logger) }
    }

    func events() throws -> EventStore { EventStore(client: try mysql()) }
    func runtime() throws -> EventRuntimeStore { EventRuntimeStore(redis: try redis()) }

    func close() async {
        if let client = mysqlClient.current { await client.close() }
        if let client = redisClient.current { await client.shutdown() }
    }
}
