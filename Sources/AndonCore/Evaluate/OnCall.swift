/// A board's on-call schedule as it was read, or why it could not be: a schedule that cannot be read is said,
/// never shown as nobody.
public enum OnCallLoad: Sendable {
    case schedule(OnCallSchedule)
    case problem(String)

    /// Who is on call at `time` and who is next, in words: `ana, then bo at 2026-12-14 08:00`; `?` and the reason
    /// when the schedule cannot be read.
    public func text(at time: Double, offset: (Double) -> Int) -> String {
        switch self {
        case .problem(let reason): return "? (" + reason + ")"
        case .schedule(let schedule):
            let (now, next) = schedule.at(time)
            var text = now.map { TextSanitizer.inert($0.person, limit: 40) } ?? "nobody"
            if let next {
                text +=
                    ", then " + TextSanitizer.inert(next.person, limit: 40) + " at "
                    + TimeOfDay.minute(next.start, offset: offset(next.start))
            }
            return text
        }
    }
}

/// Who is on call: from the events of an iCalendar schedule (as calendars export rotations), or from a rotation
/// written in the configuration. Pure: the time zones' offsets come from outside (`Offsets`), so that a test can
/// hold the clock and the zone rules still.
public struct OnCallSchedule: Sendable {
    /// A turn on call.
    public struct Shift: Sendable, Equatable {
        public var person: String
        public var start: Double
        public var end: Double

        public init(person: String, start: Double, end: Double) {
            self.person = person
            self.start = start
            self.end = end
        }
    }

    /// `rotation: [ana, bo, cy], every: 1w, from: 2026-12-07T08:00:00Z`: each in turn for `every` seconds.
    public struct Rotation: Sendable, Equatable {
        public var people: [String]
        public var every: Double
        public var from: Double

        public init(people: [String], every: Double, from: Double) {
            self.people = people
            self.every = every
            self.from = from
        }
    }

    /// A zone's offset from UTC, in seconds east, at a UTC instant; nil names the board's own zone (a floating
    /// time, or a whole day).
    public typealias Offsets = @Sendable (_ zone: String?, _ utc: Double) -> Int

    enum Source: Sendable {
        case calendar([ICalendar.VEvent])
        case rotation(Rotation)
    }

    let source: Source
    let offsets: Offsets

    public init(events: [ICalendar.VEvent], offsets: @escaping Offsets) {
        source = .calendar(events)
        self.offsets = offsets
    }

    public init(rotation: Rotation) {
        source = .rotation(rotation)
        offsets = { _, _ in 0 }
    }

    /// How far ahead the next person is looked for.
    public static let horizon = 45.0 * 86400
    /// The most occurrences of one event looked at around an instant: bounded whatever the rule.
    static let occurrencesLooked = 400

    /// Who is on call at `time` (the shift that started last among those covering it) and who takes over next (the
    /// first shift of someone else that starts after it, within `horizon`).
    public func at(_ time: Double) -> (now: Shift?, next: Shift?) {
        switch source {
        case .rotation(let rotation):
            guard !rotation.people.isEmpty, rotation.every > 0 else { return (nil, nil) }
            let index = Int64(((time - rotation.from) / rotation.every).rounded(.down))
            let count = Int64(rotation.people.count)
            func shift(_ turn: Int64) -> Shift {
                let start = rotation.from + Double(turn) * rotation.every
                return Shift(
                    person: rotation.people[Int(((turn % count) + count) % count)], start: start,
                    end: start + rotation.every)
            }
            let now = shift(index)
            var turn = index + 1
            while turn - index <= count, shift(turn).person == now.person { turn += 1 }
            return (now, shift(turn).person == now.person ? nil : shift(turn))
        case .calendar(let events):
            var now: Shift?
            var upcoming: [Shift] = []
            for event in events {
                for shift in occurrences(event, around: time) {
                    if shift.start <= time && time < shift.end {
                        if now == nil || shift.start > now!.start { now = shift }
                    } else if shift.start > time && shift.start <= time + Self.horizon {
                        upcoming.append(shift)
                    }
                }
            }
            let next = upcoming.filter { $0.person != now?.person }.min { $0.start < $1.start }
            return (now, next)
        }
    }

    /// The UTC instant of a civil time in its zone: the offset is asked at the instant itself (twice, so that a
    /// time on the other side of a change gets that side's offset).
    func utc(_ civil: Int64, _ zone: ICalendar.Time.Zone) -> Double {
        let name: String?
        switch zone {
        case .utc: return Double(civil)
        case .named(let id): name = id
        case .floating: name = nil
        }
        let guess = Double(civil) - Double(offsets(name, Double(civil)))
        return Double(civil) - Double(offsets(name, guess))
    }

    /// The occurrences of `event` that may cover `time` or start within the horizon after it.
    func occurrences(_ event: ICalendar.VEvent, around time: Double) -> [Shift] {
        let zone = event.start.allDay ? .floating : event.start.zone
        func shift(_ civil: Int64) -> Shift {
            Shift(person: event.summary, start: utc(civil, zone), end: utc(civil + event.length, zone))
        }
        guard let rule = event.rule else { return [shift(event.start.civil)] }
        let until = rule.until.map { utc($0.civil, $0.allDay ? .floating : $0.zone) }
        // Civil seconds about the instant looked at (a day either side covers any offset).
        let low = Int64(time) - event.length - 86400
        let high = Int64(time + Self.horizon) + 86400
        let start = event.start.civil
        let timeOfDay = ((start % 86400) + 86400) % 86400
        let startDay = (start - timeOfDay) / 86400
        var out: [Shift] = []
        // Each period (a day, or a week from Monday) and the occurrences in it, in order, counted for COUNT.
        let period: Int64 = rule.frequency == .daily ? Int64(rule.interval) : Int64(rule.interval) * 7
        let firstPeriodDay: Int64
        let days: [Int64]
        switch rule.frequency {
        case .daily:
            firstPeriodDay = startDay
            days = [0]
        case .weekly:
            // Weeks begin on Monday (RFC 5545's default WKST).
            firstPeriodDay = startDay - Int64((Civil.weekday(days: startDay) + 6) % 7)
            let chosen = rule.days.isEmpty ? [Civil.weekday(days: startDay)] : rule.days
            days = chosen.map { Int64(($0 + 6) % 7) }.sorted()
        }
        let perPeriod = Int64(days.count)
        let inFirst = Int64(days.filter { firstPeriodDay + $0 >= startDay }.count)
        // Skip the periods wholly before `low`.
        var index = max(0, (low / 86400 - firstPeriodDay) / period - 1)
        var counted = index == 0 ? 0 : inFirst + (index - 1) * perPeriod
        var looked = 0
        while looked < Self.occurrencesLooked {
            for offset in days {
                let day = firstPeriodDay + index * period + offset
                guard day >= startDay else { continue }
                let civil = day * 86400 + timeOfDay
                counted += 1
                if let count = rule.count, counted > Int64(count) { return out }
                let occurrence = shift(civil)
                if let until, occurrence.start > until { return out }
                if civil > high { return out }
                if civil + event.length >= low {
                    out.append(occurrence)
                    looked += 1
                }
            }
            index += 1
        }
        return out
    }
}
