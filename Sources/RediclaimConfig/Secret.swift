/// A secret value that never prints itself: logs and `--print-config` show it masked.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { value.isEmpty ? "(empty)" : "****" }
    public var debugDescription: String { description }
}
