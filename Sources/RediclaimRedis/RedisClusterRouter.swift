import Logging
import Synchronization

/// Redis Cluster routing, a layer above the per-node connections (`RedisNodePool`): each command goes
/// to the master serving its keys' hash slot, a pipeline is split by node and put back in order,
/// `MOVED`, `ASK`, `TRYAGAIN` and `CLUSTERDOWN` are followed, and a node that cannot be reached
/// makes the router read the slot map again. Only commands the cluster did not run are re-sent: a
/// connection lost mid-command fails it, since it may have run.
final class RedisClusterRouter: Sendable {
    let configuration: RedisConfiguration
    let logger: Logger
    let state = Mutex(State())
    /// Shortest time between two map refreshes: a burst of errors asks the cluster once.
    static let refreshInterval = Duration.milliseconds(100)
    /// First pause before re-sending after TRYAGAIN or CLUSTERDOWN; doubles per attempt.
    static let retryDelay = Duration.milliseconds(20)

    init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// One command of a `submit` call on its way: where it goes and how often it was sent.
    struct Pending {
        let index: Int
        let command: RedisCommand
        var slot: Int?
        /// Set after `ASK`: send once to this node, preceded by `ASKING`.
        var asking: RedisNodeAddress?
        var attempts = 0
    }

    /// Sends `commands` to the nodes serving their slots and returns the replies in the callers' order.
    func submit(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        var pending: [Pending] = []
        pending.reserveCapacity(commands.count)
        var firstSlot: Int?
        for (index, command) in commands.enumerated() {
            let slot = try command.hashSlot()
            if firstSlot == nil { firstSlot = slot }
            pending.append(Pending(index: index, command: command, slot: slot))
        }
        // Keyless commands (MULTI, EXEC, TIME, WAIT...) travel with the pipeline's first keyed one.
        if let firstSlot { for position in pending.indices where pending[position].slot == nil { pending[position].slot = firstSlot } }
        try await ensureMap()
        let keylessTarget = firstSlot == nil ? state.withLock { $0.target(slot: nil, seeds: configuration.clusterSeeds) } : nil

        var replies = [RedisReply](repeating: .null, count: commands.count)
        while !pending.isEmpty {
            let groups = group(pending, keylessTarget: keylessTarget)
            var next: [Pending] = []
            var unsent: [(item: Pending, failedOn: RedisNodeAddress)] = []
            var unsentError: RedisError?
            var waitBeforeRetry = false
            for (node, items, result) in await send(groups) {
                switch result {
                case .failure(let error):
                    nodeFailed(node, error)
                    // A refused connection sent nothing: once the map is fresh, try the slot's new master.
                    guard error.code == .connectionFailed, items.allSatisfy({ $0.attempts < configuration.maxRedirects })
                    else { throw error }
                    unsent += items.map { item in
                        var item = item
                        item.attempts += 1
                        item.asking = nil
                        return (item, node)
                    }
                    unsentError = error
                case .success(let got):
                    nodeAnswered(node)
                    var offset = 0
                    for item in items {
                        // After ASK the pair is ASKING + the command; the command's reply is the second.
                        let reply = item.asking == nil ? got[offset] : got[offset + 1]
                        offset += item.asking == nil ? 1 : 2
                        guard item.attempts < configuration.maxRedirects, let answer = RedisClusterAnswer(reply, from: node) else {
                            replies[item.index] = reply
                            continue
                        }
                        var retry = item
                        retry.attempts += 1
                        retry.asking = nil
                        switch answer {
                        case .moved(let slot, let owner):
                            state.withLock { $0.map?.assign(slot: slot, to: owner) }
                            startRefresh()
                        case .ask(_, let owner):
                            retry.asking = owner
                        case .retryLater:
                            waitBeforeRetry = true
                            startRefresh()
                        }
                        next.append(retry)
                    }
                }
            }
            if let unsentError {
                _ = await refresh()
                // Still the same master (the cluster has not failed over yet): report it unreachable.
                let unmoved = state.withLock { state in
                    unsent.contains { $0.item.slot.flatMap { state.map?.master(forSlot: $0) } ?? $0.failedOn == $0.failedOn }
                }
                if unmoved { throw unsentError }
                next += unsent.map(\.item)
            }
            if waitBeforeRetry, let attempts = next.map(\.attempts).max() {
                try? await Task.sleep(for: Self.retryDelay * (1 << min(attempts - 1, 6)))
            }
            pending = next.sorted { $0.index < $1.index }
        }
        return replies
    }

