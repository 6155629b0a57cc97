import RediclaimRedis
import Testing
import TestSupport

/// A master fails over while writers append to lists on it and on another master. The client is
/// never restarted; it must carry on once the cluster has a new master, and every failure it reports
/// must be of the "unavailable, retry" kind. Each test runs its own cluster (node timeout 1 s).
@Suite("RedisClient through a cluster failover (private Redis Cluster)", .timeLimit(.minutes(3)))
struct RedisClusterFailoverTests {
    struct Run {
        let hot: ClusterAppender.Summary
        let waited: ClusterAppender.Summary
        let other: ClusterAppender.Summary
        let takeover: Duration
    }

    /// Writers on the victim's slot (plain and with WAIT) and on another master's slot; `fail` fails
    /// the victim over; returns what the writers saw.
    private func measure(
        _ name: String, _ fail: (PrivateRedisCluster, _ master: Int, _ replica: Int) async throws -> Void
    ) async throws -> (Run, PrivateRedisCluster) {
        let cluster = try await PrivateRedisCluster(nodeTimeoutMs: 1_000)
        var configuration = try cluster.configuration()
        configuration.commandTimeout = .seconds(1)
        let client = RedisClient(configuration: configuration, logger: TestServers.logger)
        do {
            let hotKey = "\(name):{hot}", waitedKey = "\(name):{hot}:waited"
            let master = try await cluster.master(ofSlot: RedisClusterSlot.slot(forKey: hotKey))
            var otherKey = ""
            for tag in 0..<100 where otherKey.isEmpty {
                let candidate = "\(name):{other\(tag)}"
                if try await cluster.master(ofSlot: RedisClusterSlot.slot(forKey: candidate)) != master { otherKey = candidate }
            }
            let replica = try await cluster.replica(of: master)
            let writers = [ClusterAppender(key: hotKey), ClusterAppender(key: waitedKey, waitsForReplica: true), ClusterAppender(key: otherKey)]
            let tasks = writers.map { writer in Task { await writer.run(client) } }
            try await Task.sleep(for: .milliseconds(1_500))

            let failedAt = ContinuousClock.now
            try await fail(cluster, master, replica)
            // The replica serves the slot once the cluster has promoted it.
            // No master at all while the cluster notices the loss: ask again.
            while (try? await cluster.master(ofSlot: RedisClusterSlot.slot(forKey: hotKey))) != replica {
                try #require(ContinuousClock.now - failedAt < .seconds(30), "the replica was never promoted")
                try await Task.sleep(for: .milliseconds(50))
            }
            let takeover = ContinuousClock.now - failedAt
            try await Task.sleep(for: .seconds(2))
            for writer in writers { writer.stop() }
            for task in tasks { await task.value }

            var summaries: [ClusterAppender.Summary] = []
            for writer in writers {
                let values = try #require(try await client.send("LRANGE", writer.key, 0, -1).array).compactMap(\.int)
                summaries.append(writer.summary(present: values, lossMark: failedAt))
            }
            await client.shutdown()
            return (Run(hot: summaries[0], waited: summaries[1], other: summaries[2], takeover: takeover), cluster)
        } catch {
            await client.shutdown()
            await cluster.stop()
            throw error
        }
    }

    private func report(_ title: String, _ run: Run) {
        print("[cluster failover] \(title): replica serving after \(Int((run.takeover / .milliseconds(1)).rounded())) ms")
        for summary in [run.hot, run.waited, run.other] { print("[cluster failover]   \(summary)") }
    }

    @Test("CLUSTER FAILOVER on the replica: writes carry on through MOVED, nothing acknowledged is lost")
    func manualFailover() async throws {
        let (run, cluster) = try await measure("manual") { cluster, _, replica async throws in
            #expect(try await cluster.withNode(replica) { try await $0.send("CLUSTER", "FAILOVER") } == .status("OK"))
        }
        await cluster.stop()
        report("CLUSTER FAILOVER", run)
        for summary in [run.hot, run.waited, run.other] {
            #expect(summary.lost == 0, "\(summary)")
            #expect(summary.everyFailureUnavailable, "\(summary)")
            #expect(summary.acknowledgedAfterFailures, "\(summary)")
        }
        #expect(run.other.failed == 0, "another master's slots never stop: \(run.other)")
    }

    @Test("kill -9 of a master: its slots fail with 'unavailable' until the replica is promoted, then writes carry on")
    func killedMaster() async throws {
        let (run, cluster) = try await measure("killed") { cluster, master, _ async throws in try cluster.kill9(master) }
        report("kill -9 of a master", run)
        #expect(run.hot.everyFailureUnavailable && run.hot.acknowledgedAfterFailures, "\(run.hot)")
        #expect(run.hot.failed > 0, "a dead master's slots cannot answer until the promotion")
        // Acknowledged only after a replica had them: a promotion cannot lose these.
        #expect(run.waited.lost == 0, "\(run.waited)")
        // No WAIT 1 succeeds after the promotion: the new master has no replica until the killed node rejoins.
        #expect(run.waited.everyFailureUnavailable, "\(run.waited)")
        // The other shards keep serving (cluster-require-full-coverage no).
        #expect(run.other.failed == 0 && run.other.lost == 0, "\(run.other)")

        // The killed node comes back as a replica of the promoted one.
        try await cluster.up()
        let nodes = try await cluster.nodes()
        #expect(nodes.filter(\.isMaster).count == 3 && nodes.filter { !$0.isMaster }.count == 3)
        await cluster.stop()
    }
}
