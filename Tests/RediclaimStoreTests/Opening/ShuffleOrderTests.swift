import RediclaimStore
import Testing

/// The order anyone can recompute: the worked example of docs/fairness.md, whose figures came from
/// `sha256sum` and `openssl dgst -sha256 -mac HMAC`, not from this code.
@Suite("The seeded order and the commitment (docs/fairness.md)")
struct ShuffleOrderTests {
    let seed = ShuffleSeed(hex: "5f1d0c3a9b7e24c8d6a1f0e3b2c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2")!

    @Test("the commitment is SHA-256 of the seed's 32 bytes")
    func commitment() {
        #expect(seed.commitment == "12b7019f30fe6cce51c0bbf24165780a37d54f448439c8b5a105bafdf3cb340a")
    }

    @Test("users sorted by HMAC-SHA256(seed, userId), ascending")
    func order() {
        #expect(ShuffleOrder.key(seed: seed, userId: "dave") == "29957cd2b69b0abdea6c37d8e6dd71e29cc02961f9e1c82c19ba90d6fcd5c08a")
        #expect(ShuffleOrder.order(seed: seed, users: ["alice", "bob", "carol", "dave", "erin"]) == ["dave", "bob", "alice", "carol", "erin"])
    }

    @Test("seeds are 64 lowercase hex digits; anything else is refused; fresh seeds differ")
    func spelling() {
        #expect(ShuffleSeed(hex: seed.hex) == seed)
        #expect(ShuffleSeed(hex: String(seed.hex.dropLast())) == nil)
        #expect(ShuffleSeed(hex: seed.hex.uppercased()) == nil)
        #expect(ShuffleSeed(hex: String(repeating: "g", count: 64)) == nil)
        #expect(ShuffleSeed.random() != ShuffleSeed.random())
    }
}
