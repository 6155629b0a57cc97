import RediclaimJSON

/// The plain wire form of `IssueRequested`: what the gate writes, read and written without Codable
/// (JSONDecoder was a fifth of the issuer's CPU at full speed).
extension IssueRequested {
    public static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> IssueRequested? {
        var v, requestId, eventId, userId, seq, releasedAt, enqueuedAt, epoch: FlatJSONValue?
        // A repeated field sends the message to the full decoder, which refuses it.
        func assign(_ slot: inout FlatJSONValue?, _ value: FlatJSONValue) -> Bool {
            guard slot == nil else { return false }
            slot = value
            return true
        }
        // Unknown fields are ignored, as by the Codable path, but a repeated one is still refused.
        var others: [[UInt8]] = []
        func unknown(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
            let name = Array(key)
            guard !others.contains(name) else { return false }
            others.append(name)
            return true
        }
        let ok = FlatJSONReader.read(bytes) { key, value in
            switch key.count {
            case 1 where key.elementsEqual("v".utf8): assign(&v, value)
            case 5 where key.elementsEqual("epoch".utf8): assign(&epoch, value)
            case 3 where key.elementsEqual("seq".utf8): assign(&seq, value)
            case 6 where key.elementsEqual("userId".utf8): assign(&userId, value)
            case 7 where key.elementsEqual("eventId".utf8): assign(&eventId, value)
            case 9 where key.elementsEqual("requestId".utf8): assign(&requestId, value)
            case 10 where key.elementsEqual("releasedAt".utf8): assign(&releasedAt, value)
            case 10 where key.elementsEqual("enqueuedAt".utf8): assign(&enqueuedAt, value)
            default: unknown(key)
            }
        }
        guard ok, case .integer(Int64(version))? = v, case .string(let requestId)? = requestId,
            case .integer(let eventId)? = eventId, case .string(let userId)? = userId, case .integer(let seq)? = seq,
            case .integer(let releasedAt)? = releasedAt
        else { return nil }
        var enqueued: Int64?
        switch enqueuedAt {
        case nil: break
        case .integer(let value)?: enqueued = value
        case .string?: return nil
        }
        var lifetime: Int?
        switch epoch {
        case nil: break
        case .integer(let value)?:
            guard let value = Int(exactly: value) else { return nil }
            lifetime = value
        case .string?: return nil
        }
        // An invalid value goes to the full decoder too, for its error message.
        return try? IssueRequested(
            requestId: requestId, eventId: eventId, userId: userId, seq: seq, releasedAt: releasedAt,
            enqueuedAt: enqueued, epoch: lifetime)
    }

    /// Sorted keys, as the Codable path writes them.
    public func encodePlain() -> [UInt8]? {
        var w = JSONByteWriter(capacity: 160)
        w.object { w in
            if let enqueuedAt { w.field("enqueuedAt", enqueuedAt) }
            if let epoch { w.field("epoch", epoch) }
            w.field("eventId", eventId)
            w.field("releasedAt", releasedAt)
            w.field("requestId", requestId)
            w.field("seq", seq)
            w.field("userId", userId)
            w.field("v", Self.version)
        }
        return w.bytes
    }
}
