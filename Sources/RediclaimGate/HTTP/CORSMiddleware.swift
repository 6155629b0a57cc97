import HTTPTypes
import Hummingbird

/// Cross-origin access for the browsers of `gate.cors.allowedOrigins` only (exact origins, or `*`).
/// With no origins configured this middleware is not installed at all: no CORS header is ever sent.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = GateContext
    let origins: Set<String>

    func handle(_ request: Request, context: GateContext, next: (Request, GateContext) async throws -> Response) async throws
        -> Response
    {
        guard let origin = request.headers[.origin], origins.contains(origin) || origins.contains("*") else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = Self.headers(origin)
            headers[.accessControlAllowMethods] = "GET, POST, PATCH"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type, X-Request-Id"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        for field in Self.headers(origin) { response.headers[field.name] = field.value }
        return response
    }

    static func headers(_ origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin", .accessControlExposeHeaders: "Retry-After, X-Request-Id"]
    }
}
