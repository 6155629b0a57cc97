extension ConfigValues {
    /// The effective settings as `key = value  # source`, secrets masked; for `--print-config`.
    public func rendered() -> String {
        var lines: [String] = []
        let width = ConfigKeys.all.map(\.name.count).max() ?? 0
        for key in ConfigKeys.all {
            let entry = entries[key.name]
            let shown: String
            if let entry {
                shown = key.isSecret ? Secret(entry.value).description : URLMasking.mask(entry.value)
            } else {
                shown = "(unset)"
            }
            let padded = key.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(padded) = \(shown)  # \(entry?.source.description ?? "unset"); \(key.environmentVariable)")
        }
        return lines.joined(separator: "\n")
    }
}
