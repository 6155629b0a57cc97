import Foundation
import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct IssueRequestedTests {
    static let golden =
        #"{"enqueuedAt":1735689599000,"eventId":1001,"releasedAt":1735689600123,"requestId":"1001:u-42","seq":17,"userId":"u-42","v":1}"#
    static let goldenMinimal =
        #"{"eventId":1001,"releasedAt":1735689600123,"requestId":"0b6f3c1e-8a44-4f7e-9f0a-2d5c1b7e9a10","seq":1,"userId":"u-42","v":1}"#

    let codec = MessageCodec()

    @Test func goldenBytesRoundTrip() throws {
        let message = try IssueRequested(
            eventId: 1001, userId: "u-42", seq: 17, releasedAt: 1_735_689_600_123, enqueuedAt: 1_735_689_599_000)
        #expect(String(decoding: codec.encode(message), as: UTF8.self) == Self.golden)
        #expect(try codec.decode(IssueRequested.self, from: Fixtures.json(Self.golden)) == message)
        #expect(try codec.decode(IssueRequested.self, from: Array(Self.golden.utf8)) == message)
    }

    @Test func optionalEnqueuedAtIsOmitted() throws {
        let message = try IssueRequested(
            requestId: "0b6f3c1e-8a44-4f7e-9f0a-2d5c1b7e9a10", eventId: 1001, userId: "u-42", seq: 1,
            releasedAt: 1_735_689_600_123)
        #expect(String(decoding: codec.encode(message), as: UTF8.self) == Self.goldenMinimal)
        let decoded = try codec.decode(IssueRequested.self, from: Fixtures.json(Self.goldenMinimal))
        #expect(decoded == message)
        #expect(decoded.enqueuedAt == nil)
    }

    @Test func requestIdDefaultsToTheMessageKey() throws {
        let message = try IssueRequested(eventId: 1001, userId: "u-42", seq: 17, releasedAt: 0)
        #expect(message.requestId == "1001:u-42")
        #expect(message.key == "1001:u-42")
        #expect(MessageKey.make(eventId: 1001, userId: "u-42") == "1001:u-42")
        #expect(IssueRequested.version == 1)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let json = Self.golden.replacingOccurrences(of: #""v":1}"#, with: #""v":1,"traceId":"abc","extra":{"x":[1]}}"#)
        #expect(try codec.decode(IssueRequested.self, from: Fixtures.json(json)).seq == 17)
    }

    @Test(arguments: [
        (#"{"v":2,"eventId":1001}"#, RediclaimError.Code.unsupportedVersion, "v",
         "unsupported IssueRequested version 2: this build reads version 1"),
        (#"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u"}"#, .missingField, "v", "missing field v"),
        (#"{"v":"1","eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u"}"#, .wrongType, "v",
         "v must be an integer"),
        (#"{"v":1,"eventId":1001,"releasedAt":1,"requestId":"r","seq":1}"#, .missingField, "userId",
         "missing field userId"),
        (#"{"v":1,"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":null}"#, .missingField, "userId",
         "userId must be a string, not null"),
        (#"{"v":1,"eventId":1001,"releasedAt":1,"requestId":"r","seq":"17","userId":"u"}"#, .wrongType, "seq",
         "seq must be an integer"),
        (#"{"v":1,"eventId":1001,"releasedAt":1.5,"requestId":"r","seq":1,"userId":"u"}"#, .invalidValue, "releasedAt",
         "releasedAt must be an integer in range, without a fraction"),
        (#"{"v":1,"eventId":1001,"releasedAt":1,"requestId":"r","seq":0,"userId":"u"}"#, .invalidValue, "seq",
         "seq must be at least 1 (got 0)"),
        (#"{"v":1,"eventId":0,"releasedAt":1,"requestId":"r","seq":1,"userId":"u"}"#, .invalidValue, "eventId",
         "eventId must be a positive integer (got 0)"),
        (#"{"v":1,"eventId":1,"releasedAt":-1,"requestId":"r","seq":1,"userId":"u"}"#, .invalidValue, "releasedAt",
         "releasedAt must be epoch milliseconds, not negative (got -1)"),
        (#"{"v":1,"eventId":1,"releasedAt":1,"enqueuedAt":-5,"requestId":"r","seq":1,"userId":"u"}"#, .invalidValue,
         "enqueuedAt", "enqueuedAt must be epoch milliseconds, not negative (got -5)"),
        (#"{"v":1,"eventId":1,"releasedAt":1,"requestId":"","seq":1,"userId":"u"}"#, .invalidValue, "requestId",
         "requestId must not be empty"),
        (#"{"v":1,"eventId":1,"releasedAt":1,"requestId":"r","seq":1,"userId":"a b"}"#, .invalidValue, "userId",
         "userId contains a space at position 2; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
    ])
    func decodeErrorsSayWhatIsWrong(json: String, code: RediclaimError.Code, field: String, message: String) {
        let error = Fixtures.error { _ = try codec.decode(IssueRequested.self, from: Fixtures.json(json)) }
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }

    @Test func longRequestIdIsRejected() {
        let error = Fixtures.error {
            _ = try IssueRequested(
                requestId: String(repeating: "r", count: 201), eventId: 1, userId: "u", seq: 1, releasedAt: 1)
        }
        #expect(error?.field == "requestId")
        #expect(error?.message == "requestId is longer than 200 characters")
    }
}
