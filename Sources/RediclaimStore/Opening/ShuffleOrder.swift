import Crypto

/// The order a pre-queue cohort is placed in at the open, a pure function of the seed and the cohort so
/// anyone can recompute it (docs/fairness.md): users sorted by `HMAC-SHA256(key: seed, message: userId)`
/// as unsigned bytes, ascending (equal MACs, which do not happen in practice, by user id).
public enum ShuffleOrder {
    /// The sort key of one user: the MAC in lowercase hex (hex order is byte order).
    public static func key(seed: ShuffleSeed, userId: String) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: seed.bytes))
        mac.update(data: Array(userId.utf8))
        return Hex.encode(Array(mac.finalize()))
    }

    /// The cohort in its seeded order: position 1 first.
    public static func order(seed: ShuffleSeed, users: some Sequence<String>) -> [String] {
        let key = SymmetricKey(data: seed.bytes)
        return users.map { user -> (mac: [UInt8], user: String) in
            var mac = HMAC<SHA256>(key: key)
            mac.update(data: Array(user.utf8))
            return (Array(mac.finalize()), user)
        }
        .sorted { a, b in a.mac == b.mac ? a.user < b.user : a.mac.lexicographicallyPrecedes(b.mac) }
        .map(\.user)
    }
}
