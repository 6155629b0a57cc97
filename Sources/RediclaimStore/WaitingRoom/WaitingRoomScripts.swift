import Foundation
import RediclaimRedis

/// The waiting room's Lua scripts (`Scripts/*.lua`), loaded once per process.
enum WaitingRoomScripts {
    static let enqueue = load("enqueue")
    static let rank = load("rank")
    static let release = load("release")
    static let claimPending = load("claim_pending")
    static let recordResult = load("record_result")

    static func load(_ name: String) -> RedisScript {
        guard let url = Bundle.module.url(forResource: name, withExtension: "lua", subdirectory: "Scripts"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The scripts ship inside the binary's resource bundle; without them nothing can work.
            fatalError("Lua script \(name).lua is missing from the RediclaimStore resource bundle")
        }
        return RedisScript(source)
    }
}
