import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A page answer as text: the page routes answer HTML, CSS and JavaScript, not JSON.
struct PageAnswer: Sendable {
    let status: Int
    let text: String
    let headers: HTTPFields

    /// The value of `data-NAME="..."` on the page's body (still HTML-escaped).
    func data(_ name: String) -> String? {
        guard let start = text.range(of: "data-\(name)=\"") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(text[start.upperBound..<end])
    }
}

extension TestClientProtocol {
    func page(_ uri: String, headers: HTTPFields = [:]) async throws -> PageAnswer {
        try await execute(uri: uri, method: .get, headers: headers) { response in
            PageAnswer(status: Int(response.status.code), text: String(buffer: response.body), headers: response.headers)
        }
    }
}
