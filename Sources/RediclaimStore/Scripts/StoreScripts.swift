import Foundation
import RediclaimCore
import RediclaimRedis

/// The Lua scripts of this folder, each with `prelude.lua` prepended, loaded once per process.
enum StoreScripts {
    static let prelude = source("prelude")

    static func load(_ name: String) -> RedisScript {
        RedisScript(prelude + "\n" + source(name))
    }

    static func source(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "lua"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The scripts ship inside the binary's resource bundle; without them nothing can work.
            fatalError("Lua script \(name).lua is missing from the RediclaimStore resource bundle")
        }
        return source
    }
}

/// Readers for the values the scripts send, named after the store's types.
extension RedisScriptFields {
    func score(_ name: String) throws(RedisError) -> QueueScore { try parsed(name, as: "a queue score", QueueScore.init) }
    func record(_ name: String) throws(RedisError) -> UserRecord { try parsed(name, as: "a user record", UserRecord.init) }
    func state(_ name: String) throws(RedisError) -> EventState {
        try parsed(name, as: "an event state") { EventState(rawValue: $0) }
    }
}
