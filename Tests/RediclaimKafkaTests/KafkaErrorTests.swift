@testable import RediclaimKafka
import Testing

@Suite("KafkaError mapping (no broker)")
struct KafkaErrorTests {
    @Test("librdkafka codes map to named codes")
    func namedCodes() {
        // Raw values from rdkafka.h's rd_kafka_resp_err_t.
        #expect(KafkaError.Code(rawCode: -192) == .messageTimedOut)
        #expect(KafkaError.Code(rawCode: -184) == .queueFull)
        #expect(KafkaError.Code(rawCode: 36) == .topicAlreadyExists)
        #expect(KafkaError.Code(rawCode: 3) == .unknownTopicOrPartition)
        #expect(KafkaError.Code(rawCode: 27) == .rebalanceInProgress)
        #expect(KafkaError.Code(rawCode: -150) == .fatal)
        #expect(KafkaError.Code(rawCode: 87) == .other(87))
    }

    @Test("the safe message stays ours; librdkafka's text goes to underlying")
    func messages() {
        let error = KafkaError(
            .messageTimedOut, "the message was not acknowledged by Kafka", underlying: "Local: Message timed out")
        #expect(error.description == "KafkaError(messageTimedOut): the message was not acknowledged by Kafka")
        #expect(error.underlying?.isEmpty == false)
        #expect(error.debugDescription.contains(error.underlying ?? "?"))
        #expect(error.isRetriable)
        #expect(!KafkaError(.invalidConfiguration, "x").isRetriable)
    }
}
