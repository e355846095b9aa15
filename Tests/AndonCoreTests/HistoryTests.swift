import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Time travel and status history in the pure core: `--at` parsing, the periods of a history, and the board
/// moving through history with `[`, `]` and `.`.
@Suite("history", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct HistoryTests {
    // MARK: durations and instants

    @Test(arguments: [
        ("30s", 30.0), ("5m", 300), ("1h30m", 5400), ("2d", 172_800), ("1w", 604_800), ("500ms", 0.5),
        ("1y", 31_536_000),
    ])
    func durations(text: String, seconds: Double) {
        #expect(PromDuration.seconds(text) == seconds)
    }

    @Test(arguments: ["", "5", "m", "5x", "-5m", "1.5h", "5 m", "5mm", "h1"])
    func notDurations(text: String) {
        #expect(PromDuration.seconds(text) == nil)
    }

    @Test func instants() {
        let now = 1_800_000_000.0
        #expect(PromDuration.instant("now", now: now) == now)
        #expect(PromDuration.instant("-2h", now: now) == now - 7200)
        #expect(PromDuration.instant("-1d12h", now: now) == now - 129_600)
        #expect(PromDuration.instant("1700000000", now: now) == 1_700_000_000)
        #expect(PromDuration.instant("2026-11-29T03:00:00Z", now: now) == RFC3339.parse("2026-11-29T03:00:00Z"))
        #expect(PromDuration.instant("2026-11-29T05:00:00+02:00", now: now) == RFC3339.parse("2026-11-29T03:00:00Z"))
        for bad in ["", "yesterday", "-", "-2", "2h", "2026-13-01T00:00:00Z", "0"] {
            #expect(PromDuration.instant(bad, now: now) == nil, "\(bad)")
        }
    }

    // MARK: status periods

    static let kanban = PrincipleSpec.standard(.kanban).thresholds  // green < 500, red > 1000

    @Test func periodsFollowTheThresholdsAndGapsAreUnknown() {
        // Steps every 60 s from 0 to 600: green, green, yellow (500 is not green), yellow, red, gap, NaN, red,
        // red (1000 is not red: yellow), yellow, green.
        let values: [Double?] = [10, 499, 500, 1000, 1001, nil, .nan, 2000, 1000, 999, 0]
        let points = values.enumerated().compactMap { index, value in
            value.map { Point(timestamp: Double(index) * 60, value: $0) }
        }
        let history = StatusHistory(points: points, start: 0, end: 600, step: 60, thresholds: Self.kanban)
        let expected: [(Status, Double, Double)] = [
            (.green, 0, 120), (.yellow, 120, 240), (.red, 240, 300), (.unknown, 300, 420), (.red, 420, 480),
            (.yellow, 480, 600), (.green, 600, 600),
        ]
        #expect(history.periods.map(\.status) == expected.map(\.0))
        #expect(history.periods.map(\.from) == expected.map(\.1))
        #expect(history.periods.map(\.to) == expected.map(\.2))
        #expect(history.status(at: 250) == .red)
        #expect(history.status(at: 330) == .unknown)
        #expect(history.status(at: 601) == nil)
        #expect(history.totals[.yellow] == 240)
    }

    @Test func noPointsIsOneUnknownPeriod() {
        let history = StatusHistory(points: [], start: 100, end: 400, step: 15, thresholds: Self.kanban)
        #expect(history.periods == [.init(status: .unknown, from: 100, to: 400)])
        #expect(history.current?.atLeast == true)
    }

    /// Property: whatever the points, the periods tile the range without gaps or overlaps, alternate in status,
    /// and every step's status is the status of its value.
    @Test func periodsTileTheRange() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let step = Double(Int.random(in: 1...120, using: &generator))
            let steps = Int.random(in: 0...60, using: &generator)
            let start = Double(Int.random(in: 0...10_000, using: &generator))
            let end = start + Double(steps) * step
            let points = (0...steps).compactMap { index -> Point? in
                guard Bool.random(using: &generator) || Bool.random(using: &generator) else { return nil }
                let value = [Double.nan, 0, 499, 500, 700, 1000, 1001, 5000].randomElement(using: &generator)!
                return Point(timestamp: start + Double(index) * step, value: value)
            }
            let history = StatusHistory(points: points, start: start, end: end, step: step, thresholds: Self.kanban)
            #expect(history.periods.first?.from == start)
            #expect(history.periods.last?.to == end)
            for (a, b) in zip(history.periods, history.periods.dropFirst()) {
                #expect(a.to == b.from && a.status != b.status)
            }
            for index in 0...steps {
                let time = start + Double(index) * step
                let value = points.first { $0.timestamp == time }?.value
                let expected = value.map { Self.kanban.status(for: $0) } ?? .unknown
                // The status at a step is the last period that began at or before it.
                #expect(history.periods.last { $0.from <= time }?.status == expected)
            }
        }
    }

    // MARK: the board through history

    static func data(_ depth: Double, at time: Double, asOf: Double?, alerts: [Alert] = []) -> OverviewData {
        let readings = PrincipleID.allCases.map { id in
            let value = id == .kanban ? depth : PrincipleSpec.standard(id).thresholds.green.bound - 0.5
            return Reading(id: id, value: value, status: PrincipleSpec.standard(id).thresholds.status(for: value))
        }
        return OverviewData(
            evaluation: Evaluation(
                evaluatedAt: asOf ?? time, prometheus: "p", readings: readings, alerts: .success(alerts)),
            culprits: [:], at: time, asOf: asOf)
    }

    static let critical = Alert(
        labels: ["alertname": "KanbanQueueDepthCritical", "severity": "critical"], annotations: [:], state: .firing,
        activeAt: 0)

    static func board() -> BoardState {
        var config = Config()
        config.refresh = 1000
        config.historyStep = 600
        return BoardState(config: config, now: 10_000, size: Size(width: 120, height: 40))
    }

    @Test func bracketsStepThroughHistoryAndDotReturnsLive() {
        var state = Self.board()
        _ = state.update(.refreshed(Self.data(100, at: 10_000, asOf: nil)))
        #expect(state.update(.key(.character("]"))).isEmpty)  // live: nothing ahead
        let back = state.update(.key(.character("[")))
        #expect(state.at == 9400)
        #expect(back.contains(.refresh) && back.contains { if case .fetchTrends = $0 { true } else { false } })
        // Everything known was of the present: forgotten until the past answers.
        #expect(state.readings.isEmpty && state.trends.isEmpty)
        _ = state.update(.key(.character("[")))
        #expect(state.at == 8800)
        _ = state.update(.key(.character("]")))
        #expect(state.at == 9400)
        // Forward past now is live.
        _ = state.update(.key(.character("]")))
        _ = state.update(.key(.character("]")))
        #expect(state.at == nil)
        _ = state.update(.key(.character("[")))
        #expect(state.at == 9400)
        _ = state.update(.key(.character(".")))
        #expect(state.at == nil)
    }

    @Test func answersForAnotherInstantAreDropped() {
        var state = Self.board()
        _ = state.update(.key(.character("[")))
        // The live refresh that was on its way arrives after the move: dropped.
        _ = state.update(.refreshed(Self.data(2000, at: 10_001, asOf: nil)))
        #expect(state.readings.isEmpty)
        _ = state.update(.trends(TrendData(range: .hours24, series: [.kanban: []], error: nil, at: 10_001)))
        #expect(state.trends.isEmpty)
        _ = state.update(.refreshed(Self.data(700, at: 10_002, asOf: 9400)))
        #expect(state.readings[.kanban]?.value == 700)
    }

    @Test func historyNeverRingsTheBell() {
        var state = Self.board()
        _ = state.update(.key(.character("[")))
        _ = state.update(.refreshed(Self.data(100, at: 10_001, asOf: 9400)))
        let effects = state.update(.refreshed(Self.data(2000, at: 10_002, asOf: 9400, alerts: [Self.critical])))
        #expect(!effects.contains(.bell))
        #expect(state.highlighted.isEmpty)
        // Back to live, the alert firing now is not news either (the first answer never rings), the next is.
        _ = state.update(.key(.character(".")))
        #expect(
            !state.update(.refreshed(Self.data(2000, at: 10_003, asOf: nil, alerts: [Self.critical])))
                .contains(.bell))
        var other = Self.critical
        other.labels["queue_name"] = "orders"
        #expect(
            state.update(.refreshed(Self.data(2000, at: 10_004, asOf: nil, alerts: [Self.critical, other])))
                .contains(.bell))
    }

    @Test func theTileClockComesFromHistory() {
        var state = Self.board()
        _ = state.update(.refreshed(Self.data(2000, at: 10_000, asOf: nil)))
        // Red since 9,100 in the history, although this board has seen it for no time at all.
        let points = stride(from: 7000.0, through: 10_000, by: 60).map {
            Point(timestamp: $0, value: $0 >= 9100 ? 2000 : 100)
        }
        _ = state.update(
            .trends(
                TrendData(
                    range: .hour1, series: [.kanban: points], error: nil, at: 10_000,
                    window: TrendWindow(start: 6400, end: 10_000, step: 60))))
        let clock = state.statusClock(.kanban)
        #expect(clock?.fromHistory == true && clock?.seconds == 900 && clock?.atLeast == false)
        #expect(clock?.status == .status(.red))
        // A principle green over the whole range (Jidoka has no points here: unknown in history, green now):
        // the board's own observation.
        #expect(state.statusClock(.jidoka)?.fromHistory == false)
    }

    @Test func theBannerSaysHistoryAndWhen() {
        var state = Self.board()
        _ = state.update(.key(.character("[")))
        let screen = BoardView(unicode: true).render(state).text
        let lines = screen.split(separator: "\n")
        #expect(lines[1].hasPrefix(" HISTORY — as of 1970-01-01T02:36:40Z"), "\(lines[1])")
        #expect(lines[1].contains("[ ] 10m back/forward · . live"))
        let ascii = BoardView(unicode: false).render(state).text.split(separator: "\n")
        #expect(ascii[1].hasPrefix(" HISTORY - as of 1970-01-01T02:36:40Z"), "\(ascii[1])")
        _ = state.update(.key(.character(".")))
        #expect(!BoardView(unicode: true).render(state).text.contains("HISTORY"))
    }
}
