extension RedisClusterRouter {
    /// The slot map, the node pools and the refresh in progress; mutated under the router's `Mutex`.
    /// Methods return what to do; the caller acts (starts tasks, shuts pools down) after unlocking.
    struct State: Sendable {
        var map: RedisClusterMap?
        private(set) var pools: [RedisNodeAddress: RedisNodePool] = [:]
        /// The refresh under way, which later callers wait for instead of starting their own.
        var refresh: Task<Bool, Never>?
        var lastRefresh: ContinuousClock.Instant?
        /// Nodes whose last connection attempt failed; asked for the map last.
        var failing: Set<RedisNodeAddress> = []
        var isShutDown = false
        private var nextKeyless = 0

        /// The pool for `address`, made on first use (no side effects until it gets a command).
        mutating func pool(_ address: RedisNodeAddress, make: (RedisNodeAddress) -> RedisNodePool) -> RedisNodePool {
            if let pool = pools[address] { return pool }
            let pool = make(address)
            pools[address] = pool
            return pool
        }

        /// The master for `slot`; a keyless command goes to the masters in turn.
        mutating func target(slot: Int?, seeds: [RedisNodeAddress]) -> RedisNodeAddress {
            if let slot, let owner = map?.master(forSlot: slot) { return owner }
            let candidates = map?.servingMasters ?? []
            let list = candidates.isEmpty ? seeds : candidates
            nextKeyless &+= 1
            return list[Int(UInt(bitPattern: nextKeyless) % UInt(list.count))]
        }

        /// Installs a fresh map and hands back the pools of nodes it no longer names (nor the seeds).
        mutating func install(_ fresh: RedisClusterMap, seeds: [RedisNodeAddress]) -> [RedisNodePool] {
            map = fresh
            let keep = Set(fresh.nodes + seeds)
            let retired = pools.filter { !keep.contains($0.key) }
            for address in retired.keys { pools[address] = nil }
            failing.formIntersection(keep)
            return Array(retired.values)
        }

        /// Every pool, emptied, for shutdown.
        mutating func shutDown() -> [RedisNodePool] {
            isShutDown = true
            defer { pools = [:] }
            return Array(pools.values)
        }
    }
}
