import Logging

extension RedisClusterRouter {
    /// Reads the slot map on first use; fails when no seed answers.
    func ensureMap() async throws(RedisError) {
        if state.withLock({ $0.map != nil }) { return }
        if await refresh() { return }
        if state.withLock({ $0.isShutDown }) { throw .shutdown() }
        throw RedisError(
            .connectionFailed, "no Redis Cluster node answered for the slot map",
            detail: configuration.clusterSeeds.map(\.description).joined(separator: ","))
    }

    /// Reads the slot map again, or waits for the refresh already running; returns whether a map is
    /// known afterwards. Within `refreshInterval` of the last one it returns at once.
    @discardableResult
    func refresh() async -> Bool {
        guard let task = startRefresh() else { return state.withLock { $0.map != nil } }
        return await task.value
    }

    /// Starts a refresh unless one is running or one finished within `refreshInterval`.
    @discardableResult
    func startRefresh() -> Task<Bool, Never>? {
        state.withLock { state in
            if state.isShutDown { return nil }
            if let running = state.refresh { return running }
            if let last = state.lastRefresh, ContinuousClock.now - last < Self.refreshInterval { return nil }
            let task = Task { await self.loadMap() }
            state.refresh = task
            return task
        }
    }

    /// Asks the known nodes in turn (masters, then replicas and seeds; unreachable ones last) and
    /// installs the first map that covers any slot. Pools of nodes that left the map are closed.
    private func loadMap() async -> Bool {
        let candidates = state.withLock { state in
            var seen: Set<RedisNodeAddress> = []
            let all = ((state.map?.nodes ?? []) + configuration.clusterSeeds).filter { seen.insert($0).inserted }
            return all.filter { !state.failing.contains($0) } + all.filter { state.failing.contains($0) }
        }
        for node in candidates {
            guard let pool = pool(node) else { break }
            let fresh: RedisClusterMap
            do {
                fresh = try await Self.fetchMap(from: pool, node: node)
            } catch {
                state.withLock { _ = $0.failing.insert(node) }
                logger.debug(
                    "Redis Cluster node did not give the slot map",
                    metadata: [RedisLogKey.node: "\(node)", RedisLogKey.error: "\(error.debugDescription)"])
                continue
            }
            guard fresh.coveredSlots > 0 else { continue }  // a node not (yet) part of a formed cluster
            let (changed, retired) = state.withLock { state in
                let changed = state.map?.servingMasters != fresh.servingMasters || state.map == nil
                let retired = state.install(fresh, seeds: configuration.clusterSeeds)
                state.failing.remove(node)
                state.lastRefresh = .now
                state.refresh = nil
                return (changed, retired)
            }
            for pool in retired { pool.beginShutdown() }
            if changed {
                logger.info(
                    "Redis Cluster slot map read",
                    metadata: [
                        RedisLogKey.node: "\(node)", RedisLogKey.masters: "\(fresh.servingMasters.map(\.description))",
                        RedisLogKey.slots: "\(fresh.coveredSlots)",
                    ])
            }
            return true
        }
        let known = state.withLock { state in
            state.lastRefresh = .now
            state.refresh = nil
            return state.map != nil
        }
        logger.warning("no Redis Cluster node answered for the slot map", metadata: [RedisLogKey.node: "\(candidates)"])
        return known
    }

    /// `CLUSTER SHARDS` (Redis 7), or `CLUSTER SLOTS` when the server does not know it.
    private static func fetchMap(from pool: RedisNodePool, node: RedisNodeAddress) async throws(RedisError) -> RedisClusterMap {
        let shards = try await pool.submit([RedisCommand("CLUSTER", "SHARDS")])[0]
        if case .error = shards {
            let slots = try await pool.submit([RedisCommand("CLUSTER", "SLOTS")])[0]
            if case .error(let message) = slots { throw RedisError.server(message) }
            return try RedisClusterMap(slots: slots, askedNode: node)
        }
        return try RedisClusterMap(shards: shards, askedNode: node)
    }
}
