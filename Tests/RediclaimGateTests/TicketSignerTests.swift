import Foundation
import Testing

@testable import RediclaimGate

@Suite("Tickets (no servers)")
struct TicketSignerTests {
    let key = try! TicketKey(id: "k1", secret: String(repeating: "a", count: 32))
    let otherKey = try! TicketKey(id: "k2", secret: String(repeating: "b", count: 32))
    let claims = TicketClaims(eventId: 1001, userId: "u-42", seq: 17, issuedAt: 1_795_000_000, expiresAt: 1_795_007_200)
    let now: Int64 = 1_795_000_100

    @Test("a signed ticket verifies for its own event and user, giving back the claims")
    func roundTrip() throws {
        let signer = TicketSigner(current: key)
        let ticket = signer.sign(claims)
        #expect(ticket.hasPrefix("v2.k1.17.1795000000.1795007200."))
        #expect(try signer.verify(ticket, eventId: 1001, userId: "u-42", now: now) == claims)
    }

    @Test("the MAC matches an independent HMAC-SHA256 of the length-prefixed fields (Python's hmac), so tickets survive an upgrade")
    func knownAnswers() {
        let signer = TicketSigner(current: key)
        #expect(signer.sign(claims) == "v2.k1.17.1795000000.1795007200.ApzlQxnXxKYfDIJiDEGg8Q")
        let unicode = TicketClaims(eventId: 1001, userId: "사용자-ü", seq: 0, issuedAt: 1_795_000_000, expiresAt: 1_795_007_200)
        #expect(signer.sign(unicode) == "v2.k1.0.1795000000.1795007200.xoeVscl5EFS2unkdYO2sng")
    }

    @Test("signing is deterministic: the same claims give the same ticket")
    func deterministic() {
        let signer = TicketSigner(current: key)
        #expect(signer.sign(claims) == signer.sign(claims))
    }

    @Test("another user's or another event's ticket is refused")
    func foreign() {
        let signer = TicketSigner(current: key)
        let ticket = signer.sign(claims)
        #expect(throws: TicketError.wrongSignature) { try signer.verify(ticket, eventId: 1001, userId: "u-43", now: now) }
        #expect(throws: TicketError.wrongSignature) { try signer.verify(ticket, eventId: 1002, userId: "u-42", now: now) }
    }

    @Test("a forged ticket (changed seq, time, expiry or MAC) is refused", arguments: [
        "v2.k1.1.1795000000.1795007200.", "v2.k1.17.1795000001.1795007200.", "v2.k1.17.1795000000.1899999999.",
        "v2.k1.17.1795000000.1795007200.AAAAAAAAAAAAAAAAAAAAAA",
    ])
    func forged(prefix: String) {
        let signer = TicketSigner(current: key)
        let genuine = signer.sign(claims)
        let mac = genuine.split(separator: ".").last!
        let forged = prefix.hasSuffix(".") ? prefix + mac : prefix
        #expect(throws: TicketError.wrongSignature) { try signer.verify(forged, eventId: 1001, userId: "u-42", now: now) }
    }

    @Test("an expired ticket says so, but only when its MAC is good")
    func expiry() {
        let signer = TicketSigner(current: key)
        let ticket = signer.sign(claims)
        #expect(throws: TicketError.expired) { try signer.verify(ticket, eventId: 1001, userId: "u-42", now: claims.expiresAt) }
        // The same expired ticket for someone else is just wrong: expiry reveals nothing to a forger.
        #expect(throws: TicketError.wrongSignature) { try signer.verify(ticket, eventId: 1001, userId: "u-43", now: claims.expiresAt) }
    }

