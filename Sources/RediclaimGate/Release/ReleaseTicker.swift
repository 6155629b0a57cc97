import Foundation
import Logging
import RediclaimKafka
import RediclaimStore
import ServiceLifecycle
import Synchronization

/// Every tick, each open event lets up to rate x elapsed users out of the queue (one Redis script per
/// event) and hands them to the dispatcher. About once a second it also refreshes the event list,
/// samples counters for metrics and wait estimates, and re-publishes stale pending entries.
public struct ReleaseTicker: Service {
    let gate: Gate
    let dispatcher: Dispatcher
    /// Dispatches in flight are bounded so a slow broker slows releases instead of piling up memory.
    let maxInFlight = 64

    public init(gate: Gate, producer: KafkaProducer) {
        self.gate = gate
        self.dispatcher = Dispatcher(gate: gate, producer: producer)
    }

    public func run() async throws {
        let tick = Duration.milliseconds(gate.settings.tickMs)
        let inFlight = InFlight()
        var eventIds: [Int64] = []
        var definitions: [Int64: RuntimeDefinition] = [:]
        var lastHousekeeping = ContinuousClock.now - .seconds(10)
        var deadline = ContinuousClock.now
        gate.logger.info("release ticker started", metadata: [GateLogKey.tickMs: "\(gate.settings.tickMs)"])
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                if ContinuousClock.now - lastHousekeeping >= .seconds(1) {
                    lastHousekeeping = .now
                    (eventIds, definitions) = await refreshEvents()
                    await republishStale(eventIds, definitions, group: &group, inFlight: inFlight)
                }
                if inFlight.count.load(ordering: .relaxed) < maxInFlight {
                    for id in eventIds {
                        await releaseOnce(id, definition: definitions[id], group: &group, inFlight: inFlight)
                    }
                }
                // Deadlines advance by whole ticks so a late tick does not shift all the later ones.
                deadline += tick
                let now = ContinuousClock.now
                if deadline < now { deadline = now }
                try? await Task.sleep(until: deadline, tolerance: .milliseconds(2))
            }
        }
        gate.logger.info("release ticker stopped; dispatches finished")
    }

    func releaseOnce(
        _ id: Int64, definition: RuntimeDefinition?, group: inout DiscardingTaskGroup, inFlight: InFlight
    ) async {
        do {
            let outcome = try await gate.room.release(
                eventId: id, tickMs: gate.settings.tickMs, maxBatch: gate.settings.maxReleasePerTick)
            if outcome.needsShuffle, gate.placing.start(id) {
                let placer = CohortPlacer(gate: gate)
                group.addTask {
                    await placer.place(id)
                    gate.placing.finish(id)
                }
            }
            guard !outcome.released.isEmpty else { return }
            gate.metrics.event(id).released.increment(by: Int64(outcome.released.count))
            spawn(id, outcome.released, definition?.openAtMs, epoch: outcome.epoch, group: &group, inFlight: inFlight)
        } catch {
            gate.logger.warning("release tick failed", metadata: [GateLogKey.eventId: "\(id)", GateLogKey.error: "\(error)"])
        }
    }

    func spawn(
        _ id: Int64, _ users: [ReleasedUser], _ openAtMs: Int64?, epoch: Int? = nil, group: inout DiscardingTaskGroup,
        inFlight: InFlight
    ) {
        inFlight.count.add(1, ordering: .relaxed)
        let dispatcher = self.dispatcher
        group.addTask {
            await dispatcher.dispatch(eventId: id, users: users, openAtMs: openAtMs, epoch: epoch)
            inFlight.count.subtract(1, ordering: .relaxed)
        }
    }

    /// Event ids and definitions from Redis; counters sampled for metrics and the measured rate.
    func refreshEvents() async -> ([Int64], [Int64: RuntimeDefinition]) {
        do {
            let ids = try await gate.runtime.eventIds()
            var definitions: [Int64: RuntimeDefinition] = [:]
            for id in ids {
                guard let definition = try await gate.runtime.definition(id) else { continue }
                definitions[id] = definition
                let counters = try await gate.runtime.counters(id)
                let metrics = gate.metrics.event(id)
                metrics.queueLength.set(Double(counters.waiting))
                metrics.pending.set(Double(counters.pending))
                gate.metrics.sample(id, definition, counters)
                if let rate = gate.rates.observe(eventId: id, released: counters.released, at: .now) {
                    metrics.releaseRate.set(rate)
                }
            }
            return (ids.filter { definitions[$0] != nil }, definitions)
        } catch {
            gate.logger.warning("cannot read events from Redis", metadata: [GateLogKey.error: "\(error)"])
            return ([], [:])
        }
    }

    /// Re-publishes pending entries older than `pendingRepublishAfterMs`: a broker outage, or a gate that
    /// crashed between release and publish (any replica claims them).
    func republishStale(
        _ ids: [Int64], _ definitions: [Int64: RuntimeDefinition], group: inout DiscardingTaskGroup, inFlight: InFlight
    ) async {
        for id in ids {
            do {
                let stale = try await gate.room.claimPending(
                    eventId: id, olderThanMs: gate.settings.pendingRepublishAfterMs, limit: 2_000)
                guard !stale.isEmpty else { continue }
                gate.metrics.republished.increment(by: Int64(stale.count))
                gate.logger.notice("re-publishing stale pending requests", metadata: [GateLogKey.eventId: "\(id)", GateLogKey.count: "\(stale.count)"])
                spawn(id, stale, definitions[id]?.openAtMs, group: &group, inFlight: inFlight)
            } catch {
                gate.logger.warning("cannot claim pending entries", metadata: [GateLogKey.eventId: "\(id)", GateLogKey.error: "\(error)"])
            }
        }
    }
}

/// Dispatches under way, shared with the tasks that finish them.
final class InFlight: Sendable {
    let count = Atomic<Int>(0)
}
