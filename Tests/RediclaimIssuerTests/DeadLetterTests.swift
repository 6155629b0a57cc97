import Foundation
import RediclaimCore
import RediclaimKafka
import RediclaimMySQL
import Testing

@testable import RediclaimIssuer

@Suite("Dead letters and failure classes (no servers)", .timeLimit(.minutes(1)))
struct DeadLetterTests {
    @Test("a UTF-8 value is kept as text with its metadata, under the original key")
    func utf8() throws {
        let message = KafkaMessage(topic: "req", partition: 2, offset: 41, key: Array("1001:u".utf8), value: Array("not json".utf8))
        let letter = DeadLetterMessage(message, failure: IssuerError(.undecodable, "undecodable", detail: "detail"), attempts: 1)
        let outgoing = letter.outgoing(topic: "dlq")
        #expect(outgoing.topic == "dlq")
        #expect(outgoing.key == Array("1001:u".utf8))
        let record = try JSONDecoder().decode(DeadLetter.self, from: Data(outgoing.value))
        #expect(record.v == 1 && record.topic == "req" && record.partition == 2 && record.offset == 41)
        #expect(record.key == "1001:u" && record.value == "not json" && record.valueEncoding == "utf8")
        #expect(record.error == "undecodable" && record.errorCode == "undecodable" && record.errorDetail == "detail")
        #expect(record.attempts == 1 && record.failedAt > 0)
        #expect(record.originalValue == Array("not json".utf8))
    }

    @Test("invalid UTF-8 is kept as base64")
    func binary() {
        let bytes: [UInt8] = [0xff, 0xfe, 0x00, 0x41]
        let record = DeadLetter(
            message: KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: bytes),
            failure: IssuerError(.rejected, "e"), attempts: 3)
        #expect(record.valueEncoding == "base64" && record.key == nil)
        #expect(record.originalValue == bytes)
    }

    @Test("a huge value is cut to maxValueBytes, its size kept")
    func huge() {
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: DeadLetter.maxValueBytes * 3)
        let record = DeadLetter(
            message: KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: bytes),
            failure: IssuerError(.undecodable, "e"), attempts: 1)
        #expect(record.valueBytes == bytes.count && record.value.utf8.count == DeadLetter.maxValueBytes)
    }

    @Test("failures are classed: transient infrastructure, permanent data, shutdown")
    func classes() {
        typealias P = BatchProcessor
        #expect(P.classify(MySQLError(.deadlock, "x")) == .transient)
        #expect(P.classify(MySQLError(.lockWaitTimeout, "x")) == .transient)
        #expect(P.classify(MySQLError(.connectionLost, "x")) == .transient)
        #expect(P.classify(MySQLError(.cannotConnect, "x")) == .transient)
        #expect(P.classify(MySQLError(.duplicateEntry, "x")) == .permanent)
        #expect(P.classify(MySQLError(.closed, "x")) == .shutdown)
        #expect(P.classify(KafkaError(.allBrokersDown, "x")) == .transient)
        #expect(P.classify(KafkaError(.messageTooLarge, "x")) == .permanent)
        #expect(P.classify(IssuerError(.stockGuard, "x")) == .permanent)
        #expect(P.classify(IssuerError(.shutdown, "x")) == .shutdown)
        #expect(P.classify(CancellationError()) == .shutdown)
    }
}
