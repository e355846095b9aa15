/// `andon oncall`: who is on call at an instant and who is next, as text or one JSON object.
public struct OnCallReport: Sendable {
    public var at: Double
    public var now: OnCallSchedule.Shift?
    public var next: OnCallSchedule.Shift?

    public init(at: Double, schedule: OnCallSchedule) {
        self.at = at
        (now, next) = schedule.at(at)
    }

    /// Two lines: who is on call (since, until) and who is next (from); names made inert.
    public func text(offset: (Double) -> Int, zone: String) -> String {
        func when(_ time: Double) -> String { TimeOfDay.minute(time, offset: offset(time)) }
        var out: String
        if let now {
            out =
                "on call: \(TextSanitizer.inert(now.person, limit: 60)), since \(when(now.start)) until \(when(now.end))"
        } else {
            out = "on call: nobody at \(when(at))"
        }
        out += " (\(zone))\n"
        if let next {
            out += "next:    \(TextSanitizer.inert(next.person, limit: 60)), from \(when(next.start)) (\(zone))\n"
        }
        return out
    }

    /// `{at, now: {person, start, end} | null, next: ... | null}`, times in RFC 3339.
    public func json() -> JSONValue {
        func shift(_ shift: OnCallSchedule.Shift?) -> JSONValue {
            guard let shift else { return .null }
            return .object([
                ("person", .string(shift.person)), ("start", .string(RFC3339.format(shift.start))),
                ("end", .string(RFC3339.format(shift.end))),
            ])
        }
        return .object([("at", .string(RFC3339.format(at))), ("now", shift(now)), ("next", shift(next))])
    }
}
