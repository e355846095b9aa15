import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// Who is on call, from an iCalendar schedule or a rotation, on a held clock: around handovers and the two DST
/// changes of a year.
@Suite(
    "on call",
    .enabled(if: Sanitizers.cover(.address), "untrusted calendar text through a parser: no thread of ours"))
struct OnCallTests {
    static func instant(_ text: String) -> Double { RFC3339.parse(text)! }

    /// Two people a week each in turn, Monday 08:00 in Berlin, from Monday 2 March 2026.
    static let alternating = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VEVENT\r
        UID:1\r
        DTSTART;TZID=Europe/Berlin:20260302T080000\r
        DTEND;TZID=Europe/Berlin:20260309T080000\r
        RRULE:FREQ=WEEKLY;INTERVAL=2\r
        SUMMARY:ana\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:2\r
        DTSTART;TZID="Europe/Berlin":20260309T080000\r
        DTEND;TZID=Europe/Berlin:20260316T080000\r
        RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO\r
        SUMMARY:b\r
         o\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    static func schedule(_ text: String, utc: Bool = true) throws -> OnCallSchedule {
        OnCallSchedule(events: try ICalendar.events(text), offsets: OnCallLoader.offsets(utc: utc))
    }

    @Test func handoversFollowTheWallClockOverDSTChanges() throws {
        let schedule = try Self.schedule(Self.alternating)
        // (instant, on call now, next and when): the handover is at 08:00 in Berlin, 07:00Z in winter and
        // 06:00Z in summer; the clocks change on 29 March and 25 October 2026.
        let cases: [(String, String, String, String)] = [
            ("2026-03-02T06:59:59Z", "", "ana", "2026-03-02T07:00:00Z"),
            ("2026-03-02T07:00:00Z", "ana", "bo", "2026-03-09T07:00:00Z"),
            ("2026-03-23T06:59:59Z", "ana", "bo", "2026-03-23T07:00:00Z"),
            ("2026-03-23T07:00:00Z", "bo", "ana", "2026-03-30T06:00:00Z"),
            ("2026-03-29T01:30:00Z", "bo", "ana", "2026-03-30T06:00:00Z"),
            ("2026-03-30T05:59:59Z", "bo", "ana", "2026-03-30T06:00:00Z"),
            ("2026-03-30T06:00:00Z", "ana", "bo", "2026-04-06T06:00:00Z"),
            ("2026-10-19T05:59:59Z", "ana", "bo", "2026-10-19T06:00:00Z"),
            ("2026-10-19T06:00:00Z", "bo", "ana", "2026-10-26T07:00:00Z"),
            ("2026-10-25T01:30:00Z", "bo", "ana", "2026-10-26T07:00:00Z"),
            ("2026-10-26T06:59:59Z", "bo", "ana", "2026-10-26T07:00:00Z"),
            ("2026-10-26T07:00:00Z", "ana", "bo", "2026-11-02T07:00:00Z"),
            // A rotation without an end goes on for years.
            ("2036-06-02T06:00:00Z", "bo", "ana", "2036-06-09T06:00:00Z"),
        ]
        for (at, now, next, from) in cases {
            let found = schedule.at(Self.instant(at))
            #expect((found.now?.person ?? "") == now, "\(at): \(String(describing: found.now))")
            #expect(
                found.next?.person == next && found.next?.start == Self.instant(from),
                "\(at): \(String(describing: found.next))")
        }
        // The shift knows its own start and end, an hour shorter over the spring change.
        let spring = try #require(schedule.at(Self.instant("2026-03-25T12:00:00Z")).now)
        #expect(
            spring.start == Self.instant("2026-03-23T07:00:00Z") && spring.end == Self.instant("2026-03-30T06:00:00Z"))
    }

    @Test func dailyRulesWithDaysCountAndUntil() throws {
        let text = """
            BEGIN:VEVENT
            DTSTART:20261207T080000Z
            DURATION:PT10H
            RRULE:FREQ=DAILY;COUNT=3
            SUMMARY:day shift
            END:VEVENT
            BEGIN:VEVENT
            DTSTART:20261207T180000Z
            DTEND:20261208T080000Z
            RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20261211T235959Z
            SUMMARY:night\\, weekdays
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20261212
            DTEND;VALUE=DATE:20261214
            SUMMARY:weekend
            END:VEVENT
            """
        let schedule = try Self.schedule(text)
        let cases: [(String, String)] = [
            ("2026-12-07T09:00:00Z", "day shift"), ("2026-12-07T19:00:00Z", "night, weekdays"),
            ("2026-12-08T09:00:00Z", "day shift"), ("2026-12-08T19:00:00Z", ""),
            ("2026-12-09T09:00:00Z", "day shift"), ("2026-12-09T19:00:00Z", "night, weekdays"),
            // The fourth day: COUNT=3 has ended it.
            ("2026-12-10T09:00:00Z", ""), ("2026-12-11T19:00:00Z", "night, weekdays"),
            ("2026-12-12T12:00:00Z", "weekend"), ("2026-12-13T23:59:59Z", "weekend"),
            // UNTIL has ended the nights.
            ("2026-12-14T19:00:00Z", ""), ("2026-12-16T19:00:00Z", ""),
        ]
        for (at, person) in cases {
            #expect((schedule.at(Self.instant(at)).now?.person ?? "") == person, "\(at)")
        }
    }

    @Test func aRotationInTheConfiguration() throws {
        let config = try ConfigParser.parse(
            yaml: "oncall:\n  rotation: [ana, bo, cy]\n  every: 1w\n  from: 2026-12-07T08:00:00Z\n", file: "c.yaml")
        guard case .rotation(let people, let every, let from) = config.oncall else {
            Issue.record("\(String(describing: config.oncall))")
            return
        }
        let schedule = OnCallSchedule(rotation: .init(people: people, every: every, from: from))
        let week = 7 * 86400.0
        let start = Self.instant("2026-12-07T08:00:00Z")
        for (offset, now, next) in [
            (-1.0, "cy", "ana"), (0, "ana", "bo"), (week - 1, "ana", "bo"), (week, "bo", "cy"), (3 * week, "ana", "bo"),
        ] {
            let found = schedule.at(start + offset)
            #expect(found.now?.person == now && found.next?.person == next, "\(offset)")
        }
        #expect(schedule.at(start).next?.start == start + week)
        let alone = OnCallSchedule(rotation: .init(people: ["ana"], every: week, from: start))
        #expect(alone.at(start).now?.person == "ana" && alone.at(start).next == nil)
        // Exactly one source, and a rotation with its turn and start.
        for (yaml, key) in [
            ("oncall:\n  rotation: [ana]\n  calendar: x.ics\n", "oncall.rotation"),
            ("oncall:\n  rotation: [ana]\n  from: 2026-12-07T08:00:00Z\n", "oncall.every"),
            ("oncall:\n  rotation: [ana]\n  every: 1w\n", "oncall.from"),
            ("oncall:\n  calendar_url: ftp://x\n", "oncall.calendar_url"),
        ] {
            #expect {
                try ConfigParser.parse(yaml: yaml, file: "c.yaml")
            } throws: { "\($0)".contains(key) }
        }
    }

    @Test func whatCannotBeFollowedIsSaid() {
        for (text, reason) in [
            ("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", "line 1: an event without DTSTART"),
            ("BEGIN:VEVENT\nDTSTART:2026120\nEND:VEVENT\n", "line 2: not a date"),
            ("BEGIN:VEVENT\nDTSTART:20261207T080000Z\nDTEND:20261207T070000Z\nEND:VEVENT\n", "ends before it starts"),
            (
                "BEGIN:VEVENT\nDTSTART:20261207T080000Z\nDURATION:PT1H\nRRULE:FREQ=MONTHLY\nEND:VEVENT\n",
                "only DAILY and WEEKLY are followed"
            ),
            (
                "BEGIN:VEVENT\nDTSTART:20261207T080000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=1MO\nEND:VEVENT\n",
                "BYDAY=1MO"
            ),
            (
                "BEGIN:VEVENT\nDTSTART:20261207T080000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;INTERVAL=0\nEND:VEVENT\n",
                "INTERVAL=0"
            ),
        ] {
            #expect {
                _ = try ICalendar.events(text)
            } throws: { "\($0)".contains(reason) }
        }
    }

    /// Ten thousand events, each recurring without end from years ago, and a folded line of a hundred thousand
    /// continuations: parsed and evaluated, or refused, without walking every occurrence since the start.
    @Test func largeAndHostileCalendarsStayBounded() throws {
        var text = "BEGIN:VCALENDAR\n"
        for index in 0..<10_000 {
            text += "BEGIN:VEVENT\nDTSTART:2016\(index % 2 == 0 ? "0104" : "0111")T080000Z\nDURATION:P7D\n"
            text += "RRULE:FREQ=WEEKLY;INTERVAL=2\nSUMMARY:person \(index % 7)\nEND:VEVENT\n"
        }
        text += "END:VCALENDAR\n"
        let schedule = try Self.schedule(text)
        let found = schedule.at(Self.instant("2026-12-09T12:00:00Z"))
        #expect(found.now != nil && found.next != nil)
        let folded = "BEGIN:VEVENT\nSUMMARY:x" + String(repeating: "\n y", count: 100_000) + "\nEND:VEVENT\n"
        #expect {
            _ = try ICalendar.events(folded)
        } throws: { "\($0)".contains("longer than") }
        // Control characters in a name reach the screen inert.
        let hostile = try Self.schedule(
            "BEGIN:VEVENT\nDTSTART:20261207T080000Z\nDURATION:P1D\nSUMMARY:\u{1B}]0;pwned\u{07}ana\nEND:VEVENT\n")
        let report = OnCallReport(at: Self.instant("2026-12-07T09:00:00Z"), schedule: hostile)
        #expect(!report.text(offset: { _ in 0 }, zone: "UTC").contains("\u{1B}"))
    }

    /// The board's header names who is on call and who is next, in the board's zone; a schedule that cannot be
    /// read says so there; the hooks hear it.
    @Test func theHeaderAndTheHooksNameWhoIsOnCall() throws {
        let start = Self.instant("2026-12-07T08:00:00Z")
        let rotation = OnCallSchedule(rotation: .init(people: ["ana", "bo"], every: 7 * 86400, from: start))
        var config = Config()
        config.title = "Line 3"
        var state = BoardState(config: config, now: start + 3600, size: Size(width: 160, height: 40))
        _ = state.update(.oncall(.schedule(rotation)))
        let header = BoardView(utcOffset: 3600).render(state).text.components(separatedBy: "\n")[0]
        #expect(header.contains("Line 3 · on call: ana, then bo at 2026-12-14 09:00 · "), "\(header)")
        #expect(
            state.hookEvent(.status, principle: nil).environment["ANDON_ONCALL"] == "ana, then bo at 2026-12-14 08:00")
        _ = state.update(.oncall(.problem("oncall.ics: line 4: an event without DTSTART")))
        let blind = BoardView().render(state).text.components(separatedBy: "\n")[0]
        #expect(blind.contains("on call: ? (oncall.ics: line 4: an event without DTSTART)"), "\(blind)")
        // The same answer as `andon oncall` at the same instant.
        let report = OnCallReport(at: start + 3600, schedule: rotation)
        #expect(report.now?.person == "ana" && report.next?.person == "bo" && report.next?.start == start + 7 * 86400)
    }
}
