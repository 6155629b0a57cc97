import ArgumentParser
import RediclaimConfig
import RediclaimStore

/// `event pause ID`: stop releasing (enqueues continue).
struct EventPause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop releasing users (enqueues continue).")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var id: Int64

    func run() async throws {
        try await EventSync.change(config, id, "paused") { try await $0.setPaused(id, true) }
    }
}

/// `event resume ID`: release again.
struct EventResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume releasing users.")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var id: Int64

    func run() async throws {
        try await EventSync.change(config, id, "resumed") { try await $0.setPaused(id, false) }
    }
}

/// `event close ID`: end the event now; waiting users get SOLD_OUT.
struct EventClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close the event now (no more enqueues or releases).")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var id: Int64

    func run() async throws {
        try await EventSync.change(config, id, "closed") { try await $0.setClosed(id, true) }
    }
}

/// `event set-rate ID RATE`: change the release rate.
struct EventSetRate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-rate", abstract: "Change the release rate (users/s).")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var id: Int64
    @Argument(help: "Users per second, 1...1000000") var rate: Int

    func run() async throws {
        try await EventSync.change(config, id, "release rate set to \(rate)/s") { try await $0.setReleaseRate(id, rate) }
    }
}

/// `event sync [ID]`: rebuild Redis's copy from MySQL (after Redis lost its data).
struct EventSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Rebuild the Redis runtime copy from MySQL, keeping counters MySQL knows (issued count).")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id (default: every event)") var id: Int64?

    func run() async throws {
        try await CtlContext.run(config) { ctx in
            let records = if let id { [try await ctx.events().get(id)] } else { try await ctx.events().list() }
            for record in records {
                try await Self.publish(record, ctx)
                print("event \(record.event.id): synced to Redis (released >= \(record.issuedCount) issued)")
            }
            if records.isEmpty { print("no events in MySQL") }
        }
    }

    /// MySQL has been written; now Redis. A Redis failure says how to finish the job.
    static func publish(_ record: EventRecord, _ ctx: CtlContext) async throws {
        do {
            try await ctx.runtime().publish(record)
        } catch {
            throw CtlError.describe(
                error, context: "event \(record.event.id) saved in MySQL but not in Redis (fix Redis, then `rediclaimctl event sync \(record.event.id)`)")
        }
    }

    static func change(
        _ options: ConfigOptions, _ id: Int64, _ what: String, _ write: @Sendable (EventStore) async throws -> EventRecord
    ) async throws {
        try await CtlContext.run(options) { ctx in
            let record = try await write(try ctx.events())
            try await publish(record, ctx)
            print("event \(id): \(what)")
        }
    }
}
