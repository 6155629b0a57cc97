/// A value that can be one argument of a Redis command (written as the bytes Redis expects).
public protocol RedisArgumentConvertible: Sendable {
    /// Appends this argument's bytes (not RESP-framed) to `buffer`.
    func appendRedisArgument(to buffer: inout [UInt8])
}

extension String: RedisArgumentConvertible {
    public func appendRedisArgument(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Substring: RedisArgumentConvertible {
    public func appendRedisArgument(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Int: RedisArgumentConvertible {
    public func appendRedisArgument(to buffer: inout [UInt8]) { RedisCommand.appendDecimal(self, to: &buffer) }
}

extension Int64: RedisArgumentConvertible {
    public func appendRedisArgument(to buffer: inout [UInt8]) { RedisCommand.appendDecimal(Int(self), to: &buffer) }
}

extension UInt64: RedisArgumentConvertible {
    public func appendRedisArgument(to buffer: inout [UInt8]) { buffer.append(contentsOf: String(self).utf8) }
}

extension Double: RedisArgumentConvertible {
    /// Infinities use the spelling Redis accepts for scores (`+inf`, `-inf`).
    public func appendRedisArgument(to buffer: inout [UInt8]) {
        if isInfinite {
            buffer.append(contentsOf: (self < 0 ? "-inf" : "+inf").utf8)
        } else {
            buffer.append(contentsOf: String(self).utf8)
        }
    }
}

extension Array: RedisArgumentConvertible where Element == UInt8 {
    public func appendRedisArgument(to buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}

extension ArraySlice: RedisArgumentConvertible where Element == UInt8 {
    public func appendRedisArgument(to buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}
