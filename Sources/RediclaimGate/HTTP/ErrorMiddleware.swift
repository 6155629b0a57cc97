import HTTPTypes
import Hummingbird
import Logging
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis
import RediclaimStore

/// Every failure becomes the contract's JSON error body: router misses (404, 405), oversized bodies
/// (413), Redis, Kafka or MySQL trouble (503 `UNAVAILABLE` with `Retry-After`), and anything else
/// (500 `INTERNAL` with the request id). The detail goes to the log only.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GateContext
    let routes: RouteTable
    /// Seconds a client should wait when a dependency is down.
    let retryAfterSeconds: Int

    func handle(_ request: Request, context: GateContext, next: (Request, GateContext) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch {
            throw translate(error, request: request, context: context)
        }
    }

    func translate(_ error: any Error, request: Request, context: GateContext) -> APIError {
        if let error = error as? HTTPError {
            return translate(httpError: error, request: request)
        }
        if let why = Self.unavailable(error) {
            context.logger.warning(
                "dependency unavailable", metadata: [GateLogKey.requestId: "\(context.requestId)", GateLogKey.error: "\(String(reflecting: error))"])
            return APIError(.unavailable, "\(why) is unavailable; retry shortly", retryAfterSeconds: retryAfterSeconds)
        }
        context.logger.error(
            "request failed",
            metadata: [
                GateLogKey.requestId: "\(context.requestId)", GateLogKey.route: "\(request.uri.path)",
                GateLogKey.error: "\(String(reflecting: error))",
            ])
        return APIError(.internalError, "internal error (request id \(context.requestId))")
    }

    func translate(httpError error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            if let methods = routes.methods(for: request.uri.path), !methods.contains(request.method) {
                var answer = APIError(
                    .methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path); use \(Self.list(methods))")
                answer.headers[.allow] = Self.list(methods)
                return answer
            }
            return APIError(.notFound, "no route for \(request.method) \(Self.shortPath(request.uri.path))")
        case .contentTooLarge:
            return APIError(.payloadTooLarge, "the body is too large")
        default:
            let code: APIErrorCode = error.status.code >= 500 ? .internalError : .invalidRequest
            return APIError(code, error.body ?? error.status.reasonPhrase)
        }
    }

    /// Which dependency an error says is down, or nil when it is not that kind of error.
    static func unavailable(_ error: any Error) -> String? {
        switch error {
        case let error as RedisError where error.isUnavailable: "Redis"
        case let error as KafkaError where error.isRetriable || error.code == .closed: "Kafka"
        case let error as MySQLError where error.isTransient || error.code == .closed: "MySQL"
        default: nil
        }
    }

    static func list(_ methods: [HTTPRequest.Method]) -> String { methods.map(\.rawValue).joined(separator: ", ") }

    /// Paths are echoed cut short, so a huge one cannot bloat the answer.
    static func shortPath(_ path: String) -> String { path.count > 64 ? String(path.prefix(64)) + "…" : path }
}
