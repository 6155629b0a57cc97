import Hummingbird
import NIOCore
import RediclaimCore
import RediclaimJSON

/// An error answered as `{"error":{"code":"...","message":"..."}}` with the code's HTTP status.
/// `message` is shown to the client; anything about the server stays in the log.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let code: APIErrorCode
    public let message: String
    public var retryAfterSeconds: Int?
    /// Extra headers (e.g. `Allow` on 405).
    public var headers: HTTPFields = [:]

    public init(_ code: APIErrorCode, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var status: HTTPResponse.Status { .init(code: code.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if code == .unauthorized || code == .ticketExpired, headers[.wwwAuthenticate] == nil { headers[.wwwAuthenticate] = "Bearer" }
        var json = JSONByteWriter()
        json.object {
            $0.object("error") {
                $0.field("code", code.rawValue)
                $0.field("message", message)
            }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    static func invalid(_ error: RediclaimError) -> APIError { APIError(.invalidRequest, error.message) }
}
