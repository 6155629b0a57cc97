import Testing

@testable import RediclaimGate

@Suite("Tickets")
struct TicketSignerTests {
    let key = try! TicketKey(id: "k1", secret: String(repeating: "a", count: 32))
    let otherKey = try! TicketKey(id: "k2", secret: String(repeating: "b", count: 32))
    let claims = TicketClaims(eventId: 1001, userId: "u-42", seq: 17, issuedAt: 1_795_000_000)

    @Test("a signed ticket verifies for its own event and user, giving back the claims")
    func roundTrip() throws {
        let signer = TicketSigner(current: key)
        let ticket = signer.sign(claims)
        #expect(ticket.hasPrefix("v1.k1.17.1795000000."))
        #expect(try signer.verify(ticket, eventId: 1001, userId: "u-42") == claims)
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
        #expect(throws: TicketError.wrongSignature) { try signer.verify(ticket, eventId: 1001, userId: "u-43") }
        #expect(throws: TicketError.wrongSignature) { try signer.verify(ticket, eventId: 1002, userId: "u-42") }
    }

    @Test("a forged ticket (changed seq, time or MAC) is refused", arguments: [
        "v1.k1.1.1795000000.", "v1.k1.17.1795000001.", "v1.k1.17.1795000000.AAAAAAAAAAAAAAAAAAAAAA",
    ])
    func forged(prefix: String) {
        let signer = TicketSigner(current: key)
        let genuine = signer.sign(claims)
        let mac = genuine.split(separator: ".").last!
        let forged = prefix.hasSuffix(".") ? prefix + mac : prefix
        #expect(throws: TicketError.self) { try signer.verify(forged, eventId: 1001, userId: "u-42") }
    }

    @Test("malformed tickets are refused as malformed", arguments: [
        "", "garbage", "v2.k1.17.1.AAAAAAAAAAAAAAAAAAAAAA", "v1.k1.x.1.AAAAAAAAAAAAAAAAAAAAAA",
        "v1.k1.17.1.AAAA", "v1.k1.17.1.!!!!!!!!!!!!!!!!!!!!!!", "v1.k1.0.1.AAAAAAAAAAAAAAAAAAAAAA",
        "v1.k1.17.1.AAAAAAAAAAAAAAAAAAAAAA.extra",
    ])
    func malformed(ticket: String) {
        let signer = TicketSigner(current: key)
        #expect(throws: TicketError.malformed) { try signer.verify(ticket, eventId: 1001, userId: "u-42") }
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
        #expect(throws: TicketError.self) { try signer.verify(variant, eventId: 1001, userId: "u-42") }
    }

    @Test("rotation: tickets of a previous key verify; unknown key ids are refused")
    func rotation() throws {
        let old = TicketSigner(current: otherKey)
        let oldTicket = old.sign(claims)
        let rotated = TicketSigner(current: key, previous: [otherKey])
        #expect(try rotated.verify(oldTicket, eventId: 1001, userId: "u-42") == claims)
        #expect(rotated.sign(claims).hasPrefix("v1.k1."))
        let withoutOld = TicketSigner(current: key)
        #expect(throws: TicketError.unknownKey) { try withoutOld.verify(oldTicket, eventId: 1001, userId: "u-42") }
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
