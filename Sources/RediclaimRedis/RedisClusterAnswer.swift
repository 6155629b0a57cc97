/// What a Redis Cluster error reply asks the client to do: follow `MOVED` or `ASK`, or wait and retry
/// (`TRYAGAIN` during a resharding, `CLUSTERDOWN` while a failover completes). In each case the node
/// did not run the command, so sending it again is safe.
enum RedisClusterAnswer: Equatable {
    /// The slot lives on `node` now: update the map and resend there.
    case moved(slot: Int, node: RedisNodeAddress)
    /// The slot is migrating: resend this one command to `node` after `ASKING`.
    case ask(slot: Int, node: RedisNodeAddress)
    /// Retry shortly (`TRYAGAIN`, `CLUSTERDOWN`).
    case retryLater

    /// Reads `MOVED 3999 127.0.0.1:6381` and its kin; nil for any other reply. The port follows the
    /// last colon (IPv6 hosts come unbracketed); an empty host (`:6381`) means the node that answered.
    init?(_ reply: RedisReply, from node: RedisNodeAddress) {
        guard case .error(let message) = reply else { return nil }
        if message.hasPrefix("TRYAGAIN") || message.hasPrefix("CLUSTERDOWN") {
            self = .retryLater
            return
        }
        let isMoved = message.hasPrefix("MOVED ")
        guard isMoved || message.hasPrefix("ASK ") else { return nil }
        let parts = message.split(separator: " ")
        guard parts.count >= 3, let slot = Int(parts[1]), (0..<RedisClusterSlot.count).contains(slot) else { return nil }
        let target = parts[2]
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        let host = target[..<colon].isEmpty ? node.host : String(target[..<colon])
        let address = RedisNodeAddress(host: host, port: port)
        self = isMoved ? .moved(slot: slot, node: address) : .ask(slot: slot, node: address)
    }
}
