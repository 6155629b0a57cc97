internal import CRdKafka
import Synchronization

/// Producer topic handles by name, created on first use and destroyed with the client.
final class RDKafkaTopicHandles: Sendable {
    // Addresses as integers because pointers are not Sendable; the Mutex guards the table.
    private let table = Mutex<[String: UInt]>([:])

    func handle(for topic: String, client: OpaquePointer) -> OpaquePointer? {
        let address: UInt? = table.withLock { table in
            if let existing = table[topic] { return existing }
            guard let created = rd_kafka_topic_new(client, topic, nil) else { return nil }
            let address = UInt(bitPattern: UnsafeRawPointer(created))
            table[topic] = address
            return address
        }
        return address.flatMap { OpaquePointer(bitPattern: $0) }
    }

    func destroyAll() {
        let handles = table.withLock { table in
            defer { table.removeAll() }
            return Array(table.values)
        }
        for address in handles {
            if let handle = OpaquePointer(bitPattern: address) { rd_kafka_topic_destroy(handle) }
        }
    }
}
