import Foundation

/// The resolved settings: one string per key with its source, read through typed accessors.
public struct ConfigValues: Sendable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var source: ConfigSource
    }

    public private(set) var entries: [String: Entry] = [:]

    /// No values at all (not even defaults).
    public static let empty = ConfigValues(entries: [:])

    private init(entries: [String: Entry]) { self.entries = entries }

    /// Starts from the catalogue's defaults.
    public init() {
        for key in ConfigKeys.all {
            if let value = key.defaultValue { entries[key.name] = Entry(value: value, source: .defaultValue) }
        }
    }

    /// Sets a known key; an unknown one is an error (it would be a silent typo otherwise).
    public mutating func set(_ name: String, _ value: String, from source: ConfigSource) throws {
        guard ConfigKeys.key(named: name) != nil else {
            throw ConfigError(key: name, "unknown key (from \(source)); see --print-config for the list")
        }
        entries[name] = Entry(value: value, source: source)
    }

    public func source(_ name: String) -> ConfigSource { entries[name]?.source ?? .defaultValue }
}
