import Foundation
import RediclaimMySQL

/// What `rediclaimctl dlq` did with the dead letters of a DLQ topic: which were replayed, and up to
/// where each partition is purged (tables `dlq_replay` and `dlq_purge`, migration 0002).
public struct DeadLetterLedger: Sendable {
    let client: MySQLClient

    public init(client: MySQLClient) { self.client = client }

    /// One replayed dead letter.
    public struct Replay: Sendable, Hashable {
        public let id: DeadLetterID
        public let requestKey: String?
        /// The topic it was published to.
        public let replayedTo: String
        /// How many times it was replayed (more than 1 only with `--force`).
        public let count: Int
        /// The last replay.
        public let replayedAt: Date

        public init(id: DeadLetterID, requestKey: String?, replayedTo: String, count: Int, replayedAt: Date) {
            self.id = id
            self.requestKey = requestKey
            self.replayedTo = replayedTo
            self.count = count
            self.replayedAt = replayedAt
        }
    }

    /// Every replay recorded for `topic`.
    public func replays(topic: String) async throws -> [DeadLetterID: Replay] {
        let rows = try await client.query(
            """
            SELECT dlq_partition, dlq_offset, request_key, replayed_to, replay_count, replayed_at
            FROM dlq_replay WHERE dlq_topic = \(topic)
            """)
        var replays: [DeadLetterID: Replay] = [:]
        for row in rows {
            let id = DeadLetterID(partition: try row.decode("dlq_partition"), offset: try row.decode("dlq_offset"))
            replays[id] = Replay(
                id: id, requestKey: try row.decode("request_key"), replayedTo: try row.decode("replayed_to"),
                count: try row.decode("replay_count"), replayedAt: try row.decode("replayed_at"))
        }
        return replays
    }

    /// Records that the dead letter `id` of `topic` was published again to `replayedTo`.
    public func recordReplay(topic: String, id: DeadLetterID, requestKey: String?, replayedTo: String) async throws {
        try await client.execute(
            """
            INSERT INTO dlq_replay (dlq_topic, dlq_partition, dlq_offset, request_key, replayed_to, replayed_at)
            VALUES (\(topic), \(id.partition), \(id.offset), \(requestKey.map { String($0.prefix(255)) }), \(replayedTo),
                UTC_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE replay_count = replay_count + 1, replayed_to = \(replayedTo),
                replayed_at = UTC_TIMESTAMP(3)
            """)
    }

    /// Per partition, the first offset that is not purged (partitions never purged are absent).
    public func purgeMarks(topic: String) async throws -> [Int32: Int64] {
        var marks: [Int32: Int64] = [:]
        for row in try await client.query("SELECT dlq_partition, purged_before FROM dlq_purge WHERE dlq_topic = \(topic)") {
            marks[try row.decode("dlq_partition")] = try row.decode("purged_before")
        }
        return marks
    }

    /// Purges the partition's dead letters below `offset`. A mark only ever moves forward.
    public func purge(topic: String, partition: Int32, before offset: Int64) async throws {
        try await client.execute(
            """
            INSERT INTO dlq_purge (dlq_topic, dlq_partition, purged_before, purged_at)
            VALUES (\(topic), \(partition), \(offset), UTC_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE purged_at = IF(\(offset) > purged_before, UTC_TIMESTAMP(3), purged_at),
                purged_before = GREATEST(purged_before, \(offset))
            """)
    }
}
