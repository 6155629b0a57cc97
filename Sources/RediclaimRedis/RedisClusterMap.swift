/// Which master serves each of the 16,384 hash slots, and the replicas behind each master, read
/// from `CLUSTER SHARDS` (Redis 7) or `CLUSTER SLOTS` (older servers).
struct RedisClusterMap: Sendable, Equatable {
    /// The master of each slot as an index into `masters`; -1 when no node serves it.
    private var owners: [Int16]
    private(set) var masters: [RedisNodeAddress]
    /// Replicas by master (those not marked failed), asked for the map when masters do not answer.
    private(set) var replicas: [RedisNodeAddress: [RedisNodeAddress]]

    init() {
        owners = Array(repeating: -1, count: RedisClusterSlot.count)
        masters = []
        replicas = [:]
    }

    func master(forSlot slot: Int) -> RedisNodeAddress? {
        let owner = owners[slot]
        return owner < 0 ? nil : masters[Int(owner)]
    }

    /// Every node the map names: masters first, then their replicas.
    var nodes: [RedisNodeAddress] { masters + masters.flatMap { replicas[$0] ?? [] } }

    /// The masters that serve at least one slot (a MOVED answer can leave an old one serving none).
    var servingMasters: [RedisNodeAddress] {
        var serving = Array(repeating: false, count: masters.count)
        for owner in owners where owner >= 0 { serving[Int(owner)] = true }
        return masters.indices.filter { serving[$0] }.map { masters[$0] }
    }

    /// Slots served by some master.
    var coveredSlots: Int { owners.count { $0 >= 0 } }

    /// After `MOVED slot address`: that slot is now served there (until the next full refresh).
    mutating func assign(slot: Int, to address: RedisNodeAddress) {
        owners[slot] = Int16(index(of: address))
    }

    private mutating func index(of address: RedisNodeAddress) -> Int {
        if let index = masters.firstIndex(of: address) { return index }
        masters.append(address)
        return masters.count - 1
    }

    private mutating func serve(_ range: ClosedRange<Int>, by address: RedisNodeAddress) {
        let owner = Int16(index(of: address))
        for slot in range { owners[slot] = owner }
    }
}

extension RedisClusterMap {
    /// Parses `CLUSTER SLOTS`: `[[start, end, [host, port, id, ...], replica...], ...]`.
    /// An empty or `?` host means "the node you asked", as Redis documents.
    init(slots reply: RedisReply, askedNode: RedisNodeAddress) throws(RedisError) {
        self.init()
        guard let ranges = reply.array else { throw Self.unexpected("CLUSTER SLOTS", reply) }
        for entry in ranges {
            guard let items = entry.array, items.count >= 3, let start = items[0].int, let end = items[1].int,
                Self.isSlotRange(start, end), let master = Self.address(items[2], askedNode: askedNode)
            else { throw Self.unexpected("CLUSTER SLOTS", entry) }
            serve(start...end, by: master)
            var known = replicas[master] ?? []
            for replica in items.dropFirst(3) {
                guard let address = Self.address(replica, askedNode: askedNode) else { continue }
                if !known.contains(address) { known.append(address) }
            }
            replicas[master] = known
        }
    }

    /// Parses `CLUSTER SHARDS`: per shard `slots` (start/end pairs) and `nodes` (flat field lists with
    /// `ip`, `endpoint`, `port`, `role`, `health`). Shards without slots (a failed master) are skipped.
    init(shards reply: RedisReply, askedNode: RedisNodeAddress) throws(RedisError) {
        self.init()
        guard let shards = reply.array else { throw Self.unexpected("CLUSTER SHARDS", reply) }
        for shard in shards {
            let fields = Self.fields(shard)
            guard let slots = fields["slots"]?.array, let nodes = fields["nodes"]?.array, slots.count % 2 == 0 else {
                throw Self.unexpected("CLUSTER SHARDS", shard)
            }
            guard !slots.isEmpty else { continue }
            var master: RedisNodeAddress?
            var healthyReplicas: [RedisNodeAddress] = []
            for node in nodes {
                let node = Self.fields(node)
                guard let address = Self.address(shardNode: node, askedNode: askedNode) else { continue }
                if node["role"]?.string == "master" {
                    master = address
                } else if node["health"]?.string != "fail" {
                    healthyReplicas.append(address)
                }
            }
            guard let master else { continue }
            for pair in stride(from: 0, to: slots.count, by: 2) {
                guard let start = slots[pair].int, let end = slots[pair + 1].int, Self.isSlotRange(start, end) else {
                    throw Self.unexpected("CLUSTER SHARDS", shard)
                }
                serve(start...end, by: master)
            }
            replicas[master] = healthyReplicas
        }
    }

    private static func isSlotRange(_ start: Int, _ end: Int) -> Bool {
        0 <= start && start <= end && end < RedisClusterSlot.count
    }

    private static func address(_ node: RedisReply, askedNode: RedisNodeAddress) -> RedisNodeAddress? {
        guard let items = node.array, items.count >= 2, let port = items[1].int, port > 0 else { return nil }
        return address(host: items[0].string, port: port, askedNode: askedNode)
    }

    private static func address(shardNode node: [String: RedisReply], askedNode: RedisNodeAddress) -> RedisNodeAddress? {
        guard let port = node["port"]?.int, port > 0 else { return nil }
        let endpoint = node["endpoint"]?.string
        let host = endpoint.flatMap { $0.isEmpty || $0 == "?" ? nil : $0 } ?? node["ip"]?.string
        return address(host: host, port: port, askedNode: askedNode)
    }

    private static func address(host: String?, port: Int, askedNode: RedisNodeAddress) -> RedisNodeAddress {
        guard let host, !host.isEmpty, host != "?" else { return RedisNodeAddress(host: askedNode.host, port: port) }
        return RedisNodeAddress(host: host, port: port)
    }

    /// A RESP2 map (`[name, value, name, value, ...]`) by name.
    private static func fields(_ reply: RedisReply) -> [String: RedisReply] {
        guard let items = reply.array else { return [:] }
        var fields: [String: RedisReply] = [:]
        for index in stride(from: 0, to: items.count - 1, by: 2) {
            if let name = items[index].string { fields[name] = items[index + 1] }
        }
        return fields
    }

    private static func unexpected(_ command: String, _ reply: RedisReply) -> RedisError {
        RedisError(.unexpectedReply, "\(command) answered an unexpected shape", detail: "\(reply)")
    }
}
