import Foundation

/// A strict RFC 3339 timestamp reader over UTF-8 bytes (Foundation's parser accepts Feb 30).
struct ISO8601Parser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func parse() -> Date? {
        guard let year = number(4), literal("-"), let month = number(2), literal("-"), let day = number(2),
            literal("T") || literal("t"),
            let hour = number(2), literal(":"), let minute = number(2), literal(":"), let second = number(2)
        else { return nil }
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var fraction = 0.0
        if literal(".") {
            var scale = 0.1
            var count = 0
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                count += 1
                index += 1
            }
            guard (1...9).contains(count) else { return nil }
        }

        guard let offsetSeconds = zone(), index == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `Z` or `±HH:MM`, as seconds east of UTC.
    private mutating func zone() -> Int64? {
        if literal("Z") || literal("z") { return 0 }
        let sign: Int64
        if literal("+") {
            sign = 1
        } else if literal("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(2), literal(":"), let minutes = number(2), hours < 24, minutes < 60 else {
            return nil
        }
        return sign * (hours * 3600 + minutes * 60)
    }

    private mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + width] {
            guard let digit = digitValue(byte) else { return nil }
            value = value * 10 + digit
        }
        index += width
        return value
    }

    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    private func digitValue(_ byte: UInt8) -> Int64? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int64(byte - UInt8(ascii: "0")) : nil
    }
}
