import RediclaimRedis

/// `begin_shuffle.lua`: the cohort frozen at the open (first call), the shuffle lock taken.
struct BeginShuffleScript: RedisScriptCommand {
    static let script = StoreScripts.load("begin_shuffle")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, token: String, lockMs: Int) {
        keys = [k.definition, k.counters, k.preQueue, k.shuffle]
        arguments = [token, lockMs]
    }

    static func decode(_ reply: RedisReply) throws -> ShuffleStart {
        let f = try RedisScriptFields(reply, script: "begin_shuffle")
        switch try f.string("status") {
        case "NONE": return .noEvent
        case "EARLY": return .early
        case "BUSY": return .busy
        case "DONE": return .done
        case "PLACE": return .place(cohort: try f.int("cohort"), placed: try f.int("placed"))
        case let other: throw f.missing("status", "a known status (got \(other))")
        }
    }
}

/// `place_cohort.lua`: one chunk of the cohort placed at its positions.
struct PlaceCohortScript: RedisScriptCommand {
    static let script = StoreScripts.load("place_cohort")
    let keys: [String]
    let arguments: [any RedisArgumentConvertible]

    init(_ k: RedisKeys, token: String, lockMs: Int, firstPosition: Int, users: ArraySlice<String>) {
        keys = [k.counters, k.queue, k.preQueue, k.shuffle]
        var arguments: [any RedisArgumentConvertible] = [token, lockMs, firstPosition]
        arguments.reserveCapacity(users.count + 3)
        for user in users { arguments.append(user) }
        self.arguments = arguments
    }

    /// Users still in the pre-queue after this chunk, or nil when the lock is someone else's.
    static func decode(_ reply: RedisReply) throws -> Int? {
        let f = try RedisScriptFields(reply, script: "place_cohort")
        return try f.int("held") == 1 ? try f.int("left") : nil
    }
}

/// What `begin_shuffle.lua` found.
public enum ShuffleStart: Sendable, Hashable {
    case noEvent
    /// Redis's clock is before the open.
    case early
    /// Another gate holds the shuffle lock.
    case busy
    /// The cohort is placed (or was empty).
    case done
    /// This caller holds the lock: place positions `placed + 1 ... cohort`.
    case place(cohort: Int, placed: Int)
}
