import Foundation
import RediclaimCore
import Testing

@testable import RediclaimIssuer

@Suite("Request decoding: the fast path agrees with MessageCodec (no servers)", .timeLimit(.minutes(1)))
struct RequestDecodingTests {
    static let inputs: [String] = [
        #"{"eventId":1001,"releasedAt":1735689600123,"requestId":"1001:u-42","seq":17,"userId":"u-42","v":1}"#,
        #" { "v" : 1 , "userId":"u-1", "seq":1, "releasedAt":0, "requestId":"r", "eventId":5, "enqueuedAt":3 } "#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"x","seq":1,"userId":"u","v":1,"extra":"ignored"}"#,
        #"{"eventId":1001,"releasedAt":1,"requestId":"é 漢字","seq":1,"userId":"u","v":1}"#,
    ]

    /// Each needs the full decoder: escapes, floats, nesting, nulls, duplicates, errors.
    static let unusual: [String] = [
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

    @Test("invalid UTF-8 anywhere is the codec's business")
    func invalidUTF8() {
        let prefix = Array(#"{"eventId":1001,"releasedAt":1,"requestId":"r","seq":1,"userId":"u","v":1,""#.utf8)
        for bytes in [prefix + [0xFF] + Array(#"":1}"#.utf8), prefix + Array(#"k":"\#u{FF}"}"#.utf8).map { $0 == 0xC3 ? 0xFF : $0 }] {
            let ours = Result { () throws(RediclaimError) in try RequestDecoding.decode(bytes) }
            let codec = Result { () throws(RediclaimError) in try MessageCodec().decode(IssueRequested.self, from: bytes) }
            #expect(ours == codec)
        }
    }

    @Test("plain inputs take the fast path and equal the codec's result", arguments: inputs)
    func fast(input: String) throws {
        let bytes = Array(input.utf8)
        let fast = try #require(RequestDecoding.fastPath(bytes))
        #expect(fast == (try MessageCodec().decode(IssueRequested.self, from: bytes)))
    }

    @Test("unusual inputs give exactly what the codec gives, value or error", arguments: unusual)
    func fallback(input: String) {
        let bytes = Array(input.utf8)
        let ours = Result { () throws(RediclaimError) in try RequestDecoding.decode(bytes) }
        let codec = Result { () throws(RediclaimError) in try MessageCodec().decode(IssueRequested.self, from: bytes) }
        #expect(ours == codec)
    }
}
