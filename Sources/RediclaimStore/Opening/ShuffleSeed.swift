import Crypto
import Foundation

/// The secret that decides a pre-queue cohort's order: 32 random bytes, drawn when the event is created
/// (MySQL first, never changed), published only as its commitment `SHA-256(seed)` until the open.
public struct ShuffleSeed: Sendable, Hashable {
    public let bytes: [UInt8]

    /// A fresh seed from the system's cryptographic random source.
    public static func random() -> ShuffleSeed {
        var generator = SystemRandomNumberGenerator()
        return ShuffleSeed(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// From its lowercase hex spelling (64 digits); nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    public var hex: String { Hex.encode(bytes) }

    /// `SHA-256(seed)` in lowercase hex: what the gate publishes before the window opens.
    public var commitment: String { Hex.encode(Array(SHA256.hash(data: bytes))) }
}

/// Lowercase hex, the one spelling of seeds, commitments and sort keys.
enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
