import Foundation

/// Encodes Kafka messages to compact JSON bytes (keys sorted, so bytes are stable) and decodes them
/// with errors that say what is wrong: unsupported `"v"`, missing field, wrong type, malformed JSON.
/// Unknown fields are ignored, so a v1 reader accepts additive v1 changes.
public struct MessageCodec: Sendable {
    public init() {}

    public func encode<Message: VersionedMessage>(_ message: Message) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(message)
        } catch {
            // Messages hold only strings and integers, which JSONEncoder always encodes.
            preconditionFailure("JSONEncoder failed on \(Message.self): \(error)")
        }
    }

    public func decode<Message: VersionedMessage>(_ type: Message.Type, from data: Data) throws(RediclaimError)
        -> Message
    {
        try JSONInput.decode(type, from: data)
    }

    public func decode<Message: VersionedMessage>(_ type: Message.Type, from bytes: [UInt8]) throws(RediclaimError)
        -> Message
    {
        try JSONInput.decode(type, from: Data(bytes))
    }
}
