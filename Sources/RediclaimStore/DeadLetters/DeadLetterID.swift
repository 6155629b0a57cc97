/// Where a dead letter sits in the DLQ topic, written `partition:offset` (e.g. `0:42`).
public struct DeadLetterID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let partition: Int32
    public let offset: Int64

    public init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }

    /// Parses `partition:offset`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let partition = Int32(parts[0]), let offset = Int64(parts[1]), partition >= 0, offset >= 0
        else { return nil }
        self.init(partition: partition, offset: offset)
    }

    public var description: String { "\(partition):\(offset)" }

    public static func < (a: DeadLetterID, b: DeadLetterID) -> Bool {
        (a.partition, a.offset) < (b.partition, b.offset)
    }
}
