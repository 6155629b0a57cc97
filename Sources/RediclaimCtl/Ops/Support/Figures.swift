import Foundation

/// Numbers as an operator reads them: `120,000`, `498.7`, `2m 05s`, `3.2s ago`.
enum Figures {
    static func count<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 100 ? count(Int64(perSecond.rounded())) : String(format: "%.1f", perSecond)
    }

    /// `850ms`, `12.5s`, `2m 05s`, `3h 20m`.
    static func duration(_ seconds: Double) -> String {
        if seconds <= 0 { return "0s" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3_600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3_600, s % 3_600 / 60)
    }

    /// A `Duration` in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
