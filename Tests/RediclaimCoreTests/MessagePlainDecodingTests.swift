import Foundation
import RediclaimCore
import Testing

@Suite("Plain message decoding agrees with the Codable reference (no servers)", .timeLimit(.minutes(1)))
struct MessagePlainDecodingTests {
    let codec = MessageCodec()

    static let requests: [String] = [
        #"{"eventId":1001,"releasedAt":1735689600123,"requestId":"1001:u-42","seq":17,"userId":"u-42","v":1}"#,
        #" { "v" : 1 , "userId":"u-1", "seq":1, "releasedAt":0, "requestId":"r", "eventId":5, "enqueuedAt":3 } "#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"x","seq":1,"userId":"u","v":1,"extra":"ignored"}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"é 漢字","seq":1,"userId":"u","v":1}"#,
    ]

    /// Each needs the full decoder: escapes, floats, nesting, nulls, duplicates, errors.
    static let unusualRequests: [String] = [
        #"{"eventId":1001,"releasedAt":1,"requestId":"a\"b","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":1001.0,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1,"extra":{"a":[1]}}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1,"enqueuedAt":null}"#,
        #"{"eventId":1,"eventId":2,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":2}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":0,"userId":"u","v":1}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"bad user","v":1}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"v":1}"#,
        #"{"eventId":99999999999999999999,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":01,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"[1,2]"#, #"{not json"#, "", #"{"eventId":1001} trailing"#,
        #"{"x":1,"x":2,"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":-5,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"","seq":1,"userId":"u","v":1}"#,
    ]

    static let results: [String] = [
        #"{"couponCode":"NASDUR-ZVSPYJ-2VGTZG","eventId":1001,"expiresAt":1736294400000,"issuedAt":1735689600000,"requestId":"1001:u-42","status":"ISSUED","userId":"u-42","v":1}"#,
        #"{"couponCode":"ABC","eventId":7,"expiresAt":0,"requestId":"r","status":"ISSUED","userId":"u","v":1}"#,
        #"{"eventId":7,"requestId":"r","status":"SOLD_OUT","userId":"u","v":1}"#,
    ]

    static let unusualResults: [String] = [
        #"{"eventId":7,"requestId":"r","status":"SOLD_OUT","userId":"u","v":1,"couponCode":"X"}"#,
        #"{"eventId":7,"requestId":"r","status":"ISSUED","userId":"u","v":1}"#,
        #"{"eventId":7,"requestId":"r","status":"LOST","userId":"u","v":1}"#,
        #"{"eventId":7,"requestId":"r","status":"SOLD_OUT","userId":"u","v":1,"v":1}"#,
        #"{"eventId":7,"requestId":"r\n","status":"SOLD_OUT","userId":"u","v":1}"#,
    ]

    @Test("invalid UTF-8 anywhere is the reference decoder's business")
    func invalidUTF8() {
        let prefix = Array(#"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1,""#.utf8)
        for bytes in [prefix + [0xFF] + Array(#"":1}"#.utf8), prefix + Array(#"k":"\#u{FF}"}"#.utf8).map { $0 == 0xC3 ? 0xFF : $0 }] {
            #expect(bytes.withUnsafeBufferPointer(IssueRequested.decodePlain) == nil)
            let ours = Result { () throws(RediclaimError) in try codec.decode(IssueRequested.self, from: bytes) }
            let reference = Result { () throws(RediclaimError) in try codec.referenceDecode(IssueRequested.self, from: Data(bytes)) }
            #expect(ours == reference)
        }
    }

    @Test("plain requests take the fast path and equal the reference", arguments: requests)
    func plainRequest(input: String) throws {
        let bytes = Array(input.utf8)
        let fast = try #require(bytes.withUnsafeBufferPointer(IssueRequested.decodePlain))
        #expect(fast == (try codec.referenceDecode(IssueRequested.self, from: Data(bytes))))
    }

    @Test("unusual requests give exactly what the reference gives, value or error", arguments: unusualRequests)
    func unusualRequest(input: String) {
        let bytes = Array(input.utf8)
        let ours = Result { () throws(RediclaimError) in try codec.decode(IssueRequested.self, from: bytes) }
        let reference = Result { () throws(RediclaimError) in try codec.referenceDecode(IssueRequested.self, from: Data(bytes)) }
        #expect(ours == reference)
    }

    @Test("plain results take the fast path and equal the reference", arguments: results)
    func plainResult(input: String) throws {
        let bytes = Array(input.utf8)
        let fast = try #require(bytes.withUnsafeBufferPointer(IssueResult.decodePlain))
        #expect(fast == (try codec.referenceDecode(IssueResult.self, from: Data(bytes))))
    }

    @Test("unusual results give exactly what the reference gives, value or error", arguments: unusualResults)
    func unusualResult(input: String) {
        let bytes = Array(input.utf8)
        let ours = Result { () throws(RediclaimError) in try codec.decode(IssueResult.self, from: bytes) }
        let reference = Result { () throws(RediclaimError) in try codec.referenceDecode(IssueResult.self, from: Data(bytes)) }
        #expect(ours == reference)
    }

    @Test("a repeated key is refused by name")
    func duplicateKeyNamed() {
        let bytes = Array(#"{"eventId":1,"eventId":2,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1}"#.utf8)
        #expect(throws: RediclaimError(.duplicateKey, field: "eventId", message: #"key "eventId" appears more than once"#)) {
            try codec.decode(IssueRequested.self, from: bytes)
        }
    }
}
