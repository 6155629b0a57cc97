import Crypto
import Foundation

/// What a valid ticket proves: this user was queued for this event with this sequence number at this
/// time, and the proof holds until `expiresAt`.
public struct TicketClaims: Sendable, Equatable {
    public var eventId: Int64
    public var userId: String
    public var seq: Int64
    /// Seconds since the epoch.
    public var issuedAt: Int64
    /// Seconds since the epoch; the ticket is refused from then on.
    public var expiresAt: Int64

    public init(eventId: Int64, userId: String, seq: Int64, issuedAt: Int64, expiresAt: Int64) {
        self.eventId = eventId
        self.userId = userId
        self.seq = seq
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// Signs and checks tickets: `v2.<keyId>.<seq>.<issuedAt>.<expiresAt>.<mac>`. The MAC is HMAC-SHA256,
/// truncated to 128 bits, over every field length-prefixed (so no two field lists share an input,
/// whatever the fields contain), base64url. Event and user are not in the ticket: `/rank` supplies
/// them, so a ticket is useless for anyone else. Numbers must be canonical (`17`, never `017` or `+17`),
/// so each ticket has exactly one spelling.
public struct TicketSigner: Sendable {
    let current: TicketKey
    let previous: [String: TicketKey]
    /// After this instant (epoch seconds) the previous keys are refused; nil: accepted indefinitely.
    let previousUntil: Int64?

    /// `previous` keys still verify old tickets during a rotation, until `previousUntil`; only `current` signs.
    public init(current: TicketKey, previous: [TicketKey] = [], previousUntil: Date? = nil) {
        self.current = current
        var keys: [String: TicketKey] = [:]
        for key in previous where key.id != current.id { keys[key.id] = key }
        self.previous = keys
        self.previousUntil = previousUntil.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    public func sign(_ claims: TicketClaims) -> String {
        let mac = Self.mac(claims, key: current)
        return "v2.\(current.id).\(claims.seq).\(claims.issuedAt).\(claims.expiresAt).\(Base64URL.encode(mac))"
    }

    /// The claims of a ticket presented for `eventId` and `userId` at `now` (epoch seconds), or why
    /// it is refused. Expiry is judged only once the MAC is good, so it reveals nothing to a forger.
    public func verify(_ ticket: String, eventId: Int64, userId: String, now: Int64) throws(TicketError) -> TicketClaims {
        guard ticket.utf8.count <= 200 else { throw .malformed }
        let parts = ticket.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "v2",
            let seq = Self.canonical(parts[2]), seq >= 0,
            let issuedAt = Self.canonical(parts[3]),
            let expiresAt = Self.canonical(parts[4]),
            let presented = Base64URL.decode(parts[5]), presented.count == Self.macBytes
        else { throw .malformed }
        let keyId = String(parts[1])
        let key: TicketKey
        if keyId == current.id {
            key = current
        } else if let old = previous[keyId], previousUntil.map({ now < $0 }) ?? true {
            key = old
        } else {
            throw .unknownKey
        }
        let claims = TicketClaims(eventId: eventId, userId: userId, seq: seq, issuedAt: issuedAt, expiresAt: expiresAt)
        guard ConstantTime.equal(Self.mac(claims, key: key), presented) else { throw .wrongSignature }
        guard now < expiresAt else { throw .expired }
        return claims
    }

    static let macBytes = 16

    /// A non-negative decimal without sign or leading zeros, up to 18 digits; anything else is nil.
    static func canonical(_ text: Substring) -> Int64? {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        if digits.count > 1 && digits.first == UInt8(ascii: "0") { return nil }
        return Int64(text)
    }

    static func mac(_ claims: TicketClaims, key: TicketKey) -> [UInt8] {
        // Each field as a 4-byte big-endian length and its bytes, written straight into one buffer.
        var input: [UInt8] = []
        input.reserveCapacity(128)
        func field(_ bytes: UnsafeBufferPointer<UInt8>) {
            let length = UInt32(bytes.count)
            input.append(UInt8(length >> 24))
            input.append(UInt8(length >> 16 & 0xFF))
            input.append(UInt8(length >> 8 & 0xFF))
            input.append(UInt8(length & 0xFF))
            input.append(contentsOf: bytes)
        }
        func field(_ text: String) {
            var text = text
            text.withUTF8 { field($0) }
        }
        func field(_ number: Int64) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var count = 0
                var rest = number.magnitude
                repeat {
                    digits[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                    count += 1
                } while rest > 0
                if number < 0 {
                    digits[19 - count] = UInt8(ascii: "-")
                    count += 1
                }
                field(UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
            }
        }
        field("rediclaim-ticket-v2")
        field(key.id)
        field(claims.eventId)
        field(claims.userId)
        field(claims.seq)
        field(claims.issuedAt)
        field(claims.expiresAt)
        var hmac = key.keyed
        hmac.update(data: input)
        return hmac.finalize().withUnsafeBytes { Array($0.prefix(macBytes)) }
    }
}

/// Comparison whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
