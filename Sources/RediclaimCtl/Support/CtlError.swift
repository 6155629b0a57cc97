import RediclaimConfig
import RediclaimCore
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore

/// A one-line reason for a failed command; `rediclaimctl` prints it and exits non-zero.
public struct CtlError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// Turns any error into one line that says what failed and where.
    static func describe(_ error: any Error, context: String? = nil) -> CtlError {
        let reason: String =
            switch error {
            case let e as CtlError: e.description
            case let e as StoreError: e.message + (e.code == .corrupt ? ": " + (e.detail ?? "") : "")
            case let e as RediclaimError: e.message
            case let e as ConfigError: e.description
            case let e as MySQLError: "MySQL: \(e.message)"
            // Operators see the server's own words; only the gate must keep them from clients.
            case let e as RedisError: "Redis: \(e.serverMessage ?? e.message)"
            case let e as KafkaError: "Kafka: \(e.message)"
            default: "\(error)"
            }
        return CtlError(context.map { "\($0): \(reason)" } ?? reason)
    }
}
