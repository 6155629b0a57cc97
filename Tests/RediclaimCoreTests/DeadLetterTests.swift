import Foundation
import Testing

@testable import RediclaimCore

@Suite("DeadLetter: the DLQ record")
struct DeadLetterTests {
    static func letter(value: [UInt8], key: String? = "1001:u-1") -> DeadLetter {
        DeadLetter(
            errorCode: "unknownEvent", error: "event 1001 does not exist", errorDetail: nil, topic: "req", partition: 2,
            offset: 41, key: key.map { Array($0.utf8) }, value: value, attempts: 1,
            failedAt: Date(timeIntervalSince1970: 1_735_689_600.123))
    }

    @Test("encodes to sorted JSON and decodes back to the same record")
    func roundTrip() throws {
        let letter = Self.letter(value: Array(#"{"v":1}"#.utf8))
        let text = String(decoding: letter.encoded(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"attempts":1,"error":"event 1001 does not exist","errorCode":"unknownEvent","#))
        #expect(text.contains(#""failedAt":1735689600123"#))
        #expect(try DeadLetter.decode(letter.encoded()) == letter)
    }

    @Test("the original bytes come back, UTF-8 or base64; a cut value is not complete")
    func originalValue() {
        #expect(Self.letter(value: Array("abc".utf8)).originalValue == Array("abc".utf8))
        let binary: [UInt8] = [0xff, 0x00, 0x41]
        let b = Self.letter(value: binary, key: nil)
        #expect(b.valueEncoding == "base64" && b.originalValue == binary && b.key == nil && b.isComplete)
        let huge = Self.letter(value: [UInt8](repeating: 0x78, count: DeadLetter.maxValueBytes + 1))
        #expect(huge.valueBytes == DeadLetter.maxValueBytes + 1 && !huge.isComplete)
    }

    @Test("a value that is not a dead letter is a decoding error naming the field")
    func badInput() {
        #expect(throws: RediclaimError.self) { try DeadLetter.decode(Array("{not json".utf8)) }
        #expect(throws: RediclaimError.self) { try DeadLetter.decode(Array(#"{"v":1}"#.utf8)) }
    }
}
