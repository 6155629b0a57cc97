import RediclaimJSON
import Testing

@Suite("Duplicate keys are found anywhere in a document (no servers)", .timeLimit(.minutes(1)))
struct JSONDuplicateKeysTests {
    @Test("a repeated key is named", arguments: [
        (#"{"a":1,"a":2}"#, "a"),
        (#"{"x":{"b":1,"b":[]}}"#, "b"),
        (#"[{"k":1},{"k":2,"k":3}]"#, "k"),
        (#"{"a":1,"\u0061":2}"#, "a"),
        (#"{"é":1,"\u00e9":2}"#, "é"),
        (#"{"s":"}","s":"{"}"#, "s"),
    ])
    func found(text: String, key: String) {
        #expect(JSONDuplicateKeys.first(in: Array(text.utf8)) == key)
    }

    @Test("documents without one, and malformed input, answer nil", arguments: [
        #"{"a":1,"b":2}"#, #"{"a":{"a":1}}"#, #"[{"a":1},{"a":2}]"#, #"{"a":"a","b":"a"}"#, "[]", "7", "", "{",
        #"{"a\"":1,"a":2}"#,
    ])
    func none(text: String) {
        #expect(JSONDuplicateKeys.first(in: Array(text.utf8)) == nil)
    }
}
