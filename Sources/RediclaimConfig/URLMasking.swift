/// Hides a password written inside a URL (`redis://:secret@host`, `mysql://user:secret@host`), for
/// `--print-config`, `rediclaimctl config` and every log line.
public enum URLMasking {
    public static func mask(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        // The userinfo ends at the last '@' before the path: passwords may contain '@' themselves.
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return text }
        let user = userinfo[..<colon]
        return String(text[..<scheme.upperBound]) + user + ":****" + String(rest[at...])
    }
}

extension RediclaimConfiguration.Redis {
    /// The URL with any password masked, for logs.
    public var displayURL: String { URLMasking.mask(url) }
}

extension RediclaimConfiguration.MySQL {
    /// The URL with any password masked, for logs.
    public var displayURL: String { URLMasking.mask(url) }
}
