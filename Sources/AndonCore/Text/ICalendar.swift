/// The part of iCalendar (RFC 5545) that calendars export on-call rotations in: the `VEVENT`s of a `VCALENDAR`, each
/// with its `DTSTART`, `DTEND` (or `DURATION`), `SUMMARY` (the person) and an `RRULE` of `FREQ=DAILY` or `WEEKLY`
/// with `INTERVAL`, `BYDAY`, `UNTIL` and `COUNT`. Everything else is skipped. Bounded: lines are unfolded once,
/// and a file of more than `maximumEvents` events, or a line longer than `maximumLine`, is refused with a reason.
public enum ICalendar {
    public static let maximumEvents = 20_000
    public static let maximumLine = 10_000

    /// A date-time as written: civil seconds (the wall clock's reading as if it were UTC), and its zone: `utc`,
    /// a `TZID`, or floating (the board's own zone).
    public struct Time: Sendable, Equatable {
        public enum Zone: Sendable, Equatable {
            case utc
            case named(String)
            case floating
        }

        public var civil: Int64
        public var zone: Zone
        /// A `VALUE=DATE` (a whole day).
        public var allDay: Bool

        public init(civil: Int64, zone: Zone, allDay: Bool = false) {
            self.civil = civil
            self.zone = zone
            self.allDay = allDay
        }
    }

    public struct Recurrence: Sendable, Equatable {
        public enum Frequency: String, Sendable {
            case daily = "DAILY"
            case weekly = "WEEKLY"
        }

        public var frequency: Frequency
        public var interval = 1
        /// Days of the week, 0 Sunday to 6 Saturday; empty: the start's own.
        public var days: [Int] = []
        public var until: Time?
        public var count: Int?
    }

