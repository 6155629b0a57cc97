import Foundation
import RediclaimCore
import Testing

@testable import RediclaimIssuer

@Suite("Result encoding matches MessageCodec byte for byte (no servers)", .timeLimit(.minutes(1)))
struct ResultEncodingTests {
    static let requestIds = [
        "1001:u-42", "with \"quotes\" and \\ backslash", "slash/and/unicode é 漢字 😀", "tab\tnew\nline\r",
        "controls \u{01}\u{08}\u{0C}\u{1F}\u{7F}", String(repeating: "x", count: 200),
    ]

    @Test("ISSUED and SOLD_OUT results, with and without issuedAt, odd request ids", arguments: requestIds)
    func sameBytes(requestId: String) throws {
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
            let ours = ResultEncoding.encode(result)
            #expect(ours == Array(codec.encode(result)), "\(String(decoding: ours, as: UTF8.self))")
            #expect(try codec.decode(IssueResult.self, from: ours) == result)
        }
    }
}
