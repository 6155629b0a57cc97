import RediclaimKafka
import Testing

@Suite("librdkafka runtime")
struct KafkaVersionTests {
    @Test("the loaded librdkafka is new enough for Tansu (set LD_LIBRARY_PATH=.run/lib)")
    func librdkafkaIsNewEnough() throws {
        #expect(!Kafka.librdkafkaVersion.isEmpty)
        try KafkaTestEnvironment.requireModernLibrdkafka()
    }
}
