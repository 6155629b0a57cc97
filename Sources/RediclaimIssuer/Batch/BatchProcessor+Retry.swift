import Logging
import RediclaimCore
import RediclaimKafka
import RediclaimMySQL
import RediclaimStore

extension BatchProcessor {
    /// How a failure is handled.
    enum FailureKind: Equatable {
        /// Infrastructure: retry the same work after a backoff, indefinitely.
        case transient
        /// Something about the data: isolate, count attempts, DLQ.
        case permanent
        /// Shutdown or cancellation: give the batch up uncommitted.
        case shutdown
    }

    static func classify(_ error: any Error) -> FailureKind {
        switch error {
        case let error as MySQLError:
            if error.code == .closed { return .shutdown }
            return error.isTransient ? .transient : .permanent
        case let error as KafkaError:
            if error.code == .closed { return .shutdown }
            return error.isRetriable ? .transient : .permanent
        case let error as IssuerError:
            return error.code == .shutdown ? .shutdown : .permanent
        case is CancellationError:
            return .shutdown
        default:
            return .permanent
        }
    }

    /// Writes, retrying transient failures with backoff until they pass or shutdown begins.
    func writeRetryingTransient(_ requests: [IssueRequested], codes: [String] = []) async throws -> CouponWrite {
        var attempt = 0
        while true {
            do {
                let outcome = try await writer.write(requests, codes: codes)
                hints.record(outcome)
                return outcome
            } catch {
                switch Self.classify(error) {
                case .permanent: throw error
                case .shutdown: throw IssuerError(.shutdown, "shut down while writing a batch", detail: "\(error)")
                case .transient:
                    attempt += 1
                    try await backOff(after: error, attempt: attempt, stage: "mysql")
                }
            }
        }
    }

    /// Counts a retry, logs it and sleeps; throws `.shutdown` if shutdown cuts the sleep short.
    func backOff(after error: any Error, attempt: Int, stage: String) async throws {
        metrics.retries.increment()
        let delay = settings.backoff.delay(attempt: attempt)
        logger.warning(
            "failed; retrying after a backoff",
            metadata: [
                IssuerLogKey.stage: .string(stage), IssuerLogKey.attempt: "\(attempt)",
                IssuerLogKey.delay: "\(delay / .milliseconds(1))",
                IssuerLogKey.error: .string(String(reflecting: error)),
            ])
        guard await stop.sleep(delay) else {
            throw IssuerError(.shutdown, "shut down while retrying", detail: "\(error)")
        }
    }

    /// After a permanent batch failure: each message alone, up to `maxAttempts` failures
    /// (transient ones do not count); a message that keeps failing goes to the DLQ (nil outcome).
    func isolate(
        _ decoded: [(message: KafkaMessage, request: IssueRequested)], into batch: inout ProcessedBatch
    ) async throws -> [IssueOutcome?] {
        var outcomes: [IssueOutcome?] = []
        for (message, request) in decoded {
            outcomes.append(try await isolated(message, request, into: &batch))
        }
        return outcomes
    }

    private func isolated(
        _ message: KafkaMessage, _ request: IssueRequested, into batch: inout ProcessedBatch
    ) async throws -> IssueOutcome? {
        var failures = 0
        var transient = 0
        while true {
            do {
                let write = try await writer.write([request])
                return IssuePlanner.outcomes(for: [request], after: write)[0]
            } catch {
                switch Self.classify(error) {
                case .shutdown:
                    throw IssuerError(.shutdown, "shut down while isolating a batch", detail: "\(error)")
                case .transient:
                    transient += 1
                    try await backOff(after: error, attempt: transient, stage: "mysql")
                case .permanent:
                    failures += 1
                    if failures >= settings.maxAttempts {
                        logger.error(
                            "message keeps failing; sending it to the DLQ",
                            metadata: [
                                IssuerLogKey.topic: .string(message.topic),
                                IssuerLogKey.partition: "\(message.partition)",
                                IssuerLogKey.offset: "\(message.offset)",
                                IssuerLogKey.error: .string(String(reflecting: error)),
                            ])
                        let failure = IssuerError(deadLetterCause: error, safeMessage: Self.safeMessage(error))
                        batch.deadLetters.append(DeadLetterMessage(message, failure: failure, attempts: failures, request: request))
                        return nil
                    }
                    try await backOff(after: error, attempt: failures, stage: "mysql-isolated")
                }
            }
        }
    }

    /// A message fit for the DLQ record's `error` (no server text that could echo values).
    static func safeMessage(_ error: any Error) -> String {
        switch error {
        case let error as MySQLError: error.description
        case let error as KafkaError: error.description
        case let error as IssuerError: error.description
        case let error as StoreError: error.description
        default: "\(type(of: error))"
        }
    }
}
