import RediclaimKafka
import RediclaimRuntime

extension CtlContext {
    /// Runs `body` with an admin client, closed afterwards.
    func withKafkaAdmin<T>(_ body: (KafkaAdmin) async throws -> T) async throws -> T {
        let admin = try KafkaAdmin(client: config.kafkaClient(clientID: "rediclaimctl"), logger: logger)
        do {
            let result = try await body(admin)
            await admin.close()
            return result
        } catch {
            await admin.close()
            throw error
        }
    }

    /// Runs `body` with a producer, flushed and closed afterwards.
    func withProducer<T>(_ body: (KafkaProducer) async throws -> T) async throws -> T {
        let producer = try KafkaProducer(configuration: config.kafkaProducer(clientID: "rediclaimctl"), logger: logger)
        do {
            let result = try await body(producer)
            await producer.close()
            return result
        } catch {
            await producer.close()
            throw error
        }
    }

    /// Sends every message and throws if any delivery failed (saying how many).
    func send(_ messages: [KafkaOutgoingMessage], with producer: KafkaProducer, what: String) async throws {
        guard !messages.isEmpty else { return }
        let failures = await producer.sendAll(messages).compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        if let first = failures.first {
            throw CtlError.describe(first, context: "\(failures.count) of \(messages.count) \(what) not delivered")
        }
    }

    /// A topic reader for this command's Kafka settings.
    func topicReader(_ purpose: String) -> TopicReader {
        TopicReader(client: config.kafkaClient(clientID: "rediclaimctl-\(purpose)"), logger: logger)
    }
}
