import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (kept from `X-Request-Id` when the client sent a sane one) and records its
/// route, status and latency. The id goes on the lines that are written, not on the logger: logger
/// metadata is re-rendered on every request, a measurable cost at tens of thousands a second.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = GateContext
    let metrics: GateMetrics

    func handle(_ request: Request, context: GateContext, next: (Request, GateContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let incoming = request.headers[.xRequestId]
        context.requestId =
            incoming.flatMap { $0.count <= 64 && $0.allSatisfy { $0.isASCII && !$0.isWhitespace } ? $0 : nil }
            ?? Self.newId()
        let started = ContinuousClock.now
        let route = Self.route(request.uri.path)
        do {
            var response = try await next(request, context)
            response.headers[.xRequestId] = context.requestId
            metrics.record(route: route, status: response.status.code, duration: .now - started)
            return response
        } catch let error as any HTTPResponseError {
            // ErrorMiddleware (inside this one) has logged it and made it an APIError; errors carry the id too.
            var response = try error.response(from: request, context: context)
            response.headers[.xRequestId] = context.requestId
            metrics.record(route: route, status: response.status.code, duration: .now - started)
            return response
        } catch {
            metrics.record(route: route, status: 500, duration: .now - started)
            throw error
        }
    }

    /// Bounded label values: ids in paths must not explode the metric's cardinality.
    static func route(_ path: String) -> String {
        switch path {
        case "/enqueue", "/rank", "/healthz", "/readyz", "/metrics", "/", "/dev/sign-in": path
        case _ where path.hasPrefix("/admin/events/"): "/admin/events/{id}"
        case _ where path.hasPrefix("/wait/assets/"): "/wait/assets"
        case _ where path.hasPrefix("/wait/"): "/wait/{id}"
        default: "other"
        }
    }

    static func newId() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}

extension HTTPField.Name {
    static let xRequestId = Self("X-Request-Id")!
}
