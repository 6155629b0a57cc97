/// A configuration problem, with the key and where its value came from.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public let key: String?
    public let message: String

    public init(key: String?, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String {
        if let key { return "config \(key): \(message)" }
        return "config: \(message)"
    }
}
