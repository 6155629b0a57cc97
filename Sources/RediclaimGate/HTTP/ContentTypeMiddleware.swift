import Foundation
import HTTPTypes
import Hummingbird

/// A POST or PATCH must declare a JSON body (`application/json`, parameters allowed). Browsers send
/// cross-site form posts as `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain`
/// without asking first; refusing those (415) means no other site can enqueue on a visitor's behalf.
/// Only routes that exist for the method are checked: anything else is a 404 or 405 first.
struct ContentTypeMiddleware: RouterMiddleware {
    typealias Context = GateContext
    let routes: RouteTable

    func handle(_ request: Request, context: GateContext, next: (Request, GateContext) async throws -> Response) async throws
        -> Response
    {
        if request.method == .post || request.method == .patch || request.method == .put,
            routes.methods(for: request.uri.path)?.contains(request.method) == true
        {
            guard Self.isJSON(request.headers[.contentType]) else {
                throw APIError(.unsupportedMediaType, "the body must be JSON: send Content-Type: application/json")
            }
        }
        return try await next(request, context)
    }

    static func isJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        if value == "application/json" { return true }  // the common case, without splitting or lowercasing
        let type = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}
