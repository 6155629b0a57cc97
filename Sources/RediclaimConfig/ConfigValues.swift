import Foundation

/// The resolved settings: one string per key with its source, read through typed accessors.
public struct ConfigValues: Sendable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var source: ConfigSource
    }

    public private(set) var entries: [String: Entry] = [:]

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

    public func string(_ name: String) -> String? { entries[name]?.value }

    public func requiredString(_ name: String) throws -> String {
        guard let value = string(name), !value.isEmpty else {
            let variable = ConfigKeys.key(named: name)?.environmentVariable ?? name
            throw ConfigError(key: name, "is required (set it in the config file or \(variable))")
        }
        return value
    }

    public func int(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        let raw = try requiredString(name)
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigError(key: name, "'\(raw)' is not an integer (from \(source(name)))")
        }
        guard range.contains(value) else {
            throw ConfigError(key: name, "\(value) is outside \(range.lowerBound)...\(range.upperBound) (from \(source(name)))")
        }
        return value
    }

    public func oneOf(_ name: String, _ allowed: [String]) throws -> String {
        let raw = try requiredString(name).lowercased()
        guard allowed.contains(raw) else {
            throw ConfigError(key: name, "'\(raw)' is not one of \(allowed.joined(separator: "|")) (from \(source(name)))")
        }
        return raw
    }

    public func secret(_ name: String) -> Secret? { string(name).map(Secret.init) }

    public func source(_ name: String) -> ConfigSource { entries[name]?.source ?? .defaultValue }
}
