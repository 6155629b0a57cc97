// The one place where the bridge's settings become librdkafka option names.
// Order: typed settings, then `extraOptions`, then the options the bridge relies on (they win).

extension Duration {
    /// Whole milliseconds, at least `minimum`, as librdkafka expects them.
    func milliseconds(minimum: Int64 = 0) -> Int64 {
        let (seconds, attoseconds) = components
        return max(minimum, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

extension KafkaClientConfiguration {
    /// Options every client gets, with the caller's raw extras on top.
    var librdkafkaOptions: [String: String] {
        var options: [String: String] = [
            "bootstrap.servers": bootstrapServers.joined(separator: ","),
            "client.id": clientID,
            "socket.timeout.ms": String(socketTimeout.milliseconds(minimum: 10)),
        ]
        if !debugContexts.isEmpty {
            options["debug"] = debugContexts.joined(separator: ",")
        }
        options.merge(extraOptions) { _, extra in extra }
        return options
    }
}

extension KafkaProducerConfiguration {
    var librdkafkaOptions: [String: String] {
        var options: [String: String] = [
            "compression.codec": compression.rawValue,
            "linger.ms": String(linger.milliseconds()),
            "message.timeout.ms": String(messageTimeout.milliseconds(minimum: 1)),
            "queue.buffering.max.messages": String(maxQueuedMessages),
        ]
        options.merge(client.librdkafkaOptions) { _, client in client }
        // Exactly-once per partition and ordered retries are what the gate relies on.
        options["enable.idempotence"] = "true"
        options["acks"] = "all"
        return options
    }
}

extension KafkaConsumerConfiguration {
    var librdkafkaOptions: [String: String] {
        var options: [String: String] = [
            "auto.offset.reset": autoOffsetReset.rawValue,
            "partition.assignment.strategy": assignmentStrategy.rawValue,
            "session.timeout.ms": String(sessionTimeout.milliseconds(minimum: 1)),
            "max.poll.interval.ms": String(maxPollInterval.milliseconds(minimum: 1)),
        ]
        options.merge(client.librdkafkaOptions) { _, client in client }
        options.merge(KafkaClientConfiguration.manualCommitOptions) { _, fixed in fixed }
        options["group.id"] = groupID
        return options
    }
}

extension KafkaClientConfiguration {
    /// Consumers commit only what the application says it has finished.
    static let manualCommitOptions: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "enable.partition.eof": "false",
    ]

    /// A consumer of fixed partitions (assign mode). librdkafka only assigns when a group.id is
    /// set, so it gets a private one that never joins or commits.
    var assignModeOptions: [String: String] {
        var options = librdkafkaOptions
        options.merge(Self.manualCommitOptions) { _, fixed in fixed }
        options["group.id"] = "rediclaim-assign-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        return options
    }
}

extension KafkaClientConfiguration {
    /// The admin client's group-less consumer that reads high watermarks from Fetch responses.
    var watermarkProbeOptions: [String: String] {
        var options = assignModeOptions
        options["enable.partition.eof"] = "true"
        options["fetch.wait.max.ms"] = "10"
        return options
    }
}
