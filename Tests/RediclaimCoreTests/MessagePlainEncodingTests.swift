import Foundation
import RediclaimCore
import Testing

@Suite("Plain message encoding equals the Codable reference byte for byte (no servers)", .timeLimit(.minutes(1)))
struct MessagePlainEncodingTests {
    static let requestIds = [
        "1001:u-42", "with \"quotes\" and \\ backslash", "slash/and/unicode é 漢字 😀", "tab\tnew\nline\r",
        "controls \u{01}\u{08}\u{0C}\u{1F}\u{7F}", String(repeating: "x", count: 200),
    ]

    @Test("results: ISSUED and SOLD_OUT, with and without issuedAt, odd request ids", arguments: requestIds)
    func results(requestId: String) throws {
        let codec = MessageCodec()
        let results = [
            try IssueResult.issued(
                requestId: requestId, eventId: 1001, userId: "u-42@x.io", couponCode: "NASDUR-ZVSPYJ-2VGTZG",
                expiresAt: 1_736_294_400_000, issuedAt: 1_735_689_600_123),
            try IssueResult.issued(
                requestId: requestId, eventId: Int64.max, userId: "U_1:a.b-c", couponCode: "ABC", expiresAt: 0),
            try IssueResult.soldOut(requestId: requestId, eventId: 7, userId: "u"),
        ]
        for result in results {
            let ours = try #require(result.encodePlain())
            #expect(ours == codec.referenceEncode(result), "\(String(decoding: ours, as: UTF8.self))")
            #expect(try codec.decode(IssueResult.self, from: ours) == result)
        }
    }

    @Test("requests: with and without enqueuedAt, odd request ids", arguments: requestIds)
    func requests(requestId: String) throws {
        let codec = MessageCodec()
        let requests = [
            try IssueRequested(requestId: requestId, eventId: 1001, userId: "u-42", seq: 17, releasedAt: 1_735_689_600_123),
            try IssueRequested(
                requestId: requestId, eventId: Int64.max, userId: "U_1:a.b-c", seq: Int64.max, releasedAt: 0,
                enqueuedAt: 1_735_689_600_000),
        ]
        for request in requests {
            let ours = try #require(request.encodePlain())
            #expect(ours == codec.referenceEncode(request), "\(String(decoding: ours, as: UTF8.self))")
            #expect(try codec.decode(IssueRequested.self, from: ours) == request)
        }
    }
}
