/// The catalogue of every configuration key, derived from `RediclaimConfiguration.settings`: name,
/// default (the property's initial value), whether it is a secret, and help.
public enum ConfigKeys {
    public static let all: [ConfigKey] = {
        let defaults = RediclaimConfiguration()
        return RediclaimConfiguration.settings.map { setting in
            ConfigKey(
                setting.name, default: setting.value(in: defaults), secret: setting.isSecret, help: setting.help,
                accepts: setting.accepts)
        }
    }()

    static let byName: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The key of that name, if it exists.
    public static func key(named name: String) -> ConfigKey? { byName[name] }
}
