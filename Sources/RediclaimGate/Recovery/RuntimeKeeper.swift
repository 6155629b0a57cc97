import Foundation
import Logging
import RediclaimCore
import RediclaimKafka
import RediclaimStore
import ServiceLifecycle
import Synchronization

/// Keeps every live event's runtime copy in Redis whole, with no operator step: every second it compares
/// what MySQL knows with what Redis holds. A copy that is missing, or whose counters belong to another
/// Redis lifetime (a restart, an AOF rollback, a promoted replica), is rebuilt (`RuntimeRebuild`); a copy
/// merely older than MySQL's version (a control lost in a rollback) is published again.
struct RuntimeKeeper: Service {
    let gate: Gate
    let stores: GateStores
    let recovery: RuntimeRecovery
    let rebuild: RuntimeRebuild
    var interval: Duration = .seconds(1)

    func run() async throws {
        let running = RecoveriesInFlight()
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                await pass(group: &group, running: running)
                try? await Task.sleep(for: interval)
            }
        }
    }

    func pass(group: inout DiscardingTaskGroup, running: RecoveriesInFlight) async {
        let records: [EventRecord]
        let checks: [Int64: RuntimeCheck]
        do {
            records = try await stores.events.live()
            gate.live.replace(records.map(\.event.id))
            guard !records.isEmpty else { return }
            checks = try await recovery.check(records.map(\.event.id))
        } catch {
            // Redis or MySQL unreachable: nothing to compare now; the next pass will.
            gate.logger.debug("runtime keeper pass skipped", metadata: [GateLogKey.error: "\(error)"])
            return
        }
        for record in records {
            guard let check = checks[record.event.id] else { continue }
            if check.needsRebuild {
                // Another gate holds the heal lock (it expires if that gate dies), or this one is at it already.
                guard !check.healing, running.start(record.event.id) else { continue }
                group.addTask {
                    await heal(record.event.id, check: check)
                    running.finish(record.event.id)
                }
            } else if check.version < record.version {
                do {
                    try await gate.runtime.publish(record)
                    gate.events.invalidate(record.event.id)
                    gate.logger.notice(
                        "event copy was older than MySQL; published again",
                        metadata: [GateLogKey.eventId: "\(record.event.id)", "event.version": "\(record.version)"])
                } catch {
                    gate.logger.warning(
                        "cannot publish event", metadata: [GateLogKey.eventId: "\(record.event.id)", GateLogKey.error: "\(error)"])
                }
            }
        }
    }

    func heal(_ id: Int64, check: RuntimeCheck) async {
        let metadata: Logger.Metadata = [GateLogKey.eventId: "\(id)"]
        gate.logger.warning(
            "event's Redis state is gone or from another Redis lifetime; rebuilding it from MySQL and Kafka",
            metadata: metadata.merging(["redis.run_id": "\(check.runId)", "event.epoch": "\(check.epoch.isEmpty ? "none" : check.epoch)"]) { $1 })
        gate.events.invalidate(id)
        do {
            guard let report = try await rebuild.run(id) else { return }
            gate.metrics.recoveries.increment()
            gate.events.invalidate(id)
            gate.logger.notice(
                "event rebuilt; releases resume",
                metadata: metadata.merging([
                    "recovery.restored": "\(report.restored)", "recovery.released": "\(report.released)",
                    "recovery.epoch": "\(report.epoch)", "recovery.issuer_wait": "\(report.waitedForIssuer)",
                ]) { $1 })
        } catch {
            gate.logger.warning("rebuild interrupted; the next pass retries", metadata: metadata.merging([GateLogKey.error: "\(error)"]) { $1 })
        }
    }
}

/// Events this gate is rebuilding now.
final class RecoveriesInFlight: Sendable {
    private let ids = Mutex<Set<Int64>>([])

    func start(_ id: Int64) -> Bool { ids.withLock { $0.insert(id).inserted } }
    func finish(_ id: Int64) { _ = ids.withLock { $0.remove(id) } }
}
