/// Redis Cluster's key-to-slot mapping: CRC16 (XMODEM) of the hash tag, or of the whole key, mod 16384.
public enum RedisClusterSlot {
    public static let count = 16_384

    /// The slot Redis Cluster would put `key` in.
    public static func slot(forKey key: String) -> Int {
        slot(forKey: Array(key.utf8))
    }

    /// The slot of a key given as bytes (keys are binary-safe).
    public static func slot(forKey key: [UInt8]) -> Int {
        slot(forKey: key[...])
    }

    static func slot(forKey key: ArraySlice<UInt8>) -> Int {
        Int(crc16(hashedPart(of: key)) % UInt16(count))
    }

    /// The bytes between the first `{` and the next `}` when that is non-empty, else the whole key.
    static func hashedPart(of key: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
            close > open + 1
        else { return key }
        return key[(open + 1)..<close]
    }

    /// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final xor.
    static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
