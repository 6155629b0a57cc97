import RediclaimCore
import RediclaimStore

/// I5 for an event with a pre-queue: FIFO by score holds for everyone (the cohort's positions are the
/// lowest sequence numbers), and the cohort's own order must be the seeded one.
extension InvariantChecker {
    static func cohortAware(_ fifo: InvariantResult, _ d: AuditData) -> InvariantResult {
        guard let cohort = d.cohort, let size = cohort.cohort, size > 0 else { return fifo }
        let problems = cohort.problems(d.releaseLog)
        guard !problems.isEmpty || !fifo.passed else {
            return InvariantResult(
                id: fifo.id, title: fifo.title, passed: true,
                summary: fifo.summary + "; the cohort of \(size) in its seeded order", examples: [])
        }
        return InvariantResult(
            id: fifo.id, title: fifo.title, passed: false, summary: fifo.summary + "; cohort of \(size): \(problems.count) problems",
            examples: Array((fifo.examples + problems).prefix(5)))
    }
}
