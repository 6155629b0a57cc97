import Logging
import Prometheus
import RediclaimConfig
import RediclaimIssuer
import ServiceLifecycle
import Synchronization

/// An issuer built with `buildIssuer` (as `rediclaim-issuer` does) and run in this test process.
public final class InProcessIssuer: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let port = PortBox()

    public init(_ config: RediclaimConfiguration, logger: Logger = IssuerTestStack.logger("issuer")) throws {
        let port = self.port
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var options = IssuerBuildOptions()
        options.registry = registry
        options.handlesSignals = false
        options.onOpsRunning = { bound in port.set(bound) }
        let group = try buildIssuer(configuration: config, logger: logger, options: options)
        self.group = group
        task = Task { try await group.run() }
    }

    /// The ops server's port once it listens (0 before).
    public var opsPort: Int { port.get() }

    /// Graceful shutdown, as on SIGTERM; rethrows what the service group ended with.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// A metric's value from the exposition text (sum over label sets), 0 if absent.
    public func metric(_ name: String) -> Double { Self.metric(name, in: registry) }

    public static func metric(_ name: String, in registry: PrometheusCollectorRegistry) -> Double {
        registry.emitToString().split(separator: "\n").reduce(0) { sum, line in
            guard !line.hasPrefix("#") else { return sum }
            let parts = line.split(separator: " ")
            guard parts.count == 2 else { return sum }
            let metric = parts[0].split(separator: "{").first.map(String.init) ?? ""
            return metric == name ? sum + (Double(parts[1]) ?? 0) : sum
        }
    }

    /// Waits until `name` reaches `value` or `deadline` passes; returns the last value.
    public func waitFor(_ name: String, atLeast value: Double, within deadline: Duration = .seconds(60)) async throws -> Double {
        let end = ContinuousClock.now + deadline
        var current = metric(name)
        while current < value, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(100))
            current = metric(name)
        }
        return current
    }
}

/// The ops port, set from the server's start callback.
final class PortBox: Sendable {
    private let value = Mutex(0)
    func set(_ port: Int) { value.withLock { $0 = port } }
    func get() -> Int { value.withLock { $0 } }
}
