/// One key of the configuration: its dotted name, its help, and how a text value (from a file, the
/// environment or a flag) is checked and written into its property.
public struct Setting: Sendable {
    public typealias Root = RediclaimConfiguration

    public let name: String
    public let help: String
    public let isSecret: Bool
    /// What it takes, for the docs: `1...64`, `none|gzip`, `true|false`, `text`.
    public let accepts: String
    let write: @Sendable (inout Root, String, ConfigSource) throws -> Void
    let read: @Sendable (Root) -> String?

    /// Writes `text`, or throws a `ConfigError` naming the key, the value's problem and its source.
    func apply(_ config: inout Root, _ text: String, _ source: ConfigSource) throws {
        try write(&config, text, source)
    }

    /// The property's value as text (on a fresh configuration: the default); nil when unset.
    public func value(in config: Root) -> String? { read(config) }

    public static func int(
        _ name: String, _ path: WritableKeyPath<Root, Int> & Sendable, _ range: ClosedRange<Int>, _ help: String
    ) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: "\(range.lowerBound)...\(range.upperBound)",
            write: { config, text, source in
                let trimmed = text.trimmingWhitespace
                guard !trimmed.isEmpty else { throw required(name) }
                guard let value = Int(trimmed) else {
                    throw ConfigError(key: name, "'\(text)' is not an integer (from \(source))")
                }
                guard range.contains(value) else {
                    throw ConfigError(key: name, "\(value) is outside \(range.lowerBound)...\(range.upperBound) (from \(source))")
                }
                config[keyPath: path] = value
            },
            read: { String($0[keyPath: path]) })
    }

    /// A text that must not be empty.
    public static func string(_ name: String, _ path: WritableKeyPath<Root, String> & Sendable, _ help: String) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: "text",
            write: { config, text, _ in
                guard !text.isEmpty else { throw required(name) }
                config[keyPath: path] = text
            },
            read: { $0[keyPath: path] })
    }

    /// A text that may be empty (empty: the feature is off or the check is skipped).
    public static func optionalString(_ name: String, _ path: WritableKeyPath<Root, String> & Sendable, _ help: String) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: "text",
            write: { config, text, _ in config[keyPath: path] = text.trimmingWhitespace },
            read: { $0[keyPath: path].isEmpty ? nil : $0[keyPath: path] })
    }

    /// A secret (masked everywhere it is shown); it may also come from `<VARIABLE>_FILE`.
    public static func secret(_ name: String, _ path: WritableKeyPath<Root, Secret?> & Sendable, _ help: String) -> Setting {
        Setting(
            name: name, help: help, isSecret: true, accepts: "secret",
            write: { config, text, _ in config[keyPath: path] = Secret(text) },
            read: { $0[keyPath: path]?.value })
    }

    /// One of a fixed set of words (case-insensitive, stored lower-case).
    public static func choice(
        _ name: String, _ path: WritableKeyPath<Root, String> & Sendable, _ allowed: [String], _ help: String
    ) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: allowed.joined(separator: "|"),
            write: { config, text, source in
                let value = text.trimmingWhitespace.lowercased()
                guard !value.isEmpty else { throw required(name) }
                guard allowed.contains(value) else {
                    throw ConfigError(key: name, "'\(value)' is not one of \(allowed.joined(separator: "|")) (from \(source))")
                }
                config[keyPath: path] = value
            },
            read: { $0[keyPath: path] })
    }

    public static func bool(_ name: String, _ path: WritableKeyPath<Root, Bool> & Sendable, _ help: String) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: "true|false",
            write: { config, text, source in
                switch text.trimmingWhitespace.lowercased() {
                case "true", "yes", "on", "1": config[keyPath: path] = true
                case "false", "no", "off", "0": config[keyPath: path] = false
                default: throw ConfigError(key: name, "'\(text)' is not true or false (from \(source))")
                }
            },
            read: { String($0[keyPath: path]) })
    }

    /// A comma-separated list (empty entries dropped); empty means none.
    public static func list(_ name: String, _ path: WritableKeyPath<Root, [String]> & Sendable, _ help: String) -> Setting {
        Setting(
            name: name, help: help, isSecret: false, accepts: "a,b,...",
            write: { config, text, _ in
                config[keyPath: path] = text.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
            },
            read: { values in values[keyPath: path].isEmpty ? nil : values[keyPath: path].joined(separator: ",") })
    }

    static func required(_ name: String) -> ConfigError {
        let variable = ConfigKey.environmentVariable(for: name)
        return ConfigError(key: name, "is required (set it in the config file or \(variable))")
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
