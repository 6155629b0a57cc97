internal import CRdKafka
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and its callback context; `destroy()` (or `deinit`) frees both.
///
/// librdkafka handles are thread-safe, which is why this class may be shared across threads.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let handle: OpaquePointer
    let context: RDKafkaContext
    let kind: Kind
    private let topics: RDKafkaTopicHandles
    private let destroyed = Mutex(false)

    private init(handle: OpaquePointer, context: RDKafkaContext, kind: Kind) {
        self.handle = handle
        self.context = context
        self.kind = kind
        self.topics = RDKafkaTopicHandles()
    }

    static func make(
        kind: Kind, options: [String: String], context: RDKafkaContext
    ) throws(KafkaError) -> RDKafkaClient {
        let conf = try RDKafkaConfig.make(options)
        // Balanced by the release in deinit (or below when rd_kafka_new fails).
        let opaque = Unmanaged.passRetained(context).toOpaque()
        rd_kafka_conf_set_opaque(conf, opaque)
        RDKafkaCallbacks.install(on: conf, kind: kind, deliveries: context.deliveries != nil)

        var errorText = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            // rd_kafka_new frees the conf only on success.
            rd_kafka_conf_destroy(conf)
            Unmanaged<RDKafkaContext>.fromOpaque(opaque).release()
            let detail = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw KafkaError(.clientCreation, "could not create the Kafka client", underlying: detail)
        }
        return RDKafkaClient(handle: handle, context: context, kind: kind)
    }

    /// librdkafka's name for this client instance, e.g. `rediclaim#producer-1`.
    var name: String { String(cString: rd_kafka_name(handle)) }

    /// A cached topic handle for producing (creating one per message is wasteful).
    func topicHandle(_ topic: String) -> OpaquePointer? {
        topics.handle(for: topic, client: handle)
    }

    /// Frees the handle once. Blocks until librdkafka's threads stop, so owners call it on their
    /// own thread or serial queue, after every other use of the handle has ended.
    func destroy() {
        let first = destroyed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        topics.destroyAll()
        rd_kafka_destroy(handle)
        // Balances passRetained in make(): no callback can run after rd_kafka_destroy.
        Unmanaged.passUnretained(context).release()
    }

    deinit { destroy() }
}
