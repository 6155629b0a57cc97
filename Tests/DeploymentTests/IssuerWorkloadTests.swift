import Foundation
import RediclaimConfig
import Testing

/// The issuer, Kafka and the setup Job agree: replicas vs partitions, replication vs brokers, ops port.
@Suite("Issuer, Kafka and setup workloads", .timeLimit(.minutes(1)))
struct IssuerWorkloadTests {
    @Test("issuer probes and metrics annotation use issuer.opsPort; grace covers the retry back-off")
    func issuerOpsPort() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let issuer = try manifests.workload("Deployment", "rediclaim-issuer")
        let container = try issuer.container("issuer")
        let config = try PodSettings.load(container, in: issuer, of: manifests)

        #expect(container.port(named: "ops") == config.issuer.opsPort)
        #expect(container.spec["readinessProbe"]["httpGet"]["path"].string == "/readyz")
        #expect(container.spec["livenessProbe"]["httpGet"]["path"].string == "/healthz")
        // Which port serves those paths: OpsEndpointTests.

        // The longest a batch can spend in MySQL retries before it gives up.
        var backoffMs = 0
        for attempt in 0..<max(config.issuer.maxAttempts - 1, 0) {
            backoffMs += min(config.issuer.backoffBaseMs << min(attempt, 20), config.issuer.backoffMaxMs)
        }
        #expect(issuer.terminationGraceSeconds * 1000 > backoffMs + 10_000, "grace vs \(backoffMs) ms of back-off")
    }

    @Test("issuer replicas <= request partitions; replication <= brokers", arguments: ManifestValidationTests.kustomizations)
    func replicasFitPartitions(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let topics = try TopicPlan(manifests.workload("Job", "rediclaim-setup").container("topics"))
        let issuer = try manifests.workload("Deployment", "rediclaim-issuer")
        let replicas = try #require(issuer.replicas)
        #expect(replicas >= 1 && replicas <= topics.requestedPartitions, "\(replicas) issuers, \(topics.requestedPartitions) partitions")
        #expect(issuer.object["spec"]["strategy"]["rollingUpdate"]["maxSurge"].int == 0, "a surge adds idle consumers")

        let kafka = try manifests.workload("StatefulSet", "kafka")
        let brokers = try #require(kafka.replicas)
        let broker = try kafka.container("kafka")
        #expect(topics.replicationFactor <= brokers)
        let voters = broker.envValue("KAFKA_CONTROLLER_QUORUM_VOTERS")?.split(separator: ",") ?? []
        #expect(voters.count == brokers, "\(brokers) brokers but quorum voters \(voters)")
        for (index, voter) in voters.enumerated() {
            #expect(voter.hasPrefix("\(index)@kafka-\(index)."), "voter \(voter) is not node \(index)")
        }
        for name in ["KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                     "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] {
            let value = try #require(broker.envValue(name).flatMap { Int($0) }, "\(name) missing")
            #expect(value <= brokers, "\(name)=\(value) with \(brokers) brokers")
        }
        let minISR = try #require(broker.envValue("KAFKA_MIN_INSYNC_REPLICAS").flatMap { Int($0) })
        #expect(minISR <= topics.replicationFactor, "min.insync.replicas \(minISR) > replication \(topics.replicationFactor)")
        #expect(broker.envValue("KAFKA_AUTO_CREATE_TOPICS_ENABLE") == "false", "topics come from the setup Job only")
        #expect(kafka.podSpec["enableServiceLinks"] == .bool(false), "service links inject KAFKA_* settings")
    }

    @Test("Kind creates the local partition counts: 6, 3, 1")
    func kindPartitions() async throws {
        let manifests = try await RenderedManifests.render("k8s/kind")
        let topics = try TopicPlan(manifests.workload("Job", "rediclaim-setup").container("topics"))
        #expect(topics.requestedPartitions == 6 && topics.resultPartitions == 3 && topics.dlqPartitions == 1)
        #expect(topics.replicationFactor == 1)
    }

    @Test("setup runs migrate before topics create; events apply waits suspended", arguments: ManifestValidationTests.kustomizations)
    func setupJobs(_ directory: String) async throws {
        let manifests = try await RenderedManifests.render(directory)
        let setup = try manifests.workload("Job", "rediclaim-setup")
        #expect(setup.initContainers.last.map { $0.command + $0.args } == ["rediclaimctl", "migrate"])
        #expect(setup.containers.map(\.name) == ["topics"])
        let events = try manifests.workload("Job", "rediclaim-events")
        #expect(events.object["spec"]["suspend"] == .bool(true))
        let apply = try events.container("event-apply")
        #expect(Array((apply.command + apply.args).prefix(4)) == ["rediclaimctl", "event", "apply", "-f"])
        let eventsPath = try #require((apply.command + apply.args).last)
        #expect(throws: Never.self, "the events file \(eventsPath) is not mounted") {
            _ = try PodFiles(container: apply, in: events, of: manifests, skipMissing: true).localPath(of: eventsPath)
        }
    }
}

/// The partition counts and replication factor the setup Job's `rediclaimctl topics create` asks for.
struct TopicPlan {
    let requestedPartitions: Int
    let resultPartitions: Int
    let dlqPartitions: Int
    let replicationFactor: Int

    init(_ container: Container) throws {
        let words = container.command + container.args
        guard Array(words.prefix(3)) == ["rediclaimctl", "topics", "create"] else {
            throw DeployCheckError("the topics container runs \(words), not rediclaimctl topics create")
        }
        var flags: [String: Int] = [:]
        var index = 3
        while index < words.count {
            guard index + 1 < words.count, let value = Int(words[index + 1]), value > 0 else {
                throw DeployCheckError("topics create: \(words[index]) needs a positive number")
            }
            flags[words[index]] = value
            index += 2
        }
        let expected: Set = ["--requested-partitions", "--result-partitions", "--dlq-partitions", "--replication-factor"]
        guard Set(flags.keys) == expected else {
            throw DeployCheckError("topics create flags are \(flags.keys.sorted()), expected \(expected.sorted())")
        }
        requestedPartitions = flags["--requested-partitions"]!
        resultPartitions = flags["--result-partitions"]!
        dlqPartitions = flags["--dlq-partitions"]!
        replicationFactor = flags["--replication-factor"]!
    }
}
