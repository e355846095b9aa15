/// The one range every span of time a person gives andon falls in: a timeout, a refresh, a dwell, how long to
/// acknowledge for, a report's window. Beyond it a span is no longer a time anyone means, and its conversion to
/// whole milliseconds or nanoseconds (curl's timeouts, the clock's sleeps) would not fit an integer: a timeout of
/// `1e17` seconds once stopped the process.
public enum Span {
    /// One millisecond.
    public static let shortest = 0.001
    /// Ten years.
    public static let longest = 315_360_000.0
    /// The shortest refresh: a board that asks more often than this only adds load, and shows nothing newer.
    public static let shortestRefresh = 0.5

    /// Nil when `seconds` is a span andon can hold (from `least` to ten years), else why not.
    public static func problem(_ seconds: Double, least: Double = shortest) -> String? {
        guard seconds.isFinite, seconds >= least, seconds <= longest else {
            return "must be from \(text(least)) to 10 years (\(Int(longest)) seconds), got \(number(seconds))"
        }
        return nil
    }

    /// `0.5 s`, `1 ms`.
    static func text(_ seconds: Double) -> String {
        seconds < 1 && (seconds * 1000).rounded() == seconds * 1000
            ? "\(Int(seconds * 1000)) ms" : "\(number(seconds)) s"
    }

    /// A number as written back to its author: `900`, `0.5`, `1e+17`.
    static func number(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
