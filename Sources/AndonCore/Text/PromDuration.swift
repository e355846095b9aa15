import Foundation

/// Durations as Prometheus writes them (`30s`, `5m`, `1h30m`, `2d`, `1w`, `500ms`), and relative times built on
/// them (`-2h` for two hours ago).
public enum PromDuration {
    /// Seconds, or nil unless the whole text is one or more number-unit pairs.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800), ("y", 31_536_000),
        ]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 12, let count = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += count * scale
        }
        return total
    }

    /// Whole seconds as Prometheus writes them, in the largest unit that divides them: `5m`, `6h`, `3d`, `90s`.
    public static func text(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        for (unit, scale) in [("d", 86400), ("h", 3600), ("m", 60)] where whole > 0 && whole % scale == 0 {
            return "\(whole / scale)\(unit)"
        }
        return "\(whole)s"
    }

    /// The instant `text` names: RFC 3339 (`2026-11-29T03:00:00Z`), seconds since the epoch, `now`, or a
    /// duration ago (`-2h`, `-90m`, `-1d12h`). Nil for anything else.
    public static func instant(_ text: String, now: Double) -> Double? {
        let trimmed = text.trimmingBlanks()
        let time: Double?
        if trimmed == "now" {
            time = now
        } else if trimmed.hasPrefix("-"), let ago = seconds(String(trimmed.dropFirst())) {
            time = now - ago
        } else if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            time = Double(trimmed)
        } else {
            time = RFC3339.parse(trimmed)
        }
        guard let time, time.isFinite, time > 0 else { return nil }
        return time
    }

    /// The instant `text` given as `--name` names, no later than now; or why not, in words. `future` allows a
    /// minute ahead (a clock a little behind), which counts as now; otherwise a later time is now.
    public static func instant(_ text: String, option name: String, now: Double, future: Bool = false) -> Result<
        Double, Problem
    > {
        guard let time = instant(text, now: now) else {
            return .failure(
                Problem(
                    "--\(name) must be an RFC 3339 time\(future ? " (2026-11-29T03:00:00Z)" : ""), seconds since the "
                        + "epoch or a time ago such as \(future ? "-2h" : "-8h"), got '\(TextSanitizer.inert(text, limit: 40))'"
                ))
        }
        if future, time > now + 60 {
            return .failure(Problem("--\(name) \(TextSanitizer.inert(text, limit: 40)) is in the future"))
        }
        return .success(min(time, now))
    }

    /// The span `text` given as `--name` names (a duration longer than nothing, within `Span`'s range), or why
    /// not; `examples` says what a duration looks like.
    public static func span(_ text: String, option name: String, examples: String) -> Result<Double, Problem> {
        guard let seconds = seconds(text), seconds > 0 else {
            return .failure(Problem("--\(name) must be a duration such as \(examples)"))
        }
        if let problem = Span.problem(seconds) { return .failure(Problem("--\(name) \(problem)")) }
        return .success(seconds)
    }

    /// The window `--from` (else `before` seconds before its end) to `--to` (else now), or why not.
    public static func window(from: String?, to: String?, before: Double, now: Double) -> Result<
        (from: Double, to: Double), Problem
    > {
        Result { () throws(Problem) in
            var end = now
            if let to { end = try instant(to, option: "to", now: now).get() }
            var start = end - before
            if let from { start = try instant(from, option: "from", now: now).get() }
            guard start < end else { throw Problem("the window's start is not before its end") }
            return (start, end)
        }
    }

    /// A time or duration that cannot be used, in words a person can act on.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) { self.description = description }
    }
}
