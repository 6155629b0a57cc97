import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimCore

/// `event list`: every event with its state and figures.
struct EventList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List events.")

    @OptionGroup var config: ConfigOptions
    @Flag(help: "JSON output") var json = false

    func run() async throws {
        try await CtlContext.run(config) { ctx in
            var views: [EventView] = []
            for record in try await ctx.events().list() {
                let runtime = try ctx.runtime()
                let copy = try await runtime.definition(record.event.id)
                let counters = copy == nil ? nil : try await runtime.counters(record.event.id)
                views.append(EventView(record: record, counters: counters, runtimeCopy: copy, now: Date()))
            }
            if json { return try JSONOutput.print(views) }
            var table = Table("ID", "NAME", "STATE", "STOCK", "RATE/S", "WAITING", "RELEASED", "ISSUED")
            for v in views {
                table.add(
                    String(v.id), v.name, v.state, String(v.stock), String(v.releaseRate),
                    v.live.map { String($0.waiting) } ?? "-", v.live.map { String($0.released) } ?? "-",
                    String(v.issuedCount))
            }
            print(views.isEmpty ? "no events (create one with `rediclaimctl event create` or `event apply -f`)" : table.render())
        }
    }
}

/// `event show ID`: definition and live counters.
struct EventShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one event with live counters.")

    @OptionGroup var config: ConfigOptions
    @Argument(help: "Event id") var id: Int64
    @Flag(help: "JSON output") var json = false

    func run() async throws {
        try await CtlContext.run(config) { ctx in
            let record = try await ctx.events().get(id)
            let runtime = try ctx.runtime()
            let copy = try await runtime.definition(id)
            let counters = copy == nil ? nil : try await runtime.counters(id)
            let view = EventView(record: record, counters: counters, runtimeCopy: copy, now: Date())
            if json { try JSONOutput.print(view) } else { print(view.render()) }
        }
    }
}
