import Foundation

/// Pearson's chi-square test of independence on a contingency table, with its p-value from the
/// regularized upper incomplete gamma function (series below a + 1, Lentz's continued fraction above).
enum ChiSquare {
    /// The statistic and its degrees of freedom.
    static func statistic(_ table: [[Double]]) -> (chi2: Double, df: Int) {
        let rows = table.map { $0.reduce(0, +) }
        let columns = (0..<table[0].count).map { j in table.reduce(0) { $0 + $1[j] } }
        let total = rows.reduce(0, +)
        var chi2 = 0.0
        for i in table.indices {
            for j in table[i].indices {
                let expected = rows[i] * columns[j] / total
                chi2 += (table[i][j] - expected) * (table[i][j] - expected) / expected
            }
        }
        return (chi2, (table.count - 1) * (table[0].count - 1))
    }

    /// P(X >= chi2) for X chi-square with `df` degrees of freedom.
    static func pValue(_ chi2: Double, df: Int) -> Double { upperGamma(Double(df) / 2, chi2 / 2) }

    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return 1 - sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logPrefix) * h
    }
}
