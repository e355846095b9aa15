/// Times of day and days in a time zone given as an offset from UTC, as the board and the reports print them.
public enum TimeOfDay {
    /// A day in the board's time zone, for a chart's ticks over days: `Mon 30`.
    public static func day(_ time: Double, offset: Int) -> String {
        let days = Int(((time + Double(offset)) / 86400).rounded(.down))
        // 1970-01-01 was a Thursday.
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = names[((days % 7) + 7) % 7]
        // The day of the month, by the civil-from-days algorithm (Howard Hinnant's).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        return "\(weekday) \(doy - (153 * mp + 2) / 5 + 1)"
    }

    /// `2026-12-14 08:00`: the date and the minute of `time` shifted by `offset` seconds.
    public static func minute(_ time: Double, offset: Int) -> String {
        let stamp = RFC3339.format(time + Double(offset))
        return String(stamp.prefix(10)) + " " + String(stamp.dropFirst(11).prefix(5))
    }

    /// `HH:MM:SS` of `time` shifted by `offset` seconds (`HH:MM` without the seconds).
    public static func clock(_ time: Double, offset: Int, seconds showSeconds: Bool = true) -> String {
        let seconds = (Int(time.rounded(.down)) + offset) % 86400
        let s = seconds < 0 ? seconds + 86400 : seconds
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let minutes = "\(two(s / 3600)):\(two(s % 3600 / 60))"
        return showSeconds ? minutes + ":\(two(s % 60))" : minutes
    }
}
