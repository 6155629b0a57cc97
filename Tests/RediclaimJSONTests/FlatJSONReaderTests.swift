import RediclaimJSON
import Testing

@Suite("Fast reader for flat JSON objects (no servers)", .timeLimit(.minutes(1)))
struct FlatJSONReaderTests {
    @Test("flat objects of strings and integers are read")
    func reads() {
        #expect(FlatJSONReader.parse(Array(#"{"eventId":1001,"userId":"u-42"}"#.utf8)) == ["eventId": .integer(1001), "userId": .string("u-42")])
        #expect(FlatJSONReader.parse(Array(#" { "a" : -5 , "b":"x" } "#.utf8)) == ["a": .integer(-5), "b": .string("x")])
        #expect(FlatJSONReader.parse(Array("{}".utf8)) == [:])
        #expect(FlatJSONReader.parse(Array(#"{"u":"한글"}"#.utf8)) == ["u": .string("한글")])
        #expect(FlatJSONReader.parse(Array(#"{"n":999999999999999999}"#.utf8)) == ["n": .integer(999_999_999_999_999_999)])
    }

    @Test("anything unusual is left to the full decoder", arguments: [
        #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":01}"#, #"{"a":"x\"y"}"#, #"{"a":[1]}"#, #"{"a":{"b":1}}"#, #"{"a":true}"#,
        #"{"a":null}"#, #"{"a":1,"a":2}"#, #"{"a":1,}"#, #"{"a":1"#, #"{"a":1} x"#, "", "[]", #"{"a":1234567890123456789012}"#,
        #"{"a":"\#u{01}"}"#, #"{"a":-}"#, #"{"a" 1}"#, #"{a:1}"#,
    ])
    func refuses(text: String) {
        #expect(FlatJSONReader.parse(Array(text.utf8)) == nil)
    }

    @Test("invalid UTF-8 in a key or a value is refused")
    func invalidUTF8() {
        #expect(FlatJSONReader.parse([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) == nil)
        #expect(FlatJSONReader.parse([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D]) == nil)
    }

    @Test("the visitor can stop the read")
    func visitorStops() {
        let bytes = Array(#"{"a":1,"b":2}"#.utf8)
        var seen = 0
        let ok = bytes.withUnsafeBufferPointer { buffer in
            FlatJSONReader.read(buffer) { _, _ in
                seen += 1
                return false
            }
        }
        #expect(!ok)
        #expect(seen == 1)
    }
}
