extension ConfigKeys {
    /// Every key as a Markdown table (built-in defaults, not the effective values): the README's
    /// configuration reference is this text, written by `scripts/config-docs.sh`.
    public static func markdownTable() -> String {
        var lines = ["| key | environment variable | default | takes | what it is |", "| --- | --- | --- | --- | --- |"]
        for key in all {
            let shown = key.isSecret ? "unset (a secret)" : (key.defaultValue.map { "`\($0)`" } ?? "unset")
            let variable = "`\(key.environmentVariable)`" + (key.fileVariable.map { " (or `\($0)`)" } ?? "")
            let help = key.help.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(key.name)` | \(variable) | \(shown) | \(key.accepts.replacingOccurrences(of: "|", with: "\\|")) | \(help) |")
        }
        return lines.joined(separator: "\n")
    }
}
