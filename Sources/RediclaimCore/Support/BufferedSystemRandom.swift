#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's CSPRNG (`arc4random_buf`: kernel-seeded ChaCha20, glibc 2.36+ and Darwin)
/// read 4 KiB at a time. A coupon code takes 17 draws, and `SystemRandomNumberGenerator`'s
/// one system call per draw cost milliseconds per 500-row batch.
public struct BufferedSystemRandom: RandomNumberGenerator {
    private var buffer = [UInt64](repeating: 0, count: 512)
    private var position = 512

    public init() {}

    public mutating func next() -> UInt64 {
        if position == buffer.count {
            buffer.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}
