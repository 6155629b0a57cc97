import Foundation
import Hummingbird
import NIOCore
import RediclaimCore

/// Request bodies in, JSON responses out.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try decode(type, from: try await collect(request, limit: limit))
    }

    /// The body, up to `limit` bytes; a larger one is a 413 that says the limit.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.payloadTooLarge, "the body is larger than \(limit) bytes")
        } catch let error as APIError {
            throw error
        } catch {
            // A broken chunked encoding or a connection cut mid-body: the client's bytes, not our trouble.
            throw APIError(.invalidRequest, "the request body could not be read")
        }
    }

    /// Parsed as JSON whatever Content-Type says: clients and load tools often omit it.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard buffer.readableBytes > 0 else { throw APIError(.invalidRequest, "body must be a JSON object") }
        do {
            return try JSONInput.decode(T.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.invalid(error)
        }
    }

    static func response(_ status: HTTPResponse.Status, _ json: [UInt8]) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
