import Foundation
import Hummingbird
import Prometheus

/// `/healthz` (the process runs), `/readyz` (its dependencies answer, cached for a second) and
/// `/metrics` (Prometheus text). They belong on an ops port, not the public one.
public enum OpsRoutes {
    public static func add<Context: RequestContext>(
        to router: Router<Context>, registry: PrometheusCollectorRegistry, checks: [ReadinessCheck],
        checkTimeout: Duration = .seconds(2)
    ) {
        addHealth(to: router)
        let probe = ReadinessProbe(checks: checks, registry: registry, timeout: checkTimeout)
        router.get("/readyz") { _, _ in
            let results = await probe.results()
            let ready = results.values.allSatisfy { $0 == "ok" }
            let body = results.keys.sorted().map { "\($0): \(results[$0]!)" }.joined(separator: "\n") + "\n"
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ in
            _ = await probe.results()
            var buffer = [UInt8]()
            buffer.reserveCapacity(16_384)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// Liveness only: nothing about dependencies or figures, so it may stay on a public port.
    public static func addHealth<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
    }

    /// nil when the probe answered in time, else why not.
    static func run(_ check: ReadinessCheck, timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await check.probe()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
