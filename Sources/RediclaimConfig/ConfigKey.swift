/// One setting every executable understands: its dotted name, default and whether it is a secret.
public struct ConfigKey: Sendable, Hashable {
    public let name: String
    public let defaultValue: String?
    public let isSecret: Bool
    public let help: String
    /// What values it takes (`1...64`, `text`, `true|false`, ...).
    public let accepts: String

    public init(_ name: String, default defaultValue: String?, secret: Bool = false, help: String, accepts: String = "text") {
        self.name = name
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.help = help
        self.accepts = accepts
    }

    /// The environment variable that overrides this key: `gate.ticketSecret` -> `REDICLAIM_GATE_TICKET_SECRET`.
    public var environmentVariable: String { Self.environmentVariable(for: name) }

    static func environmentVariable(for name: String) -> String {
        var out = "REDICLAIM_"
        for ch in name {
            if ch == "." {
                out.append("_")
            } else if ch.isUppercase {
                out.append("_")
                out.append(ch)
            } else {
                out.append(Character(ch.uppercased()))
            }
        }
        return out
    }

    /// Secrets may also come from a file named by `<VARIABLE>_FILE` (Kubernetes Secret volumes).
    public var fileVariable: String? { isSecret ? environmentVariable + "_FILE" : nil }
}
