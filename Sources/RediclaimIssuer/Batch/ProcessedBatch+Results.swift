import RediclaimCore
import RediclaimKafka

extension ProcessedBatch {
    /// The result messages for the answers, counting issued, sold out and redelivered; answers
    /// about unknown events (and results that cannot be built) become dead letters instead.
    mutating func settle(resultTopic: String) -> [KafkaOutgoingMessage] {
        var messages: [KafkaOutgoingMessage] = []
        messages.reserveCapacity(answers.count)
        for answer in answers {
            guard let result = result(for: answer) else { continue }
            messages.append(KafkaOutgoingMessage(
                topic: resultTopic, key: Array(result.key.utf8), value: MessageCodec().encode(result)))
        }
        return messages
    }

    private mutating func result(for answer: Answer) -> IssueResult? {
        let request = answer.request
        do {
            switch answer.outcome {
            case .issued(let coupon, let redelivery):
                let result = try IssueResult.issued(
                    requestId: request.requestId, eventId: request.eventId, userId: request.userId,
                    couponCode: coupon.code, expiresAt: Timestamps.epochMillis(coupon.expiresAt),
                    issuedAt: Timestamps.epochMillis(coupon.issuedAt))
                if redelivery { duplicates += 1 } else { issued += 1 }
                return result
            case .soldOut:
                let result = try IssueResult.soldOut(
                    requestId: request.requestId, eventId: request.eventId, userId: request.userId)
                soldOut += 1
                return result
            case .unknownEvent:
                let failure = IssuerError(.unknownEvent, "event \(request.eventId) does not exist")
                deadLetters.append(DeadLetterMessage(answer.message, failure: failure, attempts: 1))
                return nil
            }
        } catch {
            // Inputs were validated on decode, so this means a bad row; the DLQ keeps the request.
            let failure = IssuerError(
                .invalidResult, "the result cannot be built: \(error.message)", detail: error.debugDescription)
            deadLetters.append(DeadLetterMessage(answer.message, failure: failure, attempts: 1))
            return nil
        }
    }
}
