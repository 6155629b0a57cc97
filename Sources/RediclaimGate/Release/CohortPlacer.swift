import Logging
import RediclaimStore
import Synchronization

/// Places an event's pre-queue cohort at the head of the queue when the release script says the event has
/// opened with a cohort still unplaced. Any gate may ask; the shuffle lock in Redis lets one place it, and
/// one that dies mid-way is resumed by whichever gate ticks next (the order is the same: seed and cohort).
struct CohortPlacer {
    let gate: Gate

    func place(_ id: Int64) async {
        let metadata: Logger.Metadata = [GateLogKey.eventId: "\(id)"]
        do {
            let seed = try await gate.events.definition(id)?.seed
            if seed == nil { gate.logger.error("event has no shuffle seed; its cohort keeps its arrival order", metadata: metadata) }
            guard let report = try await gate.room.placeCohort(eventId: id, seed: seed, token: gate.lockToken) else { return }
            gate.metrics.cohortsPlaced.increment()
            gate.metrics.cohortChunkSeconds.set(Double(report.slowestChunk.components.attoseconds) / 1e18 + Double(report.slowestChunk.components.seconds))
            gate.info.invalidate(id)
            gate.logger.notice(
                "pre-queue cohort placed; releases begin",
                metadata: metadata.merging([
                    "cohort.size": "\(report.cohort)", "cohort.placed": "\(report.placed)", "cohort.chunks": "\(report.chunks)",
                    "cohort.slowest_chunk": "\(report.slowestChunk)",
                ]) { $1 })
        } catch {
            gate.logger.warning("cohort placement interrupted; the next tick resumes it", metadata: metadata.merging([GateLogKey.error: "\(error)"]) { $1 })
        }
    }
}

/// Events whose cohort this gate is placing now.
final class PlacementsInFlight: Sendable {
    private let ids = Mutex<Set<Int64>>([])

    func start(_ id: Int64) -> Bool { ids.withLock { $0.insert(id).inserted } }
    func finish(_ id: Int64) { _ = ids.withLock { $0.remove(id) } }
}
