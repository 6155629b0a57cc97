import Foundation

/// Encodes Kafka messages to compact JSON bytes (keys sorted, so bytes are stable) and decodes them
/// with errors that say what is wrong: unsupported `"v"`, missing field, wrong type, malformed JSON.
/// Unknown fields are ignored, so a v1 reader accepts additive v1 changes.
///
/// The common forms go through the plain fast paths (`RediclaimJSON`); JSONEncoder/JSONDecoder are
/// the reference and the fallback, and the golden tests hold the two byte for byte.
public struct MessageCodec: Sendable {
    public init() {}

    public func encode<Message: VersionedMessage>(_ message: Message) -> [UInt8] {
        message.encodePlain() ?? referenceEncode(message)
    }

    public func decode<Message: VersionedMessage>(_ type: Message.Type, from bytes: [UInt8]) throws(RediclaimError)
        -> Message
    {
        if let message = bytes.withUnsafeBufferPointer(Message.decodePlain) { return message }
        return try referenceDecode(type, from: Data(bytes))
    }

    public func decode<Message: VersionedMessage>(_ type: Message.Type, from data: Data) throws(RediclaimError)
        -> Message
    {
        try decode(type, from: [UInt8](data))
    }

    /// The Codable encoding: the reference the plain writers must equal.
    public func referenceEncode<Message: VersionedMessage>(_ message: Message) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(message))
        } catch {
            // Messages hold only strings and integers, which JSONEncoder always encodes.
            preconditionFailure("JSONEncoder failed on \(Message.self): \(error)")
        }
    }

    /// The Codable decoding: the authority on validity and on every error message.
    public func referenceDecode<Message: VersionedMessage>(_ type: Message.Type, from data: Data)
        throws(RediclaimError) -> Message
    {
        try JSONInput.decode(type, from: data)
    }
}
