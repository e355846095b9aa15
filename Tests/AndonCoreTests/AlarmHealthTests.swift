import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The alarm-health figures of a known two hours, each computed by hand here.
@Suite(
    "alarm health",
    .enabled(if: Sanitizers.normalPassOnly, "arithmetic over arrays: nothing a sanitizer watches"))
struct AlarmHealthTests {
    static let from = 1_795_910_400.0  // 2026-11-29T00:00:00Z
    static let to = from + 7200

    static func labels(_ name: String, _ severity: String) -> [String: String] {
        ["alertname": name, "severity": severity, "principle": "kanban"]
    }

    static func ack(_ name: String, at offset: Double) -> Silence {
        Silence(
            id: name, matchers: [.init(name: "alertname", value: name)], createdBy: "ana",
            comment: Silence.ackMarker + " on it", startsAt: from + offset, endsAt: from + offset + 3600, state: .active
        )
    }

    static let health = AlarmHealth.of(
        [
            // Three raises within 40 s (chattering), and one more later; critical.
            .init(labels: labels("KanbanDeep", "critical"), raises: [10, 30, 50, 4000].map { from + $0 }),
            .init(labels: labels("AndonErrors", "warning"), raises: [700, 1300].map { from + $0 }),
            // Twelve in the fourth ten minutes, 40 s apart: a flood, not a chatter.
            .init(labels: labels("Slow", "info"), raises: (0..<12).map { from + 1800 + Double($0) * 40 }),
            // Firing since the day before yesterday: standing, raised before the window.
            .init(labels: labels("Standing", "warning"), raises: [from - 90000], firingSince: from - 90000),
        ], acks: [ack("KanbanDeep", at: 100), ack("AndonErrors", at: 760), ack("Nobody", at: 50)], from: from, to: to)

    @Test func theFiguresOfTwoHours() {
        let health = Self.health
        #expect(health.raised == 18)
        #expect(health.perTenMinutes == [3, 1, 1, 12, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(health.averagePerTenMinutes == 1.5 && health.perTenMinutes.max() == 12)
        #expect(health.floodShare(10) == 1.0 / 12)
        #expect(health.peakPerHour == 17 && health.peakPerMinute == 3)
        #expect(
            health.chattering == [
                .init(name: "KanbanDeep", detail: #"principle="kanban",severity="critical""#, raises: 4)
            ])
        #expect(health.standing.map(\.name) == ["Standing"] && health.standing.first?.since == Self.from - 90000)
        #expect(health.mix == ["critical": 4, "warning": 2, "info": 12])
        #expect(
            health.top.map(\.name) == ["Slow", "KanbanDeep", "AndonErrors"] && health.top.map(\.count) == [12, 4, 2])
        // KanbanDeep's first three acknowledged at 100 (90, 70, 50 s after), AndonErrors' first at 760 (60 s).
        #expect(health.ackAfter == [50, 60, 70, 90] && health.unacknowledged == 14)
    }

    @Test func theVerdictAgainstTheTargets() {
        let (status, reasons) = Self.health.verdict()
        #expect(status == 2)
        #expect(
            reasons == [
                "1.5 raised per 10 minutes on average (target 1.0)", "in flood 8.3 % of the time (limit 5.0 %)",
                "1 chattering: KanbanDeep", "1 standing over a day: Standing",
                "22.2 % of raises critical (target 5.0 %)",
            ])
        // A quiet window is within every target.
        let quiet = AlarmHealth.of(
            [.init(labels: Self.labels("Slow", "info"), raises: [Self.from + 100])], from: Self.from, to: Self.to)
        #expect(quiet.verdict().status == 0 && quiet.verdict().reasons.isEmpty)
        // Nothing raised at all: no division by zero, nothing to judge.
        let none = AlarmHealth.of([], from: Self.from, to: Self.from)
        #expect(none.raised == 0 && none.averagePerTenMinutes == 0 && none.verdict().status == 0)
    }
}
