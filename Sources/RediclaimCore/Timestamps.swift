import Foundation

/// The time formats Rediclaim shares: epoch milliseconds on the wire, ISO-8601 UTC in JSON/YAML/HTTP.
public enum Timestamps {
    private static let millisPerDay: Int64 = 86_400_000

    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest (clamped to Int64).
    public static func epochMillis(_ date: Date) -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        if let exact = Int64(exactly: millis) { return exact }
        return millis < 0 ? .min : .max
    }

    /// The date `millis` milliseconds after the epoch.
    public static func date(epochMillis millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// `2025-01-01T00:00:00Z`, with `.123` only when the date has a millisecond part.
    public static func iso8601(_ date: Date) -> String {
        let millis = epochMillis(date)
        let days = floorDiv(millis, millisPerDay)
        let inDay = millis - days * millisPerDay
        let civil = CivilDate(daysSinceEpoch: days)
        let seconds = inDay / 1000
        var text = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
        text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if inDay % 1000 != 0 { text += "." + pad(inDay % 1000, 3) }
        return text + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` strictly: real calendar dates only
    /// (no Feb 30, no leap second), years 0001-9999. Returns nil for anything else.
    public static func parseISO8601(_ text: String) -> Date? {
        var parser = ISO8601Parser(text)
        return parser.parse()
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A proleptic Gregorian calendar date, converted to and from days since 1970-01-01.
struct CivilDate: Hashable {
    var year: Int64
    var month: Int64
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Eras of 400 years (146,097 days) make the leap rules periodic; the year starts in March
    /// so the leap day falls at the end.
    init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = Timestamps.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = Timestamps.floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
