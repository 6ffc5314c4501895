/// A five-field crontab expression (`minute hour day-of-month month day-of-week`, UTC), as
/// `aurora cron schedule` accepts: `*`, values, ranges, lists, `/step`, month and weekday names,
/// and the `@hourly`/`@daily`/`@weekly`/`@monthly`/`@yearly` shortcuts.
struct CronSchedule: Equatable {
    private let minutes: [Int]
    private let hours: [Int]
    private let daysOfMonth: Set<Int>
    private let months: Set<Int>
    private let daysOfWeek: Set<Int>
    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool

    /// Parses `expression`; nil when it is not a valid crontab entry.
    init?(_ expression: String) {
        let shortcuts = ["@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                         "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *"]
        var fields = expression.split(whereSeparator: \.isWhitespace)
        if fields.count == 1, let expanded = shortcuts[fields[0].lowercased()] {
            fields = expanded.split(separator: " ")
        }
        guard fields.count == 5 else { return nil }
        let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        guard let minutes = Self.parse(fields[0], 0...59, names: [], nameBase: 0),
              let hours = Self.parse(fields[1], 0...23, names: [], nameBase: 0),
              let daysOfMonth = Self.parse(fields[2], 1...31, names: [], nameBase: 1),
              let months = Self.parse(fields[3], 1...12, names: monthNames, nameBase: 1),
              let daysOfWeek = Self.parse(fields[4], 0...7, names: dayNames, nameBase: 0)
        else { return nil }
        self.minutes = minutes.sorted()
        self.hours = hours.sorted()
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = Set(daysOfWeek.map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*" && fields[2] != "?"
        dayOfWeekRestricted = fields[4] != "*" && fields[4] != "?"
    }

    /// The first run strictly after `milliseconds` (epoch ms, UTC), searching up to eight years ahead.
    func nextRun(after milliseconds: Int64) -> Int64? {
        let firstMinute = Self.floorDiv(milliseconds, 60_000) + 1
        var day = Self.floorDiv(firstMinute, 1440)
        for _ in 0..<(8 * 366) {
            if matches(day: day) {
                for hour in hours {
                    for minute in minutes {
                        let candidate = day * 1440 + Int64(hour * 60 + minute)
                        if candidate >= firstMinute { return candidate * 60_000 }
                    }
                }
            }
            day += 1
        }
        return nil
    }

    private func matches(day: Int64) -> Bool {
        let (_, month, dayOfMonth) = Self.civilDate(daysSinceEpoch: day)
        guard months.contains(month) else { return false }
        let weekday = Int(((day % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let domMatch = daysOfMonth.contains(dayOfMonth)
        let dowMatch = daysOfWeek.contains(weekday)
        if dayOfMonthRestricted && dayOfWeekRestricted { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    // MARK: - Parsing

    private static func parse(_ field: Substring, _ bounds: ClosedRange<Int>, names: [String], nameBase: Int) -> Set<Int>? {
        var values = Set<Int>()
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            var step = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), parsed > 0 else { return nil }
                step = parsed
            }
            let range: ClosedRange<Int>
            if parts[0] == "*" || parts[0] == "?" {
                range = bounds
            } else {
                let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2,
                      let low = value(ends[0], names: names, nameBase: nameBase),
                      let high = ends.count == 2 ? value(ends[1], names: names, nameBase: nameBase) : (parts.count == 2 ? bounds.upperBound : low),
                      low <= high, bounds.contains(low), bounds.contains(high)
                else { return nil }
                range = low...high
            }
            values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return values.isEmpty ? nil : values
    }

    private static func value(_ text: Substring, names: [String], nameBase: Int) -> Int? {
        if let number = Int(text) { return number }
        return names.firstIndex(of: text.uppercased()).map { $0 + nameBase }
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, UTC)

    private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Howard Hinnant's `civil_from_days`.
    private static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
