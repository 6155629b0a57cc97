import Crypto
import Foundation

/// One HMAC key with its id; the id travels in the ticket so keys can rotate.
public struct TicketKey: Sendable {
    public let id: String
    /// HMAC keyed once: copying this state is cheaper than keying a new one per ticket.
    let keyed: HMAC<SHA256>

    /// Shorter secrets make tickets guessable by brute force.
    public static let minimumSecretBytes = 32

    public init(id: String, secret: String) throws(TicketError) {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw TicketError.badKey("ticket key id '\(id)' must be letters, digits, '-' or '_'")
        }
        guard secret.utf8.count >= Self.minimumSecretBytes else {
            throw TicketError.badKey("ticket secret for key '\(id)' must be at least \(Self.minimumSecretBytes) bytes")
        }
        self.id = id
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
    }
}

/// Why a ticket key or ticket was refused.
public enum TicketError: Error, Sendable, Equatable {
    case badKey(String)
    case malformed
    case unknownKey
    case wrongSignature
    /// Signed by us, but past its `expiresAt`: the client should enqueue again for a fresh one.
    case expired
}
