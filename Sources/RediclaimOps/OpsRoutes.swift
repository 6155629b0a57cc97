import Foundation
import Hummingbird
import Prometheus

/// `/healthz` (the process runs), `/readyz` (its dependencies answer) and `/metrics` (Prometheus text).
public enum OpsRoutes {
    public static func add<Context: RequestContext>(
        to router: Router<Context>, registry: PrometheusCollectorRegistry, checks: [ReadinessCheck],
        checkTimeout: Duration = .seconds(2)
    ) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // One gauge per dependency, refreshed by every probe and every scrape, so alerts see readiness
        // even where nothing calls /readyz.
        let readyGauges = Dictionary(uniqueKeysWithValues: checks.map { check in
            (check.name, registry.gauge(
                "rediclaim_dependency_ready", "1 when the dependency answered its readiness probe, else 0",
                labels: [("dependency", check.name)]))
        })
        let probeAll: @Sendable () async -> [String: String] = {
            let results = await withTaskGroup(of: (String, String?).self) { group in
                for check in checks {
                    group.addTask { (check.name, await Self.run(check, timeout: checkTimeout)) }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 ?? "ok" }
            }
            for (name, result) in results { readyGauges[name]?.set(result == "ok" ? 1.0 : 0.0) }
            return results
        }
        router.get("/readyz") { _, _ in
            let results = await probeAll()
            let ready = results.values.allSatisfy { $0 == "ok" }
            let body = results.keys.sorted().map { "\($0): \(results[$0]!)" }.joined(separator: "\n") + "\n"
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/metrics") { _, _ in
            _ = await probeAll()
            var buffer = [UInt8]()
            buffer.reserveCapacity(16_384)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
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
