import RediclaimRedis
import Synchronization

/// The hot scripts' EVALSHA commands, encoded up to the user id once per event: an enqueue or a rank
/// then only copies the prefix and appends one argument (no key strings built, nothing re-encoded).
final class UserScriptCalls: Sendable {
    /// Plenty for the live events of one deployment; past it, the table starts over.
    static let maxEvents = 4_096

    private struct Key: Hashable {
        let sha: String
        let eventId: Int64
    }

    private let prefixes = Mutex<[Key: RedisCommand]>([:])

    /// `EVALSHA sha numkeys keys... userId` for `Script` over `keys`.
    func command<Script: UserScriptCommand>(_: Script.Type, keys: RedisKeys, userId: String) -> RedisCommand {
        let key = Key(sha: Script.script.sha1, eventId: keys.eventId)
        var command =
            prefixes.withLock { $0[key] }
            ?? {
                let prefix = RedisCommand.evalsha(Script.script, keys: Script.keys(keys))
                prefixes.withLock { table in
                    if table.count >= Self.maxEvents { table.removeAll(keepingCapacity: true) }
                    table[key] = prefix
                }
                return prefix
            }()
        command.append(userId)
        return command
    }
}

/// A script whose only argument is a user id, over keys that depend on the event alone.
protocol UserScriptCommand: RedisScriptCommand {
    static func keys(_ keys: RedisKeys) -> [String]
}
