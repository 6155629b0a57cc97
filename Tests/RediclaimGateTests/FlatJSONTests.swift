import Testing

@testable import RediclaimGate

@Suite("Fast JSON reader for flat request bodies")
struct FlatJSONTests {
    @Test("flat objects of strings and integers are read")
    func reads() {
        #expect(FlatJSON.parse(Array(#"{"eventId":1001,"userId":"u-42"}"#.utf8)) == ["eventId": .integer(1001), "userId": .string("u-42")])
        #expect(FlatJSON.parse(Array(#" { "a" : -5 , "b":"x" } "#.utf8)) == ["a": .integer(-5), "b": .string("x")])
        #expect(FlatJSON.parse(Array("{}".utf8)) == [:])
        #expect(FlatJSON.parse(Array(#"{"u":"한글"}"#.utf8)) == ["u": .string("한글")])
    }

    @Test("anything unusual is left to JSONDecoder", arguments: [
        #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":01}"#, #"{"a":"x\"y"}"#, #"{"a":[1]}"#, #"{"a":{"b":1}}"#, #"{"a":true}"#,
        #"{"a":null}"#, #"{"a":1,"a":2}"#, #"{"a":1,}"#, #"{"a":1"#, #"{"a":1} x"#, "", "[]", #"{"a":1234567890123456789012}"#,
        #"{"a":"\#u{01}"}"#,
    ])
    func refuses(text: String) {
        #expect(FlatJSON.parse(Array(text.utf8)) == nil)
    }
}
