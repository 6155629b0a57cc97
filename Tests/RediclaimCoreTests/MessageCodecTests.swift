import Foundation
import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct MessageCodecTests {
    let codec = MessageCodec()

    @Test(arguments: [
        ("", RediclaimError.Code.malformedJSON, String?.none, "input is not valid JSON"),
        ("{", .malformedJSON, nil, "input is not valid JSON"),
        (#"{"v":1,"#, .malformedJSON, nil, "input is not valid JSON"),
        ("not json", .malformedJSON, nil, "input is not valid JSON"),
        ("[1,2]", .wrongType, nil, "input must be an object"),
        ("42", .wrongType, nil, "input must be an object"),
        ("{}", .missingField, "v", "missing field v"),
    ])
    func malformedInputSaysSo(text: String, code: RediclaimError.Code, field: String?, message: String) {
        let error = Fixtures.error { _ = try codec.decode(IssueRequested.self, from: Fixtures.json(text)) }
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }

    @Test func malformedInputKeepsTheUnderlyingDetail() {
        let error = Fixtures.error { _ = try codec.decode(IssueResult.self, from: Fixtures.json("{")) }
        #expect(error?.detail?.isEmpty == false)
    }

    @Test func encodingIsCompactAndEscapesStrings() throws {
        let message = try IssueRequested(
            requestId: "a\"b\\c/d\n€", eventId: 1, userId: "u", seq: 1, releasedAt: 1)
        let text = String(decoding: codec.encode(message), as: UTF8.self)
        #expect(!text.contains(" "))
        #expect(text.contains(#""requestId":"a\"b\\c/d\n€""#))
        #expect(try codec.decode(IssueRequested.self, from: codec.encode(message)) == message)
    }

    @Test func roundTripsManyMessages() throws {
        var generator = SeededGenerator(seed: 3)
        for index in 1...500 {
            let userId = "user-\(index)@x"
            let request = try IssueRequested(
                eventId: Int64(index), userId: userId, seq: Int64(index),
                releasedAt: Int64(generator.next() >> 24), enqueuedAt: index.isMultiple(of: 2) ? 5 : nil)
            #expect(try codec.decode(IssueRequested.self, from: codec.encode(request)) == request)
            let code = CouponCode.generate(using: &generator).formatted
            let result = try IssueResult.issued(
                requestId: request.requestId, eventId: request.eventId, userId: userId, couponCode: code,
                expiresAt: request.releasedAt + 86_400_000)
            #expect(try codec.decode(IssueResult.self, from: codec.encode(result)) == result)
        }
    }
}
