import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimRuntime
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

/// `event sync [ID]`: publishes MySQL's definition to Redis again. Not needed after a Redis loss any more
/// (the gates rebuild lost state themselves); an older copy is replaced, a newer one is left alone.
struct EventSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Publish MySQL's definition to Redis again (gates rebuild lost state themselves; this is a manual nudge).")
    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id (default: every event)") var id: Int64?

    @Option(help: "Longest wait for the issuer to take the requests already in Kafka, when a copy must be rebuilt")
    var drainTimeout = "60s"

    func run() async throws {
        let wait = try ReconcileCommand.duration(drainTimeout, "--drain-timeout")
        try await CtlContext.run(config) { ctx in
            let records = if let id { [try await ctx.events().get(id)] } else { try await ctx.events().list() }
            let checks = try await RuntimeRecovery(redis: try ctx.redis()).check(records.map(\.event.id))
            for record in records {
                let id = record.event.id
                guard checks[id]?.needsRebuild == true else {
                    let written = try await Self.publish(record, ctx)
                    print("event \(id): " + (written ? "published (version \(record.version))" : "Redis already holds a newer version"))
                    continue
                }
                // The same rebuild a gate runs by itself, for when no gate is up.
                FileHandle.standardError.write(Data("event \(id): Redis lost its state; rebuilding from MySQL and Kafka ...\n".utf8))
                let report = try await ctx.withKafkaAdmin { admin in
                    try await RuntimeRebuild(
                        redis: try ctx.redis(), namespace: RedisKeys.defaultNamespace, mysql: try ctx.mysql(),
                        drain: .kafka(admin: admin, group: ctx.config.issuer.groupId, topic: ctx.config.kafka.requestTopic),
                        drainTimeout: .milliseconds(wait), token: "ctl-\(UInt64.random(in: 0...UInt64.max))", logger: ctx.logger
                    ).run(id)
                }
                guard let report else {
                    print("event \(id): a gate is rebuilding it now; nothing to do")
                    continue
                }
                print(
                    "event \(id): rebuilt (\(report.restored) final statuses restored, released \(report.released), epoch \(report.epoch)"
                        + (report.issuerBehind > 0 ? "; the issuer was still \(report.issuerBehind) requests behind" : "") + ")")
            }
            if records.isEmpty { print("no events in MySQL") }
        }
    }

    /// MySQL has been written; now Redis. A Redis failure says how to finish the job (the gates also
    /// pick up a newer MySQL version by themselves within a few seconds). `fresh`: the event was just
    /// created, so its Redis lifetime starts here.
    @discardableResult
    static func publish(_ record: EventRecord, _ ctx: CtlContext, fresh: Bool = false) async throws -> Bool {
        do {
            return try await ctx.runtime().publish(record, fresh: fresh)
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
