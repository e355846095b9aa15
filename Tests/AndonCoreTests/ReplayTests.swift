import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The replay clock (issue 21): frames at the window's step, one at a time, the tiles' trends from the window,
/// the replay's keys, and the time line.
@Suite("replay", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ReplayTests {
    static let from = 1_795_910_400.0  // 2026-11-29T00:00:00Z
    static let to = from + 3600

    /// Kanban red from minute 20 to 30 of the hour; the others green.
    static func window() -> TrendData {
        var series: [PrincipleID: [Point]] = [:]
        for spec in Config().principles {
            series[spec.id] = stride(from: from - 3600, through: to, by: 15).map { time in
                let minute = (time - from) / 60
                let value: Double =
                    spec.id == .kanban ? (minute >= 20 && minute < 30 ? 1500 : 100) : spec.id == .kaizen ? 99 : 0
                return Point(timestamp: time, value: value)
            }
        }
        return TrendData(
            range: .hour1, series: series, error: nil, at: 0,
            window: TrendWindow(start: from - 3600, end: to, step: 15), asOf: to)
    }

    static func state(speed: Double = 60) -> BoardState {
        BoardState(
            config: Config(), now: 5000, size: Size(width: 120, height: 40), range: .hour1,
            replay: ReplayClock(from: from, to: to, speed: speed, window: window()))
    }

    static func answer(_ state: BoardState) -> OverviewData {
        OverviewData(
            evaluation: Evaluation(evaluatedAt: state.at!, prometheus: "http://p", readings: [], alerts: .success([])),
            culprits: [:], at: state.now, asOf: state.at)
    }

    @Test func framesFollowTheClockOneAtATime() {
        var state = Self.state()
        #expect(state.at == Self.from)
        // The first tick asks for the first frame; no range query (the trends come from the window).
        let first = state.update(.tick(5000))
        #expect(first == [.refresh])
        #expect(state.trends[.kanban]?.last?.timestamp == Self.from && state.trendWindow?.end == Self.from)
        // Ten seconds at 60×: ten minutes of the past, but the frame waits for its answer.
        #expect(state.update(.tick(5010)).isEmpty && state.at == Self.from)
        #expect(state.replay?.cursor == Self.from + 600)
        // Answered: the next frame is the cursor's at once, but the banner names the frame the tiles show until
        // its answer comes.
        let next = state.update(.refreshed(Self.answer(state)))
        #expect(next == [.refresh] && state.at == Self.from + 600)
        let banner = { (state: BoardState) in BoardView().render(state).text.components(separatedBy: "\n")[1] }
        #expect(banner(state).contains("as of 2026-11-29T00:00:00Z"), "\(banner(state))")
        _ = state.update(.refreshed(Self.answer(state)))
        #expect(banner(state).contains("as of 2026-11-29T00:10:00Z"), "\(banner(state))")
        #expect(state.trends[.kanban]?.last?.timestamp == Self.from + 600)
        #expect(state.update(.tick(5011)) == [.refresh] && state.at == Self.from + 660)
        // To the end, where it stops.
        _ = state.update(.tick(5100))
        #expect(state.replay?.cursor == Self.to && state.replay?.playing == false)
    }

    @Test func theReplaysKeys() {
        var state = Self.state()
        _ = state.update(.tick(5000))
        _ = state.update(.refreshed(Self.answer(state)))
        _ = state.update(.key(.character("+")))
        #expect(state.replay?.speed == 120)
        _ = state.update(.key(.character("-")))
        _ = state.update(.key(.character("-")))
        #expect(state.replay?.speed == 30)
        _ = state.update(.key(.character(" ")))
        #expect(state.replay?.playing == false)
        // One frame on, paused.
        #expect(state.update(.key(.character("."))) == [.refresh] && state.at == Self.from + 15)
        _ = state.update(.refreshed(Self.answer(state)))
        // The next change of status: Kanban red at minute 20, then green at 30.
        _ = state.update(.key(.character("n")))
        #expect(state.at == Self.from + 20 * 60)
        _ = state.update(.refreshed(Self.answer(state)))
        _ = state.update(.key(.character("n")))
        #expect(state.at == Self.from + 30 * 60)
        _ = state.update(.refreshed(Self.answer(state)))
        _ = state.update(.key(.character("N")))
        #expect(state.at == Self.from + 20 * 60)
        // The board's own keys still work: a drill-down.
        _ = state.update(.refreshed(Self.answer(state)))
        let drill = state.update(.key(.character("2")))
        #expect(state.pane == .principle(.kanban) && drill.contains(.fetchDrill(.kanban, .hour1, points: 36)))
    }

    @Test func theTimeLineShowsWhereEachPrincipleWasRed() {
        var state = Self.state()
        _ = state.update(.tick(5000))
        _ = state.update(.refreshed(Self.answer(state)))
        let grid = BoardView().render(state)
        let lines = grid.text.components(separatedBy: "\n")
        let kanban = lines.first { $0.hasPrefix(" Kanban   ") } ?? ""
        let track = Array(kanban.dropFirst(10))
        #expect(track.count >= 109 && track.first == "┃", "\(kanban)")
        let column = { (minute: Double) in Int(minute / 60 * Double(track.count)) }
        #expect(track[column(25)] == "█" && track[column(10)] == "▁" && track[column(45)] == "▁", "\(kanban)")
        #expect(lines.contains { $0.contains("▶ REPLAY  00:00:00 ×60") }, "\(grid.text)")
        #expect(lines[1].contains("REPLAY — as of 2026-11-29T00:00:00Z"))
        // A short screen: one row, the worst of all.
        var small = state
        _ = small.update(.resize(Size(width: 80, height: 24)))
        let compact = BoardView().render(small).text.components(separatedBy: "\n")
        #expect(compact.contains { $0.hasPrefix(" all      ") } && !compact.contains { $0.hasPrefix(" Kanban   ▁") })
    }
}
