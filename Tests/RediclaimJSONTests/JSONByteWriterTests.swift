import Foundation
import RediclaimJSON
import Testing

@Suite("Byte writer: compact JSON, JSONEncoder's escaping (no servers)", .timeLimit(.minutes(1)))
struct JSONByteWriterTests {
    @Test("objects, nested objects, arrays and every value kind")
    func shapes() {
        var w = JSONByteWriter()
        w.object { w in
            w.field("s", "x")
            w.field("i", -42)
            w.field("b", true)
            w.field("d", 1.5)
            w.null("n")
            w.object("o") { $0.field("k", 1) }
            w.array("a") { w in
                w.element { $0.field("u", "1") }
                w.element { $0.field("u", "2") }
            }
            w.array("t") { w in
                w.element("p")
                w.element("q")
            }
        }
        #expect(w.text == #"{"s":"x","i":-42,"b":true,"d":1.5,"n":null,"o":{"k":1},"a":[{"u":"1"},{"u":"2"}],"t":["p","q"]}"#)
    }

    @Test("strings escape exactly as JSONEncoder does", arguments: [
        "plain", "quote \" and \\ backslash", "slash/é 漢字 😀", "tab\tnew\nline\r", "controls \u{01}\u{08}\u{0C}\u{1F}\u{7F}", "",
    ])
    func escaping(text: String) throws {
        var ours: [UInt8] = []
        JSONByteWriter.appendString(text, to: &ours)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(ours == [UInt8](try encoder.encode(text)))
    }

    @Test("integers of every size", arguments: [Int64.min, -1, 0, 7, 1_000_000, Int64.max])
    func integers(value: Int64) {
        var out: [UInt8] = []
        JSONByteWriter.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }
}
