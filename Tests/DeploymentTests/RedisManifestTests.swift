import Foundation
import RediclaimConfig
import Testing

/// Redis requires a password from a Secret (its clients load it: ClientPasswordTests) and refuses writes
/// (noeviction) before its pod hits the memory limit.
@Suite("Redis: password and memory", .timeLimit(.minutes(1)))
struct RedisManifestTests {
    /// The Redis container and the shell script that starts redis-server.
    static func server(_ manifests: RenderedManifests) throws -> (Workload, Container, script: String) {
        let redis = try manifests.workload("StatefulSet", "redis")
        let container = try redis.container("redis")
        guard container.command == ["sh", "-c"], let script = container.args.first else {
            throw DeployCheckError("redis does not start through `sh -c SCRIPT`: \(container.command) \(container.args)")
        }
        return (redis, container, script)
    }

    /// The value after `flag` among the script's words.
    static func option(_ flag: String, in script: String) -> String? {
        let words = script.split(whereSeparator: \.isWhitespace).map(String.init)
        return words.firstIndex(of: flag).flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
    }

    /// redis.conf sizes: `640mb` (1024-based) or `640m` (1000-based), plain bytes.
    static func redisBytes(_ text: String) -> Int? {
        let lower = text.lowercased()
        for (suffix, factor) in [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1_000), ("m", 1_000_000), ("g", 1_000_000_000)]
        where lower.hasSuffix(suffix) {
            return Int(lower.dropLast(suffix.count)).map { $0 * factor }
        }
        return Int(lower)
    }

    /// Kubernetes memory quantities: `1Gi`, `512Mi`, `1G`, plain bytes.
    static func quantityBytes(_ text: String) -> Int? {
        for (suffix, factor) in [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000)]
        where text.hasSuffix(suffix) {
            return Int(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Int(text)
    }

    @Test("requirepass from the Secret file, noeviction, AOF, maxmemory at most 3/4 of the pod limit",
          arguments: ManifestValidationTests.kustomizations)
    func serverSettings(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let (redis, container, script) = try Self.server(manifests)
        let file = try #require(container.envValue("REDIS_PASSWORD_FILE"), "no REDIS_PASSWORD_FILE")
        #expect(script.contains(#"$(cat "$REDIS_PASSWORD_FILE")"#) && script.contains("requirepass $password"))
        #expect(script.contains("exec redis-server -"), "redis-server must replace the shell (SIGTERM) and read its config from stdin")
        let mount = try #require(container.volumeMounts.first { file.hasPrefix(($0["mountPath"].string ?? "") + "/") }, "\(file) is not mounted")
        let volume = try #require(redis.volume(named: mount["name"].string ?? ""))
        #expect(!volume["secret"].isNull, "the Redis password comes from a Secret")

        #expect(Self.option("--maxmemory-policy", in: script) == "noeviction", "a waiting room must never evict")
        #expect(Self.option("--appendonly", in: script) == "yes")
        let maxmemory = try #require(Self.option("--maxmemory", in: script).flatMap(Self.redisBytes), "no --maxmemory")
        let limit = try #require(container.spec["resources"]["limits"]["memory"].string.flatMap(Self.quantityBytes), "no memory limit")
        // The rest is for client buffers and the copy-on-write pages of an AOF rewrite's fork.
        #expect(maxmemory <= limit / 4 * 3, "maxmemory \(maxmemory) B leaves too little of the \(limit) B limit")

        // `redis-cli ping` exits 0 on NOAUTH too: readiness must authenticate and compare the answer.
        let readiness = container.spec["readinessProbe"]["exec"]["command"].array.compactMap(\.string).joined(separator: " ")
        #expect(readiness.contains("REDISCLI_AUTH") && readiness.contains("PONG"), "readiness: \(readiness)")
    }

    @Test("sizes in both notations parse (the check can fail)")
    func sizesParse() {
        #expect(Self.redisBytes("640mb") == 640 << 20)
        #expect(Self.redisBytes("1GB") == 1 << 30)
        #expect(Self.redisBytes("500m") == 500_000_000)
        #expect(Self.redisBytes("lots") == nil)
        #expect(Self.quantityBytes("1Gi") == 1 << 30)
        #expect(Self.quantityBytes("512Mi") == 512 << 20)
        #expect(Self.quantityBytes("1G") == 1_000_000_000)
        #expect(Self.option("--maxmemory", in: "redis-server --maxmemory 1gb \\\n --x y") == "1gb")
    }
}
