import Crypto
import Foundation

/// What a valid ticket proves: this user was queued for this event with this sequence number at this time.
public struct TicketClaims: Sendable, Equatable {
    public var eventId: Int64
    public var userId: String
    public var seq: Int64
    public var issuedAt: Int64  // seconds since the epoch

    public init(eventId: Int64, userId: String, seq: Int64, issuedAt: Int64) {
        self.eventId = eventId
        self.userId = userId
        self.seq = seq
        self.issuedAt = issuedAt
    }
}

/// Signs and checks tickets: `v1.<keyId>.<seq>.<issuedAt>.<mac>`, the MAC an HMAC-SHA256 over
/// version, key id, event, user, seq and time, truncated to 128 bits, base64url.
/// Event and user are not in the ticket: `/rank` supplies them, so a ticket is useless for anyone else.
public struct TicketSigner: Sendable {
    let current: TicketKey
    let accepted: [String: TicketKey]

    /// `previous` keys still verify old tickets during a rotation; only `current` signs.
    public init(current: TicketKey, previous: [TicketKey] = []) {
        self.current = current
        var accepted: [String: TicketKey] = [:]
        for key in previous { accepted[key.id] = key }
        accepted[current.id] = current
        self.accepted = accepted
    }

    public func sign(_ claims: TicketClaims) -> String {
        let mac = Self.mac(claims, key: current)
        return "v1.\(current.id).\(claims.seq).\(claims.issuedAt).\(Base64URL.encode(mac))"
    }

    /// The claims of a ticket presented for `eventId` and `userId`, or why it is refused.
    public func verify(_ ticket: String, eventId: Int64, userId: String) throws(TicketError) -> TicketClaims {
        let parts = ticket.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", ticket.utf8.count <= 200,
            let seq = Int64(parts[2]), seq > 0,
            let issuedAt = Int64(parts[3]), issuedAt >= 0,
            let presented = Base64URL.decode(parts[4]), presented.count == Self.macBytes
        else { throw .malformed }
        guard let key = accepted[String(parts[1])] else { throw .unknownKey }
        let claims = TicketClaims(eventId: eventId, userId: userId, seq: seq, issuedAt: issuedAt)
        guard ConstantTime.equal(Self.mac(claims, key: key), presented) else { throw .wrongSignature }
        return claims
    }

    static let macBytes = 16

    static func mac(_ claims: TicketClaims, key: TicketKey) -> [UInt8] {
        let message = "v1|\(key.id)|\(claims.eventId)|\(claims.userId)|\(claims.seq)|\(claims.issuedAt)"
        var hmac = key.keyed
        hmac.update(data: Array(message.utf8))
        return Array(Array(hmac.finalize()).prefix(macBytes))
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
