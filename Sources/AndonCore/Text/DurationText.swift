/// Durations as on a wall: `45s`, `12m`, `3h12m`, `2d4h`.
public enum DurationText {
    public static func short(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 {
            let m = s % 3600 / 60
            return "\(s / 3600)h" + (m > 0 ? "\(m)m" : "")
        }
        let h = s % 86400 / 3600
        return "\(s / 86400)d" + (h > 0 ? "\(h)h" : "")
    }

    /// For how long something has been so, as a wall board shows it: minutes at most, so that it changes once
    /// a minute, not every second (less motion, fewer bytes on a slow link): `<1m`, `12m`, `3h12m`, `2d4h`.
    public static func coarse(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        return seconds < 60 ? "<1m" : short(seconds)
    }

    /// A span to the second: `45s`, `4m05s`, `1h02m03s`.
    public static func exact(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = max(0, Int(seconds.rounded()))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s / 3600)h\(two(s % 3600 / 60))m\(two(s % 60))s"
    }
}
