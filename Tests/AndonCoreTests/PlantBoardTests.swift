import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The full-screen plant board's model (issue 19): Enter opens a line's board and Esc comes back, each line's
/// answers reach only its own board, lines that are not open are asked for their headlines alone, and the kiosk
/// cycles through the lines that are not green with their drill-downs.
@Suite(
    "the plant board", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct PlantBoardTests {
    typealias Fixture = PlantViewTests

    static func plant(_ count: Int, kiosk: Bool = false) -> PlantState {
        PlantState(
            title: "North works", lines: (0..<count).map(Fixture.line), size: Size(width: 120, height: 40),
            now: Fixture.now + 3, kiosk: kiosk, dwell: 10)
    }

    /// Answers every refresh a line asked for with what it knows already, as a steady plant would.
    static func answer(_ plant: inout PlantState, _ asked: [LineEffect], at time: Double) {
        for effect in asked where effect.effect == .refresh {
            let board = plant.lines[effect.line].board
            let error = PrometheusError.transport(TransportError(.connectionRefused, "refused"))
            let readings =
                board.readings.isEmpty
                ? board.config.principles.map { Reading.evaluate($0, .failure(error)) }
                : board.principles.compactMap { board.readings[$0] }
            let alerts: Result<[Alert], PrometheusError> =
                board.readings.isEmpty ? .failure(error) : .success(board.alerts)
            _ = plant.update(
                .refreshed(
                    OverviewData(
                        evaluation: Evaluation(
                            evaluatedAt: time, prometheus: "http://prom:9090", readings: readings, alerts: alerts),
                        culprits: [:], at: time)),
                line: effect.line)
        }
    }

    @Test func enterOpensTheSelectedLineAndEscComesBack() {
        var plant = Self.plant(3)
        // Worst first: south (everything red) is the first row.
        #expect(plant.lines[plant.rowOrder[0]].name == "south")
        _ = plant.update(.key(.down))
        let second = plant.rowOrder[1]
        let opened = plant.update(.key(.enter))
        #expect(plant.open == second)
        // Opening asks for the line's trends, which are not fetched while it is not open.
        #expect(opened.map(\.line) == [second])
        if case .fetchTrends = opened.first?.effect {} else { Issue.record("\(opened)") }
        // The line's own keys: a drill-down; Esc there returns to the line's overview, not the plant.
        let drill = plant.update(.key(.character("2")))
        #expect(drill.contains { $0.line == second && $0.effect.isDrill })
        #expect(plant.lines[second].board.pane == .principle(.kanban))
        _ = plant.update(.key(.escape))
        #expect(plant.open == second)
        #expect(plant.lines[second].board.pane == .overview)
        _ = plant.update(.key(.escape))
        #expect(plant.open == nil)
        #expect(plant.selection == 1)
        // q leaves the board from the plant as from a line.
        #expect(plant.update(.key(.character("q"))).map(\.effect) == [.quit])
        #expect(plant.quitting)
    }

    @Test func answersReachOnlyTheirLineAndHiddenLinesKeepToTheirHeadlines() {
        var plant = Self.plant(3)
        let before = plant.lines.map(\.board.readings)
        _ = plant.update(
            .refreshed(
                OverviewData(
                    evaluation: Evaluation(
                        evaluatedAt: Fixture.now + 20, prometheus: "http://prom-1:9090",
                        readings: PrincipleID.allCases.map { Reading(id: $0, value: nil, status: .unknown) },
                        alerts: .success([])),
                    culprits: [:], at: Fixture.now + 20)),
            line: 0)
        #expect(plant.lines[0].board.readings != before[0])
        #expect(plant.lines[1].board.readings == before[1])
        #expect(plant.lines[2].board.readings == before[2])
        // Every line refreshes when due; none asks for trends or drill-downs while the plant is shown.
        let asked = plant.update(.tick(Fixture.now + 60))
        #expect(Set(asked.filter { $0.effect == .refresh }.map(\.line)) == [0, 1, 2], "\(asked)")
        #expect(!asked.contains { if case .fetchTrends = $0.effect { true } else { false } }, "\(asked)")
        // An answer for a line that does not exist changes nothing.
        #expect(plant.update(.tick(Fixture.now + 61), line: 7).isEmpty)
    }

    @Test func aBoardOfOneLineIsThatLinesBoard() {
        var plant = Self.plant(1)
        #expect(plant.open == 0)
        #expect(!plant.lines[0].board.inPlant)
        _ = plant.update(.key(.escape))
        #expect(plant.open == 0)
        _ = plant.update(.key(.character("a")))
        #expect(plant.lines[0].board.pane == .alerts)
    }

    @Test func aLineOfAPlantSaysEscReturns() {
        var plant = Self.plant(3)
        _ = plant.update(.key(.enter))
        let text = BoardView().render(plant.lines[plant.open!].board).text
        #expect(text.contains("Esc plant"), "\(text)")
    }

    @Test func theKioskCyclesThroughTheLinesThatAreNotGreen() {
        var plant = Self.plant(7, kiosk: true)
        #expect(plant.lines.allSatisfy { $0.board.kiosk == nil })
        let notGreen = plant.rowOrder.filter { plant.lines[$0].board.overall != .green }
        #expect(notGreen.count == 4, "\(plant.rowOrder.map { plant.lines[$0].board.overall })")
        var seen: [Int?] = [plant.open]
        var time = Fixture.now + 3
        for _ in 0..<400 {
            time += 1
            Self.answer(&plant, plant.update(.tick(time)), at: time)
            if seen.last! != plant.open { seen.append(plant.open) }
            if seen.count > 1, plant.open == nil { break }
        }
        // The overview, every line that is not green worst first, the overview again.
        #expect(seen == [nil] + notGreen.map { Optional($0) } + [nil], "\(seen)")
        // An open line runs its own cycle of drill-downs meanwhile; a closed one none.
        #expect(plant.lines.allSatisfy { $0.board.kiosk == nil })
        // Stray keys do nothing; the word quit does.
        #expect(plant.update(.key(.enter)).isEmpty)
        #expect(plant.open == nil)
        for character in "quit" { _ = plant.update(.key(.character(character))) }
        #expect(plant.quitting)
    }

    @Test func inTheKioskAnOpenLineShowsItsDrillDowns() {
        var plant = Self.plant(3, kiosk: true)
        var time = Fixture.now + 3
        var panes: Set<String> = []
        for _ in 0..<100 {
            time += 1
            let asked = plant.update(.tick(time))
            Self.answer(&plant, asked, at: time)
            if let open = plant.open {
                panes.insert("\(plant.lines[open].board.pane)")
                // What the open line asks for is asked; the others keep to their headlines.
                #expect(!asked.contains { $0.line != open && $0.effect.isDrill })
            }
        }
        #expect(panes.contains { $0.hasPrefix("principle") }, "\(panes)")
    }

    /// The lines of a shared engine: each hidden line asks for its headlines (the runtime asks them together,
    /// `Lines.works`), and nothing more while its answer is under way; an open line asks its own (with its
    /// culprits) and keeps it when the shared answer comes.
    @Test func sharedLinesAskTheirHeadlinesAndAnOpenLineKeepsItsOwn() {
        var plant = PlantState(
            title: "North works", lines: (0..<5).map(Fixture.line), size: Size(width: 120, height: 40),
            now: Fixture.now + 3, shared: [0, 1, 3, 4])
        let asked = plant.update(.tick(Fixture.now + 60))
        // Every line asks for its headlines, and a hidden line for nothing more.
        #expect(asked.filter { $0.effect == .refresh }.map(\.line) == [0, 1, 2, 3, 4], "\(asked)")
        #expect(asked.allSatisfy { $0.effect == .refresh }, "\(asked)")
        // While the answers are under way, nothing more is asked.
        #expect(plant.update(.key(.character("r"))).isEmpty)
        // The answers reach each line.
        let data = { (value: Double) in
            OverviewData(
                evaluation: Evaluation(
                    evaluatedAt: Fixture.now + 61, prometheus: "http://engine",
                    readings: PrincipleID.allCases.map { Reading(id: $0, value: value, status: .green) },
                    alerts: .success([])),
                culprits: [:], at: Fixture.now + 61)
        }
        _ = plant.updateShared([0, 1, 3, 4].map { (line: $0, event: Event.refreshed(data(7))) })
        #expect([0, 1, 3, 4].allSatisfy { plant.lines[$0].board.readings[.kanban]?.value == 7 })
        // Line 1 opened: its trends are asked for; its refreshes are its own, and a shared answer leaves it alone.
        let row = plant.rowOrder.firstIndex(of: 1)!
        for _ in 0..<row { _ = plant.update(.key(.down)) }
        let opened = plant.update(.key(.enter))
        #expect(plant.open == 1)
        #expect(opened.contains { $0.line == 1 && $0.effect == .fetchTrends(.hours24, points: 36) }, "\(opened)")
        let later = plant.update(.tick(Fixture.now + 200))
        #expect(later.contains { $0.line == 1 && $0.effect == .refresh }, "\(later)")
        _ = plant.updateShared([0, 1, 3, 4].map { (line: $0, event: Event.refreshed(data(9))) })
        #expect(plant.lines[1].board.readings[.kanban]?.value == 7)
        #expect(plant.lines[0].board.readings[.kanban]?.value == 9)
    }
}

extension Effect {
    var isDrill: Bool { if case .fetchDrill = self { true } else { false } }
}
