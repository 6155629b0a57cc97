import ServiceLifecycle

/// Sweeps the gate's rate-limit tables every few seconds, so they hold only recently active clients.
struct RateLimitSweeper: Service {
    let gate: Gate
    var interval: Duration = .seconds(5)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = gate.clockSeconds
            for limiter in gate.limiters { limiter.sweep(now: now) }
        }
    }
}
