import AndonCore
import AndonTestSupport
import Testing

/// Kiosk mode in the pure core: the cycle, the dwell, interruptions, and what quits it.
@Suite("kiosk", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct KioskTests {
    static func reading(_ id: PrincipleID, _ value: Double) -> Reading {
        let spec = PrincipleSpec.standard(id)
        return Reading(id: id, value: value, status: spec.thresholds.status(for: value))
    }

    /// Kanban yellow, Andon red, the rest green (values in board order).
    static func data(_ values: [Double], at time: Double, alerts: [Alert] = []) -> OverviewData {
        let readings = zip(PrincipleID.allCases, values).map { reading($0, $1) }
        return OverviewData(
            evaluation: Evaluation(
                evaluatedAt: time, prometheus: "http://p", readings: readings, alerts: .success(alerts)),
            culprits: [:], at: time)
    }

    static let mixed: [Double] = [0, 700, 2, 99, 50, 1]
    static let allGreen: [Double] = [0, 10, 0.1, 99, 50, 1]

    static func kiosk(dwell: Double = 10) -> BoardState {
        var config = Config()
        config.kiosk = true
        config.dwell = dwell
        config.refresh = 1000  // refreshes only when a test feeds one
        return BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
    }

    static let critical = Alert(
        labels: ["alertname": "KanbanQueueDepthCritical", "severity": "critical", "principle": "kanban"],
        annotations: [:], state: .firing, activeAt: 0)

    @Test func cyclesThroughWhatIsNotGreenThenTheAlerts() {
        var state = Self.kiosk()
        _ = state.update(.refreshed(Self.data(Self.mixed, at: 0, alerts: [Self.critical])))
        #expect(state.kioskCycle == [.overview, .principle(.kanban), .principle(.andon), .alerts])
        var seen: [Pane] = [state.pane]
        for second in stride(from: 1.0, through: 45, by: 1) {
            let effects = state.update(.tick(second))
            if state.pane != seen.last! {
                seen.append(state.pane)
                if case .principle(let id) = state.pane {
                    #expect(effects.contains { if case .fetchDrill(id, _, _) = $0 { true } else { false } })
                }
            }
        }
        // Each view for its dwell (10 s), in order, and round again.
        #expect(seen == [.overview, .principle(.kanban), .principle(.andon), .alerts, .overview])
    }

    @Test func allGreenStaysOnTheOverview() {
        var state = Self.kiosk()
        _ = state.update(.refreshed(Self.data(Self.allGreen, at: 0)))
        for second in stride(from: 1.0, through: 60, by: 1) { _ = state.update(.tick(second)) }
        #expect(state.pane == .overview)
    }

    @Test func aPrincipleTurningRedInterruptsAtOnce() {
        var state = Self.kiosk(dwell: 30)
        _ = state.update(.refreshed(Self.data(Self.allGreen, at: 0)))
        _ = state.update(.tick(5))
        #expect(state.pane == .overview)
        var red = Self.allGreen
        red[5] = 9  // Tracing P99 9 s
        let effects = state.update(.refreshed(Self.data(red, at: 6)))
        #expect(state.pane == .principle(.tracing))
        #expect(effects.contains { if case .fetchDrill(.tracing, _, _) = $0 { true } else { false } })
        // It stays for a full dwell from then.
        _ = state.update(.tick(35))
        #expect(state.pane == .principle(.tracing))
        _ = state.update(.tick(36))
        #expect(state.pane != .principle(.tracing))
    }

    @Test func aNewCriticalAlertInterruptsWithTheAlertsPane() {
        var state = Self.kiosk(dwell: 30)
        _ = state.update(.refreshed(Self.data(Self.allGreen, at: 0)))
        _ = state.update(.refreshed(Self.data(Self.allGreen, at: 5, alerts: [Self.critical])))
        #expect(state.pane == .alerts)
    }

    @Test func strayKeysDoNothingAndQuitTypedQuits() {
        var state = Self.kiosk()
        _ = state.update(.refreshed(Self.data(Self.mixed, at: 0)))
        for key: Key in [.character("q"), .character("Q"), .escape, .character("1"), .enter, .character("a")] {
            #expect(state.update(.key(key)).isEmpty)
        }
        #expect(state.pane == .overview && !state.quitting)
        // Slowly: more than five seconds between keys starts over.
        for (index, character) in "quit".enumerated() {
            _ = state.update(.tick(Double(index) * 6 + 1))
            #expect(state.update(.key(.character(character))).isEmpty)
        }
        _ = state.update(.tick(30))
        var effects: [Effect] = []
        for character in "quit" { effects = state.update(.key(.character(character))) }
        #expect(effects == [.quit])
    }

    @Test func kioskScreenHasABigClockAndNoKeyHints() {
        var state = Self.kiosk()
        _ = state.update(.tick(5))  // 00:00 UTC, within the first dwell: the overview
        _ = state.update(.refreshed(Self.data(Self.mixed, at: 5)))
        #expect(state.pane == .overview)
        let grid = BoardView(unicode: true, braille: true).render(state)
        let lines = grid.text.split(separator: "\n")
        #expect(
            lines[1...5].contains { $0.hasSuffix("█  █   █  █ █  █ ") || $0.contains("█  █   █  █") },
            "no big clock:\n\(grid.text)")
        #expect(lines.last!.contains("KIOSK") && lines.last!.contains("type quit to leave"))
        #expect(!grid.text.contains("q quit"))
        // Andon is red: its frame is inverted (the alarm role).
        #expect(grid.roles.contains("A"))
    }
}
