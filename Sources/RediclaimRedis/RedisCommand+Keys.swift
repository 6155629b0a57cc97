/// Which arguments of a command are keys, so a cluster client can route it by hash slot.
extension RedisCommand {
    /// Byte ranges of the arguments (name first) inside the RESP form; no copies.
    var argumentRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(argumentCount)
        var index = resp.firstIndex(of: 10).map { $0 + 1 } ?? resp.endIndex  // after "*N\r\n"
        while index < resp.endIndex {
            var length = 0
            var cursor = index + 1  // after "$"
            while cursor < resp.endIndex, resp[cursor] != 13 {
                length = length * 10 + Int(resp[cursor] &- UInt8(ascii: "0"))
                cursor += 1
            }
            let start = cursor + 2
            ranges.append(start..<start + length)
            index = start + length + 2
        }
        return ranges
    }

    /// The keys this command names, as Redis Cluster reads them (see `RedisKeyPositions`).
    public var keys: [[UInt8]] {
        let ranges = argumentRanges
        return keyIndices(ranges).map { Array(resp[ranges[$0]]) }
    }

    /// The one hash slot of all the command's keys, or nil for a keyless command (PING, TIME, KEYS...).
    /// Throws `.crossSlot` when its keys hash to different slots: no single node can run it.
    public func hashSlot() throws(RedisError) -> Int? {
        let ranges = argumentRanges
        var slot: Int?
        for index in keyIndices(ranges) {
            let next = RedisClusterSlot.slot(forKey: resp[ranges[index]])
            if let slot, slot != next {
                let keys = keyIndices(ranges).map { String(decoding: resp[ranges[$0]], as: UTF8.self) }
                throw RedisError(
                    .crossSlot, "the keys of one \(name) call hash to different cluster slots (\(slot) and \(next))",
                    detail: "keys: \(keys.joined(separator: " "))")
            }
            slot = next
        }
        return slot
    }

    private func keyIndices(_ ranges: [Range<Int>]) -> [Int] {
        guard let first = ranges.first else { return [] }
        let name = String(decoding: resp[first], as: UTF8.self).uppercased()
        return RedisKeyPositions.indices(of: name, count: ranges.count) { index in
            index < ranges.count ? Int(String(decoding: resp[ranges[index]], as: UTF8.self)) : nil
        }
    }
}

/// Key positions by command name, after Redis' own key specs (`COMMAND INFO`). A command missing from
/// the table is taken to have its key first; if that is wrong, the cluster's MOVED answer still sends
/// it to the right node.
enum RedisKeyPositions {
    /// Commands without keys: any master can run them, and their answer concerns that node only.
    static let keyless: Set<String> = [
        "ACL", "ASKING", "AUTH", "BGREWRITEAOF", "BGSAVE", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DBSIZE", "DEBUG",
        "DISCARD", "ECHO", "EXEC", "FAILOVER", "FLUSHALL", "FLUSHDB", "FUNCTION", "HELLO", "INFO", "KEYS", "LASTSAVE",
        "LATENCY", "LOLWUT", "MODULE", "MONITOR", "MULTI", "PING", "PUBLISH", "PUBSUB", "QUIT", "RANDOMKEY", "READONLY",
        "READWRITE", "REPLICAOF", "RESET", "ROLE", "SAVE", "SCAN", "SCRIPT", "SELECT", "SHUTDOWN", "SLAVEOF", "SLOWLOG",
        "SWAPDB", "TIME", "UNWATCH", "WAIT",
    ]
    /// Every argument after the name is a key.
    static let allKeys: Set<String> = [
        "DEL", "EXISTS", "MGET", "PFCOUNT", "PFMERGE", "SDIFF", "SDIFFSTORE", "SINTER", "SINTERSTORE", "SUNION",
        "SUNIONSTORE", "TOUCH", "UNLINK", "WATCH",
    ]
    /// Every argument but the last (a timeout) is a key.
    static let allButLast: Set<String> = ["BLPOP", "BRPOP", "BZPOPMAX", "BZPOPMIN"]
    /// The first two arguments are keys (source and destination).
    static let firstTwo: Set<String> = [
        "BLMOVE", "BRPOPLPUSH", "COPY", "GEOSEARCHSTORE", "LCS", "LMOVE", "RENAME", "RENAMENX", "RPOPLPUSH", "SMOVE",
        "ZRANGESTORE",
    ]
    /// Argument 2 counts the keys that follow it (scripts and functions: the arguments come after).
    static let countedAtTwo: Set<String> = ["EVAL", "EVALSHA", "EVALSHA_RO", "EVAL_RO", "FCALL", "FCALL_RO"]
    /// Argument 1 counts the keys that follow it.
    static let countedAtOne: Set<String> = ["LMPOP", "SINTERCARD", "ZDIFF", "ZINTER", "ZINTERCARD", "ZMPOP", "ZUNION"]
    /// A destination key, then a count of source keys.
    static let destinationThenCounted: Set<String> = ["ZDIFFSTORE", "ZINTERSTORE", "ZUNIONSTORE"]
    /// A timeout, then a count of keys.
    static let timeoutThenCounted: Set<String> = ["BLMPOP", "BZMPOP"]
    /// A subcommand, then the key.
    static let afterSubcommand: Set<String> = ["MEMORY", "OBJECT"]

    /// Indices (0 = the name) of the key arguments of `name` with `count` arguments; `integer(i)` reads argument i.
    static func indices(of name: String, count: Int, integer: (Int) -> Int?) -> [Int] {
        guard count > 1 else { return [] }
        if keyless.contains(name) { return [] }
        if allKeys.contains(name) { return Array(1..<count) }
        if allButLast.contains(name) { return count > 2 ? Array(1..<count - 1) : [] }
        if name == "MSET" || name == "MSETNX" { return Array(stride(from: 1, to: count, by: 2)) }
        if firstTwo.contains(name) { return Array(1..<min(3, count)) }
        if countedAtTwo.contains(name) { return counted(at: 2, count: count, integer: integer) }
        if countedAtOne.contains(name) { return counted(at: 1, count: count, integer: integer) }
        if timeoutThenCounted.contains(name) { return counted(at: 2, count: count, integer: integer) }
        if destinationThenCounted.contains(name) { return [1] + counted(at: 2, count: count, integer: integer) }
        if afterSubcommand.contains(name) { return count > 2 ? [2] : [] }
        return [1]
    }

    private static func counted(at position: Int, count: Int, integer: (Int) -> Int?) -> [Int] {
        guard let keys = integer(position), keys > 0 else { return [] }
        let first = position + 1
        return Array(first..<min(first + keys, count))
    }
}
