import RediclaimJSON

/// The plain wire form of `IssueResult`, written without JSONEncoder (the same bytes, sorted keys)
/// and read without JSONDecoder when it has the form the issuer writes.
extension IssueResult {
    public func encodePlain() -> [UInt8]? {
        var w = JSONByteWriter(capacity: 200)
        w.object { w in
            if let coupon { w.field("couponCode", coupon.code) }
            w.field("eventId", eventId)
            if let coupon {
                w.field("expiresAt", coupon.expiresAt)
                if let issuedAt = coupon.issuedAt { w.field("issuedAt", issuedAt) }
            }
            w.field("requestId", requestId)
            w.field("status", status.rawValue)
            w.field("userId", userId)
            w.field("v", Self.version)
        }
        return w.bytes
    }

    public static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> IssueResult? {
        var v, requestId, eventId, userId, status, couponCode, expiresAt, issuedAt: FlatJSONValue?
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
            case 6 where key.elementsEqual("userId".utf8): assign(&userId, value)
            case 6 where key.elementsEqual("status".utf8): assign(&status, value)
            case 7 where key.elementsEqual("eventId".utf8): assign(&eventId, value)
            case 8 where key.elementsEqual("issuedAt".utf8): assign(&issuedAt, value)
            case 9 where key.elementsEqual("requestId".utf8): assign(&requestId, value)
            case 9 where key.elementsEqual("expiresAt".utf8): assign(&expiresAt, value)
            case 10 where key.elementsEqual("couponCode".utf8): assign(&couponCode, value)
            default: unknown(key)
            }
        }
        guard ok, case .integer(Int64(version))? = v, case .string(let requestId)? = requestId,
            case .integer(let eventId)? = eventId, case .string(let userId)? = userId,
            case .string(let statusText)? = status
        else { return nil }
        switch Status(rawValue: statusText) {
        case .issued:
            guard case .string(let code)? = couponCode, case .integer(let expires)? = expiresAt else { return nil }
            var issued: Int64?
            switch issuedAt {
            case nil: break
            case .integer(let value)?: issued = value
            case .string?: return nil
            }
            return try? .issued(
                requestId: requestId, eventId: eventId, userId: userId, couponCode: code, expiresAt: expires,
                issuedAt: issued)
        case .soldOut:
            guard couponCode == nil, expiresAt == nil, issuedAt == nil else { return nil }
            return try? .soldOut(requestId: requestId, eventId: eventId, userId: userId)
        case nil:
            return nil
        }
    }
}
