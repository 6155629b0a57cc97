import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis

/// How the day-two commands (lag, stats, dlq, reconcile) end: 0 all well, 1 something was found
/// (mismatches, lag above `--max-lag`, a purge not confirmed), 2 the command could not do its work.
enum OpsExit {
    static let findings = ExitCode(1)
    static let failure = ExitCode(2)
}

/// Runs an ops command body with a context. A failure becomes one line on stderr naming the server
/// and the setting to check, and exit code 2.
enum OpsRun {
    static func run<T>(_ options: ConfigOptions, _ body: (CtlContext) async throws -> T) async throws -> T {
        do {
            return try await CtlContext.run(options) { ctx in
                do {
                    return try await body(ctx)
                } catch {
                    throw explain(error, ctx.config)
                }
            }
        } catch let error as CtlError {
            Progress.line("Error: \(error.description)")
            throw OpsExit.failure
        }
    }

    /// `host:port` of a single server, or the cluster's seeds.
    static func place(_ r: RedisConfiguration) -> String {
        r.isCluster ? r.clusterSeeds.map(\.description).joined(separator: ",") : "\(r.host):\(r.port)"
    }

    /// Names the unreachable server (and the key that points at it) or the missing migration.
    static func explain(_ error: any Error, _ config: RediclaimConfiguration) -> any Error {
        switch error {
        case let e as KafkaError where e.isRetriable || e.code == .unknownTopicOrPartition:
            return CtlError.describe(e, context: "Kafka at \(config.kafka.brokers) (kafka.brokers)")
        case let e as RedisError where [.connectionFailed, .connectionLost, .timeout, .authenticationFailed].contains(e.code):
            let r = try? config.redisConfiguration()
            return CtlError.describe(e, context: "Redis at \(r.map(Self.place) ?? "?") (redis.url)")
        case let e as MySQLError where e.code == .tableMissing:
            return CtlError("MySQL: \(e.message) (run `rediclaimctl migrate`)")
        default:
            return error
        }
    }
}

/// Progress and notes on stderr, so `--json` output on stdout stays clean.
struct Progress: Sendable {
    var enabled = true

    func note(_ text: String) {
        if enabled { Self.line(text) }
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