    /// Sends `command` to every master serving slots; replies in the map's order of masters.
    func broadcast(_ command: RedisCommand) async throws(RedisError) -> [RedisReply] {
        try await ensureMap()
        let masters = state.withLock { $0.map?.servingMasters ?? [] }
        let groups = masters.map { (node: $0, items: [Pending(index: 0, command: command)]) }
        var replies: [RedisReply] = []
        for (node, _, result) in await send(groups) {
            switch result {
            case .success(let got): replies.append(got[0])
            case .failure(let error):
                nodeFailed(node, error)
                throw error
            }
        }
        return replies
    }

    /// Commands by destination node, in order within each node; nodes in order of first appearance.
    private func group(_ pending: [Pending], keylessTarget: RedisNodeAddress?) -> [(node: RedisNodeAddress, items: [Pending])] {
        state.withLock { state in
            var order: [RedisNodeAddress] = []
            var byNode: [RedisNodeAddress: [Pending]] = [:]
            for item in pending {
                let node =
                    item.asking ?? keylessTarget.flatMap { item.slot == nil ? $0 : nil }
                    ?? state.target(slot: item.slot, seeds: configuration.clusterSeeds)
                if byNode[node] == nil { order.append(node) }
                byNode[node, default: []].append(item)
            }
            return order.map { ($0, byNode[$0]!) }
        }
    }

    /// Each node's share on one of its connections, the shares side by side.
    private func send(
        _ groups: [(node: RedisNodeAddress, items: [Pending])]
    ) async -> [(RedisNodeAddress, [Pending], Result<[RedisReply], RedisError>)] {
        if groups.count == 1 {
            return [(groups[0].node, groups[0].items, await send(groups[0].items, to: groups[0].node))]
        }
        return await withTaskGroup(of: (Int, Result<[RedisReply], RedisError>).self) { tasks in
            for (position, group) in groups.enumerated() {
                tasks.addTask { (position, await self.send(group.items, to: group.node)) }
            }
            var results = [Result<[RedisReply], RedisError>?](repeating: nil, count: groups.count)
            for await (position, result) in tasks { results[position] = result }
            return groups.indices.map { (groups[$0].node, groups[$0].items, results[$0]!) }
        }
    }

    private func send(_ items: [Pending], to node: RedisNodeAddress) async -> Result<[RedisReply], RedisError> {
        guard let pool = pool(node) else { return .failure(.shutdown()) }
        var commands: [RedisCommand] = []
        commands.reserveCapacity(items.count)
        for item in items {
            if item.asking != nil {
                // EVAL rather than EVALSHA: a NOSCRIPT retry would be sent without ASKING.
                commands.append(RedisCommand("ASKING"))
                commands.append(item.command.evalFallback() ?? item.command)
            } else {
                commands.append(item.command)
            }
        }
        do {
            return .success(try await pool.submit(commands))
        } catch {
            return .failure(error)
        }
    }

    func pool(_ node: RedisNodeAddress) -> RedisNodePool? {
        state.withLock { state in
            guard !state.isShutDown else { return nil }
            return state.pool(node) { RedisNodePool(configuration: configuration.node($0), logger: logger) }
        }
    }

    private func nodeFailed(_ node: RedisNodeAddress, _ error: RedisError) {
        guard error.code != .shutdown else { return }
        state.withLock { _ = $0.failing.insert(node) }
        startRefresh()
    }

    private func nodeAnswered(_ node: RedisNodeAddress) {
        state.withLock { state in
            if state.failing.contains(node) { state.failing.remove(node) }
        }
    }

    /// Fails what is queued on every node; later commands fail with `.shutdown`.
    func beginShutdown() {
        for pool in state.withLock({ $0.shutDown() }) { pool.beginShutdown() }
    }

    /// Closes every node's connections and returns once their sockets are closed.
    func shutdown() async {
        let pools = state.withLock { $0.shutDown() }
        for pool in pools { pool.beginShutdown() }
        for pool in pools { await pool.waitUntilStopped() }
    }
}