    @Test("non-canonical numbers and malformed tickets are refused as malformed", arguments: [
        "", "garbage", "v1.k1.17.1795000000.AAAAAAAAAAAAAAAAAAAAAA", "v2.k1.x.1.2.AAAAAAAAAAAAAAAAAAAAAA",
        "v2.k1.17.1.2.AAAA", "v2.k1.17.1.2.!!!!!!!!!!!!!!!!!!!!!!", "v2.k1.-1.1.2.AAAAAAAAAAAAAAAAAAAAAA",
        "v2.k1.17.1.2.AAAAAAAAAAAAAAAAAAAAAA.extra", "v2.k1.017.1.2.AAAAAAAAAAAAAAAAAAAAAA", "v2.k1.+17.1.2.AAAAAAAAAAAAAAAAAAAAAA",
        "v2.k1.17.-1.2.AAAAAAAAAAAAAAAAAAAAAA", "v2.k1.17.1.02.AAAAAAAAAAAAAAAAAAAAAA", "v2.k1.17. 1.2.AAAAAAAAAAAAAAAAAAAAAA",
        "v2.k1.1234567890123456789.1.2.AAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformed(ticket: String) {
        let signer = TicketSigner(current: key)
        #expect(throws: TicketError.malformed) { try signer.verify(ticket, eventId: 1001, userId: "u-42", now: now) }
    }

    @Test("sequence number 0 (a pre-queue ticket) signs and verifies like any other")
    func preQueueTicket() throws {
        let signer = TicketSigner(current: key)
        var zero = claims
        zero.seq = 0
        #expect(try signer.verify(signer.sign(zero), eventId: 1001, userId: "u-42", now: now) == zero)
    }

    @Test("a non-canonical spelling of a genuine ticket's numbers is refused")
    func leadingZeros() {
        let signer = TicketSigner(current: key)
        let genuine = signer.sign(claims)
        let padded = genuine.replacingOccurrences(of: "v2.k1.17.", with: "v2.k1.017.")
        #expect(throws: TicketError.malformed) { try signer.verify(padded, eventId: 1001, userId: "u-42", now: now) }
    }

    @Test("the MAC input is length-prefixed: user and event ids cannot slide into each other")
    func unambiguous() {
        let a = TicketClaims(eventId: 1, userId: "23", seq: 4, issuedAt: 5, expiresAt: 6)
        let b = TicketClaims(eventId: 12, userId: "3", seq: 4, issuedAt: 5, expiresAt: 6)
        #expect(TicketSigner.mac(a, key: key) != TicketSigner.mac(b, key: key))
    }

    @Test("a MAC spelled differently in base64 (unused low bits changed) is refused")
    func canonicalEncoding() throws {
        let signer = TicketSigner(current: key)
        let ticket = signer.sign(claims)
        var variant = ticket
        let last = variant.removeLast()
        // 16 bytes in 22 base64 characters: the last one carries 4 unused bits.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: last)!
        variant.append(alphabet[index ^ 1])
        #expect(throws: TicketError.self) { try signer.verify(variant, eventId: 1001, userId: "u-42", now: now) }
    }

    @Test("rotation: tickets of a previous key verify until gate.ticketPreviousKeysUntil; unknown key ids are refused")
    func rotation() throws {
        let old = TicketSigner(current: otherKey)
        let oldTicket = old.sign(claims)
        let rotated = TicketSigner(current: key, previous: [otherKey])
        #expect(try rotated.verify(oldTicket, eventId: 1001, userId: "u-42", now: now) == claims)
        #expect(rotated.sign(claims).hasPrefix("v2.k1."))
        let retiring = TicketSigner(current: key, previous: [otherKey], previousUntil: Date(timeIntervalSince1970: TimeInterval(now + 10)))
        #expect(try retiring.verify(oldTicket, eventId: 1001, userId: "u-42", now: now) == claims)
        #expect(throws: TicketError.unknownKey) { try retiring.verify(oldTicket, eventId: 1001, userId: "u-42", now: now + 10) }
        let withoutOld = TicketSigner(current: key)
        #expect(throws: TicketError.unknownKey) { try withoutOld.verify(oldTicket, eventId: 1001, userId: "u-42", now: now) }
    }

    @Test("ticket windows: the same window gives the same expiry, a later one renews it, never past close + grace")
    func policy() {
        let policy = TicketPolicy(ttl: 100, grace: 10)
        #expect(policy.expiresAt(issuedAt: 1_000, now: 1_000, closeAtSeconds: 10_000) == 1_100)
        #expect(policy.expiresAt(issuedAt: 1_000, now: 1_099, closeAtSeconds: 10_000) == 1_100)
        #expect(policy.expiresAt(issuedAt: 1_000, now: 1_100, closeAtSeconds: 10_000) == 1_200)
        #expect(policy.expiresAt(issuedAt: 1_000, now: 1_250, closeAtSeconds: 1_200) == 1_210)
    }

    @Test("short secrets and odd key ids are refused at start-up")
    func badKeys() {
        #expect(throws: TicketError.self) { try TicketKey(id: "k1", secret: "short") }
        #expect(throws: TicketError.self) { try TicketKey(id: "k.1", secret: String(repeating: "a", count: 32)) }
    }

    @Test("constant-time comparison agrees with ==")
    func constantTime() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }
}

@Suite("base64url")
struct Base64URLTests {
    @Test("round-trips every length and matches RFC 4648 vectors", arguments: 0..<40)
    func roundTrip(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(text[...]) == bytes)
    }

    @Test("RFC 4648 test vectors (unpadded)")
    func vectors() {
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        }
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
    }

    @Test("non-canonical and invalid spellings are refused")
    func refuses() {
        #expect(Base64URL.decode("Zh"[...]) == nil, "Zg with a set unused bit")
        #expect(Base64URL.decode("Z"[...]) == nil)
        #expect(Base64URL.decode("Zm9v="[...]) == nil)
        #expect(Base64URL.decode("Zm+v"[...]) == nil)
    }
}
