import Foundation
import NIOCore
import NIOPosix

/// Runs a spike: every user arrives on the plan's open-model schedule, enqueues, polls as told and stops at
/// a final status (or the deadline). Prints a progress line every second, saying so when the generator
/// itself falls behind its schedule.
public struct SpikeRun {
    /// Light figures for the progress line.
    struct Progress: Sendable {
        var arrived = 0
        var finished = 0
        var queued = 0
        var late = 0
        var worstLagMs = 0
        var waitingForConnection = 0
        var requests = 0
    }

    public let plan: SpikePlan

    public init(plan: SpikePlan) { self.plan = plan }

    /// Runs to the end and returns the report; `progress` gets one line per second.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> SpikeReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, plan.threads))
        let loops = Array(group.makeIterator())
        let now = Int(Date().timeIntervalSince1970)
        var perShard = Array(repeating: [SimulatedUser](), count: loops.count)
        for k in 0..<plan.users {
            let id = "\(plan.userPrefix)-\(k)"
            perShard[k % loops.count].append(SimulatedUser(id: id, token: plan.jwtSecret.map { DevToken.hs256(secret: $0, user: id, now: now) }))
        }
        // The clock starts once every token is minted, so the schedule is not already behind at the start.
        let startNs = NIODeadline.now().uptimeNanoseconds + 300_000_000
        for s in perShard.indices {
            for i in perShard[s].indices { perShard[s][i].arrivalNs = startNs + UInt64(plan.arrival(i * loops.count + s) * 1e9) }
        }
        let shards = loops.enumerated().map { i, loop in
            LoadShard(loop: loop, plan: plan, users: perShard[i], connections: plan.connections / loops.count)
        }
        for shard in shards { shard.start(at: startNs) }
        let started = ContinuousClock.now
        var lastRequests = 0
        var lastArrived = 0
        while true {
            try await Task.sleep(for: .seconds(1))
            var p = Progress()
            for shard in shards {
                let s = try await shard.loop.submit { shard.progress }.get()
                p.arrived += s.arrived
                p.finished += s.finished
                p.queued += s.queued
                p.late += s.late
                p.worstLagMs = max(p.worstLagMs, s.worstLagMs)
                p.waitingForConnection += s.waitingForConnection
                p.requests += s.requests
            }
            let t = (ContinuousClock.now - started).components.seconds
            var line = "t=\(t)s arrived \(p.arrived)/\(plan.users) (+\(p.arrived - lastArrived)/s) final \(p.finished)"
            line += " requests +\(p.requests - lastRequests)/s waiting for a connection \(p.waitingForConnection)"
            if p.late > 0 { line += " BEHIND SCHEDULE: \(p.late) requests sent >\(plan.lateAfterMs) ms late (worst \(p.worstLagMs) ms)" }
            progress(line)
            lastRequests = p.requests
            lastArrived = p.arrived
            if p.finished >= plan.users { break }
        }
        var total = SpikeStats()
        for shard in shards { total.add(try await shard.loop.submit { shard.stats }.get()) }
        try await group.shutdownGracefully()
        return SpikeReport(plan: plan, stats: total, runSeconds: Double((ContinuousClock.now - started).components.seconds))
    }
}

extension LoadShard {
    var progress: SpikeRun.Progress {
        SpikeRun.Progress(
            arrived: stats.arrived, finished: stats.finished, queued: stats.queued, late: stats.late,
            worstLagMs: Int(stats.worstLagNs / 1_000_000), waitingForConnection: waiting.count, requests: stats.requests)
    }
}