    public struct VEvent: Sendable, Equatable {
        public var summary: String
        public var start: Time
        /// Civil seconds from the start to the end (nominal: a week is a week of wall clock, over a DST change).
        public var length: Int64
        public var rule: Recurrence?
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { line > 0 ? "line \(line): \(reason)" : reason }

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// The events of `text`. An event without `DTSTART` or with a date it cannot read is a problem that names
    /// its line; so is a rule of another frequency (a schedule it cannot follow would show someone wrongly).
    public static func events(_ text: String) throws(Problem) -> [VEvent] {
        var events: [VEvent] = []
        var current: [(name: String, parameters: [String: String], value: String, line: Int)]?
        var startLine = 0
        for (number, line) in try unfolded(text) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon]
            let value = String(line[line.index(after: colon)...])
            let parts = head.split(separator: ";", omittingEmptySubsequences: false)
            let name = parts.first.map { $0.uppercased() } ?? ""
            var parameters: [String: String] = [:]
            for part in parts.dropFirst() {
                guard let equals = part.firstIndex(of: "=") else { continue }
                var value = part[part.index(after: equals)...]
                if value.count >= 2 && value.first == "\"" && value.last == "\"" {
                    value = value.dropFirst().dropLast()
                }
                parameters[part[..<equals].uppercased()] = String(value)
            }
            switch (name, value.uppercased()) {
            case ("BEGIN", "VEVENT"):
                current = []
                startLine = number
            case ("END", "VEVENT"):
                if let properties = current {
                    events.append(try event(properties, line: startLine))
                    if events.count > maximumEvents {
                        throw Problem(line: number, reason: "more than \(maximumEvents) events")
                    }
                }
                current = nil
            default:
                current?.append((name, parameters, value, number))
            }
        }
        return events
    }

    /// Lines with their numbers, folded lines (a line that begins with a space or a tab) joined to the one before.
    static func unfolded(_ text: String) throws(Problem) -> [(Int, String)] {
        var lines: [(Int, String)] = []
        // A line ends in CRLF (a single Character in Swift) or LF.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1].1 += line.dropFirst()
            } else {
                lines.append((index + 1, String(line)))
            }
            if lines[lines.count - 1].1.utf8.count > maximumLine {
                throw Problem(line: lines[lines.count - 1].0, reason: "a line longer than \(maximumLine) bytes")
            }
        }
        return lines
    }

    static func event(
        _ properties: [(name: String, parameters: [String: String], value: String, line: Int)], line: Int
    ) throws(Problem) -> VEvent {
        var summary = ""
        var start: Time?
        var end: Time?
        var duration: Int64?
        var rule: Recurrence?
        for property in properties {
            switch property.name {
            case "SUMMARY": summary = unescape(property.value)
            case "DTSTART": start = try time(property.value, property.parameters, line: property.line)
            case "DTEND": end = try time(property.value, property.parameters, line: property.line)
            case "DURATION": duration = try span(property.value, line: property.line)
            case "RRULE": rule = try recurrence(property.value, line: property.line)
            default: break
            }
        }
        guard let start else { throw Problem(line: line, reason: "an event without DTSTART") }
        let length = end.map { $0.civil - start.civil } ?? duration ?? (start.allDay ? 86400 : 0)
        guard length > 0 else { throw Problem(line: line, reason: "an event that ends before it starts") }
        return VEvent(summary: summary, start: start, length: length, rule: rule)
    }

    /// `20261207T080000Z`, `20261207T080000` (with `TZID=` or floating), `20261207` (`VALUE=DATE`).
    static func time(_ text: String, _ parameters: [String: String], line: Int) throws(Problem) -> Time {
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= digits.count else { return nil }
            var value: Int64 = 0
            for byte in digits[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), (1...12).contains(month),
            (1...31).contains(day)
        else { throw Problem(line: line, reason: "not a date: \(TextSanitizer.inert(text, limit: 40))") }
        let days = Int64(RFC3339.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
        if digits.count == 8 { return Time(civil: days * 86400, zone: .floating, allDay: true) }
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T"), let hour = number(9..<11),
            let minute = number(11..<13),
            let second = number(13..<15), hour < 24, minute < 60, second < 61
        else { throw Problem(line: line, reason: "not a date-time: \(TextSanitizer.inert(text, limit: 40))") }
        let civil = days * 86400 + hour * 3600 + minute * 60 + second
        if digits.count == 16 && digits[15] == UInt8(ascii: "Z") { return Time(civil: civil, zone: .utc) }
        guard digits.count == 15 else {
            throw Problem(line: line, reason: "not a date-time: \(TextSanitizer.inert(text, limit: 40))")
        }
        return Time(civil: civil, zone: parameters["TZID"].map { .named($0) } ?? .floating)
    }

    /// `PT8H`, `P1W`, `P1DT12H`: seconds.
    static func span(_ text: String, line: Int) throws(Problem) -> Int64 {
        var seconds: Int64 = 0
        var number: Int64 = 0
        var digits = false
        let units: [Character: Int64] = ["W": 604_800, "D": 86400, "H": 3600, "M": 60, "S": 1]
        for character in text.drop(while: { $0 == "+" }) {
            if let digit = character.wholeNumberValue, digit < 10 {
                number = number * 10 + Int64(digit)
                digits = true
                guard number < 1_000_000_000 else { break }
            } else if character == "P" || character == "T" {
                continue
            } else if let unit = units[character], digits {
                seconds += number * unit
                number = 0
                digits = false
            } else {
                throw Problem(line: line, reason: "not a duration: \(TextSanitizer.inert(text, limit: 40))")
            }
        }
        guard seconds > 0 else {
            throw Problem(line: line, reason: "not a duration: \(TextSanitizer.inert(text, limit: 40))")
        }
        return seconds
    }

    /// `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20270101T000000Z;COUNT=10`.
    static func recurrence(_ text: String, line: Int) throws(Problem) -> Recurrence {
        var parts: [String: String] = [:]
        for part in text.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            parts[part[..<equals].uppercased()] = String(part[part.index(after: equals)...])
        }
        guard let frequency = parts["FREQ"].flatMap({ Recurrence.Frequency(rawValue: $0.uppercased()) }) else {
            throw Problem(
                line: line,
                reason:
                    "a recurrence of FREQ=\(TextSanitizer.inert(parts["FREQ"] ?? "", limit: 20)): only DAILY and WEEKLY are followed"
            )
        }
        var rule = Recurrence(frequency: frequency)
        if let interval = parts["INTERVAL"] {
            guard let value = Int(interval), value >= 1, value <= 1000 else {
                throw Problem(line: line, reason: "INTERVAL=\(TextSanitizer.inert(interval, limit: 20))")
            }
            rule.interval = value
        }
        if let count = parts["COUNT"] {
            guard let value = Int(count), value >= 1 else {
                throw Problem(line: line, reason: "COUNT=\(TextSanitizer.inert(count, limit: 20))")
            }
            rule.count = value
        }
        if let until = parts["UNTIL"] { rule.until = try time(until, [:], line: line) }
        let names = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
        for day in (parts["BYDAY"] ?? "").split(separator: ",") {
            // A position (`1MO`, the first Monday of a month) belongs to monthly rules: not followed.
            guard let index = names.firstIndex(of: day.uppercased()) else {
                throw Problem(line: line, reason: "BYDAY=\(TextSanitizer.inert(String(day), limit: 20))")
            }
            rule.days.append(index)
        }
        rule.days.sort()
        return rule
    }

    /// `\,` `\;` `\n` `\\` as text; control characters are made inert where the text is shown.
    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out.append(character == "n" || character == "N" ? " " : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// Days of the week of civil days since 1970-01-01.
public enum Civil {
    /// 0 Sunday ... 6 Saturday.
    public static func weekday(days: Int64) -> Int {
        Int(((days % 7) + 11) % 7)
    }
}
