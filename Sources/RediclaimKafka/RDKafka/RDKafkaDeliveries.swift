internal import CRdKafka
import Synchronization

/// Pending sends by per-message opaque id. The id travels through librdkafka as the message's
/// `_private` pointer; the delivery report callback (`complete`) looks it up and resumes the waiter.
final class RDKafkaDeliveries: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    enum Waiter: Sendable {
        case single(CheckedContinuation<Outcome, Never>)
        case batch(RDKafkaDeliveryBatch, index: Int)

        func resume(_ outcome: Outcome) {
            switch self {
            case .single(let continuation): continuation.resume(returning: outcome)
            case .batch(let batch, let index): batch.record(outcome, at: index)
            }
        }
    }

    private struct State {
        var nextID: UInt = 1
        var waiting: [UInt: Waiter] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    var pendingCount: Int { state.withLock { $0.waiting.count } }

    /// Registers a waiter; nil once the producer is closing.
    func register(_ waiter: Waiter) -> UInt? {
        state.withLock { state in
            guard !state.closed else { return nil }
            let id = state.nextID
            state.nextID &+= 1
            state.waiting[id] = waiter
            return id
        }
    }

    /// Removes a waiter whose message never reached librdkafka.
    func take(_ id: UInt) -> Waiter? {
        state.withLock { $0.waiting.removeValue(forKey: id) }
    }

    /// Called from the delivery report callback (on the poll thread).
    func complete(_ message: UnsafePointer<rd_kafka_message_t>) {
        let id = UInt(bitPattern: message.pointee._private)
        guard let waiter = take(id) else { return }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            waiter.resume(.success(KafkaDeliveryReport(
                topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)))
        } else {
            waiter.resume(.failure(KafkaError(
                message.pointee.err, "the message was not acknowledged by Kafka",
                detail: "topic \(topic)")))
        }
    }

    /// Fails every remaining waiter (the producer is gone) and refuses new ones.
    func failAll(_ error: KafkaError) {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume(.failure(error)) }
    }
}

/// Collects the outcomes of one `sendAll` and resumes its caller when the last one arrives.
final class RDKafkaDeliveryBatch: Sendable {
    typealias Outcome = RDKafkaDeliveries.Outcome

    private struct State {
        var outcomes: [Outcome?]
        var remaining: Int
        var continuation: CheckedContinuation<[Outcome], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), remaining: count))
    }

    /// Sets the continuation to resume once all outcomes are in (at once if they already are).
    func wait(_ continuation: CheckedContinuation<[Outcome], Never>) {
        let finished: [Outcome]? = state.withLock { state in
            guard state.remaining == 0 else {
                state.continuation = continuation
                return nil
            }
            return state.outcomes.map { $0! }
        }
        if let finished { continuation.resume(returning: finished) }
    }

    func record(_ outcome: Outcome, at index: Int) {
        let finished: (CheckedContinuation<[Outcome], Never>, [Outcome])? = state.withLock { state in
            guard case .none = state.outcomes[index] else { return nil }
            state.outcomes[index] = outcome
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.outcomes.map { $0! })
        }
        if let (continuation, outcomes) = finished { continuation.resume(returning: outcomes) }
    }
}
