import Foundation
import Testing

@testable import RediclaimCore

/// The gate's request bodies decode through the same error mapping.
@Suite(.timeLimit(.minutes(1))) struct JSONInputTests {
    struct EnqueueBody: Decodable, Equatable {
        let eventId: Int64
        let userId: String
        let tags: [String]?
    }

    @Test func decodesPlainBodies() throws {
        let body = try JSONInput.decode(EnqueueBody.self, from: Fixtures.json(#"{"eventId":1001,"userId":"u-42"}"#))
        #expect(body == EnqueueBody(eventId: 1001, userId: "u-42", tags: nil))
    }

    @Test(arguments: [
        (#"{"userId":"u"}"#, RediclaimError.Code.missingField, "eventId", "missing field eventId"),
        (#"{"eventId":"1001","userId":"u"}"#, .wrongType, "eventId", "eventId must be an integer"),
        (#"{"eventId":1001,"userId":true}"#, .wrongType, "userId", "userId must be a string"),
        (#"{"eventId":1001,"userId":"u","tags":["a",3]}"#, .wrongType, "tags[1]", "tags[1] must be a string"),
        (#"{"eventId":1001,"userId":"u","tags":"a"}"#, .wrongType, "tags", "tags must be an array"),
    ])
    func errorsNameTheField(json: String, code: RediclaimError.Code, field: String, message: String) {
        let error = Fixtures.error { _ = try JSONInput.decode(EnqueueBody.self, from: Fixtures.json(json)) }
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }
}
