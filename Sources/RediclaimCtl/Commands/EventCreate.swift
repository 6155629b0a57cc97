import ArgumentParser
import Foundation
import RediclaimConfig
import RediclaimCore

/// `event create`: one new event from flags.
struct EventCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create one event from flags.")

    @OptionGroup var config: ConfigOptions
    @Option(help: "Event id (positive integer)") var id: Int64
    @Option(help: "Display name") var name: String
    @Option(help: "Coupons available") var stock: Int64
    @Option(help: "Opening time, ISO-8601 (e.g. 2026-12-01T09:00:00Z), or 'now'") var openAt: String
    @Option(help: "Closing time, ISO-8601, or a duration after openAt such as +2h or +30m") var closeAt: String
    @Option(help: "Users released per second") var rate: Int
    @Option(help: "FIXED discount amount (minor units)") var fixed: Int64?
    @Option(help: "PERCENT discount (1-100); needs --max-discount") var percent: Int?
    @Option(help: "Cap of a PERCENT discount (minor units)") var maxDiscount: Int64?
    @Option(help: "Smallest order the coupon applies to (minor units)") var minOrder: Int64 = 0
    @Option(help: "Days a coupon stays valid after issue") var validDays: Int = 7
    @Option(help: "Most users waiting at once (503 QUEUE_FULL beyond); default: no cap") var maxWaiting: Int64?
    @Option(help: "Seconds before the open during which users join a pre-queue, shuffled at the open") var preQueue: Int = 0
    @Flag(help: "Print the created event as JSON") var json = false

    func run() async throws {
        let event = try makeEvent(now: Date())
        try await CtlContext.run(config) { ctx in
            try await ctx.events().create(event)
            let record = try await ctx.events().get(event.id)
            try await EventSync.publish(record, ctx, fresh: true)
            if json { try JSONOutput.print(EventView(record: record, counters: nil, runtimeCopy: nil, now: Date())) }
            else { print("created event \(event.id) (\(event.name))") }
        }
    }

    func makeEvent(now: Date) throws -> Event {
        let open = try TimeArgument.parse(openAt, field: "--open-at", now: now, base: nil)
        let close = try TimeArgument.parse(closeAt, field: "--close-at", now: now, base: open)
        let discount: CouponPolicy.Discount
        switch (fixed, percent) {
        case (let amount?, nil): discount = .fixed(amount: amount)
        case (nil, let p?):
            guard let maxDiscount else { throw CtlError("--percent needs --max-discount") }
            discount = .percent(p, maxDiscount: maxDiscount)
        default: throw CtlError("give exactly one of --fixed AMOUNT or --percent P --max-discount M")
        }
        do {
            let policy = try CouponPolicy(discount: discount, minOrderAmount: minOrder, validDays: validDays)
            return try Event(
                id: id, name: name, stock: stock, openAt: open, closeAt: close, releaseRate: rate, coupon: policy,
                maxWaiting: maxWaiting, preQueueSeconds: preQueue)
        } catch {
            throw CtlError("invalid event: \(error.message)")
        }
    }
}

/// Times on the command line: ISO-8601, `now`, or `+90s`/`+30m`/`+2h`/`+7d` after a base time.
enum TimeArgument {
    static func parse(_ text: String, field: String, now: Date, base: Date?) throws -> Date {
        if text == "now" { return now }
        if text.hasPrefix("+"), let unit = text.last, let n = Double(text.dropFirst().dropLast()), n >= 0 {
            let seconds: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86_400][unit].map { $0 * n }
            if let seconds { return (base ?? now).addingTimeInterval(seconds) }
        }
        guard let date = Timestamps.parseISO8601(text) else {
            throw CtlError("\(field) '\(text)' is not an ISO-8601 time (2026-12-01T09:00:00Z), 'now' or +N[s|m|h|d]")
        }
        return date
    }
}
