import ArgumentParser
import Foundation
import RediclaimLoad

/// `rediclaim-bench spike`: simulated users on an open-model schedule against a running gate.
struct SpikeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spike",
        abstract: "Users arrive on a schedule (a rate, with a ramp), enqueue, poll /rank as told and stop at a final status.",
        discussion: """
            Latencies count from each request's planned time, so a generator that falls behind shows in them (and the
            progress lines say BEHIND SCHEDULE). Exit 1 when a user failed, a rank went up or an ISSUED came without a code.
            """)

    @Option(help: "The gate's base URL") var url = "http://127.0.0.1:8080"
    @Option(help: "Event id") var event: Int64 = 1001
    @Option(help: "Users") var users = 10_000
    @Option(help: "Arrivals per second after the ramp (default: what --arrival-seconds needs)") var rate: Double?
    @Option(help: "Seconds within which every user arrives (used when --rate is not given)") var arrivalSeconds = 10.0
    @Option(help: "Seconds of linear ramp up to the rate") var rampSeconds = 1.0
    @Option(help: "A user without a final status after this many seconds gives up") var deadline = 120.0
    @Option(help: "HS256 secret to sign each user's JWT (default: $REDICLAIM_GATE_IDENTITY_JWT_SECRET; none: userId in the body)")
    var jwtSecret: String?
    @Option(help: "User id prefix") var prefix = "load"
    @Option(help: "Keep-alive connections to the gate") var connections = 256
    @Option(help: "Event loop threads of the generator") var threads = 1
    @Option(help: "Write the JSON summary here") var out: String?

    func validate() throws {
        guard users > 0 else { throw ValidationError("--users must be positive") }
        guard connections > 0, threads > 0 else { throw ValidationError("--connections and --threads must be positive") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        guard rampSeconds >= 0, arrivalSeconds > rampSeconds / 2 else {
            throw ValidationError("--arrival-seconds must be more than half of --ramp-seconds")
        }
    }

    func run() async throws {
        guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host else {
            throw ValidationError("--url must be http://HOST:PORT (got \(url))")
        }
        var plan = SpikePlan()
        plan.host = host
        plan.port = components.port ?? 80
        plan.eventId = event
        plan.users = users
        plan.rampSeconds = rampSeconds
        plan.arrivalsPerSecond = rate ?? SpikePlan.rate(users: users, within: arrivalSeconds, ramp: rampSeconds)
        plan.deadlineSeconds = deadline
        plan.jwtSecret = jwtSecret ?? ProcessInfo.processInfo.environment["REDICLAIM_GATE_IDENTITY_JWT_SECRET"]
        plan.userPrefix = prefix
        plan.connections = connections
        plan.threads = threads
        FileHandle.standardError.write(
            Data(
                "planned: \(users) users at \(Int(plan.arrivalsPerSecond))/s after a \(rampSeconds) s ramp, last arrival at \(String(format: "%.1f", plan.arrivalSeconds)) s\n"
                    .utf8))
        let report = try await SpikeRun(plan: plan).run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        print(report.lines.joined(separator: "\n"))
        if let out {
            try report.json().write(to: URL(fileURLWithPath: out))
            print("summary JSON: \(out)")
        }
        if report.failedUsers > 0 || report.rankWentUp > 0 { throw ExitCode.failure }
    }
}
