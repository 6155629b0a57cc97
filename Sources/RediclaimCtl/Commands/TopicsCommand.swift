import ArgumentParser
import RediclaimConfig
import RediclaimKafka
import RediclaimRuntime

/// `rediclaimctl topics`: creates and lists the Kafka topics Rediclaim uses.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Create or list the Kafka topics.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the request, result and both DLQ topics (requests, results) if absent.")

        @OptionGroup var config: ConfigOptions
        @Option(help: "Partitions of the request topic (issuer replicas up to this many share the work)")
        var requestedPartitions = 6
        @Option(help: "Partitions of the result topic") var resultPartitions = 3
        @Option(help: "Partitions of each DLQ topic") var dlqPartitions = 1
        @Option(help: "Replication factor (1 for a single broker)") var replicationFactor = 1

        func validate() throws {
            for (name, n) in [("requested", requestedPartitions), ("result", resultPartitions), ("dlq", dlqPartitions)]
            where !(1...10_000).contains(n) {
                throw ValidationError("--\(name)-partitions must be between 1 and 10000")
            }
            guard (1...16).contains(replicationFactor) else { throw ValidationError("--replication-factor must be 1...16") }
        }

        func run() async throws {
            try await CtlContext.run(config) { ctx in
                let k = ctx.config.kafka
                let admin = try KafkaAdmin(client: ctx.config.kafkaClient(clientID: "rediclaimctl"), logger: ctx.logger)
                let topics = [
                    (k.requestTopic, requestedPartitions), (k.resultTopic, resultPartitions), (k.dlqTopic, dlqPartitions),
                    (k.resultDlqTopic, dlqPartitions),
                ]
                for (topic, partitions) in topics {
                    let created = try await admin.createTopic(topic, partitions: partitions, replicationFactor: replicationFactor)
                    print("\(topic): \(created ? "created with \(partitions) partitions" : "already exists")")
                }
                await admin.close()
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topics with their partition counts.")

        @OptionGroup var config: ConfigOptions

        func run() async throws {
            try await CtlContext.run(config) { ctx in
                let admin = try KafkaAdmin(client: ctx.config.kafkaClient(clientID: "rediclaimctl"), logger: ctx.logger)
                let topics = try await admin.listTopics()
                await admin.close()
                var table = Table("TOPIC", "PARTITIONS")
                for topic in topics.sorted(by: { $0.name < $1.name }) {
                    table.add(topic.name, String(topic.partitionCount))
                }
                print(table.render())
            }
        }
    }
}
