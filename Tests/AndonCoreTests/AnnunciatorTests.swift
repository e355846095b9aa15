import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The annunciator's discipline on a held clock: the first principle out of a calm board is marked, and only it;
/// a red that cleared before anyone acknowledged it stays latched until `A`; a return to green rings back, twice.
@Suite(
    "first-out, latch and ringback",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct AnnunciatorTests {
    /// Jidoka, Kanban, Andon, Kaizen, Heijunka, Tracing: all green, and the values that make each red.
    static let green: [Double] = [0, 10, 0.1, 99, 50, 1]
    static let red: [Double] = [50, 1500, 2, 80, 95, 9]

    /// The values with `reds` red and the rest green.
    static func values(_ reds: Set<PrincipleID>) -> [Double] {
        PrincipleID.allCases.enumerated().map { reds.contains($1) ? red[$0] : green[$0] }
    }

    static func alert(_ name: String, _ principle: PrincipleID, since: Double, ackedBy: String? = nil) -> Alert {
        var alert = Alert(
            labels: ["alertname": name, "severity": "critical", "principle": principle.rawValue], annotations: [:],
            state: .firing, activeAt: since)
        if let ackedBy {
            alert.suppression = .silenced([
                Silence(
                    id: "s-\(name)", matchers: [], createdBy: ackedBy, comment: Silence.ackMarker + " on it",
                    startsAt: since, endsAt: since + 3600, state: .active)
            ])
        }
        return alert
    }

    /// A board as the response tests have it, with `alarms`.
    static func board(_ alarms: AlarmsConfig = AlarmsConfig()) -> BoardState {
        var state = ResponseTests.board()
        var config = state.config
        config.alarms = alarms
        state = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        return state
    }

    /// A refresh at `at`: the `alarm` hooks' kinds, with their principles, and the log's `alarm` lines.
    static func step(
        _ state: inout BoardState, at: Double, reds: Set<PrincipleID>, alerts: [Alert] = []
    ) -> (hooks: [String], log: [String], bells: Int) {
        let before = state
        let effects = state.update(.refreshed(KioskTests.data(values(reds), at: at, alerts: alerts)))
        let hooks = effects.compactMap { effect -> String? in
            guard case .hook(let event) = effect, event.trigger == .alarm else { return nil }
            return "\(event.alarm) \(event.principle?.rawValue ?? "-")"
        }
        let log = EventLog.changes(from: before, to: state, line: nil).filter { $0.event == "alarm" }.map {
            EventLogFormat.line($0, format: .text).split(separator: " ").dropFirst().joined(separator: " ")
        }
        return (hooks, log, effects.filter { $0 == .bell }.count)
    }

    @Test func aCascadeHasOneFirstOut() {
        var state = Self.board()
        _ = Self.step(&state, at: 0, reds: [])
        // Calm for five minutes; Kanban goes red: the first out.
        let kanban = Self.alert("KanbanDeep", .kanban, since: 390)
        var seen = Self.step(&state, at: 400, reds: [.kanban], alerts: [kanban])
        #expect(state.firstOut == .kanban && seen.hooks == ["first_out kanban"])
        #expect(seen.log == ["alarm principle=Kanban alarm=first_out"])
        var screen = BoardView().render(state).text
        #expect(screen.contains("Kanban · deepest queue · FIRST OUT"), "\(screen)")
        // A minute later Heijunka and Tracing follow: the same cascade, no other mark.
        let cascade = [
            kanban, Self.alert("HeijunkaHot", .heijunka, since: 455), Self.alert("TracingSlow", .tracing, since: 450),
        ]
        seen = Self.step(&state, at: 460, reds: [.kanban, .heijunka, .tracing], alerts: cascade)
        #expect(state.firstOut == .kanban && seen.hooks.isEmpty)
        screen = BoardView().render(state).text
        #expect(screen.components(separatedBy: "FIRST OUT").count == 2, "\(screen)")
        // The alerts pane, oldest first (s): the cascade's first-fired alert marked; s again: as listed.
        _ = state.update(.key(.character("a")))
        _ = state.update(.key(.character("s")))
        #expect(state.alertsByStart && state.alerts.map(\.name) == ["KanbanDeep", "TracingSlow", "HeijunkaHot"])
        screen = BoardView().render(state).text
        #expect(screen.contains("FIRST OUT FIRING critical  KanbanDeep"), "\(screen)")
        #expect(screen.components(separatedBy: "FIRST OUT").count == 2 && screen.contains("s as listed"), "\(screen)")
        #expect(state.update(.key(.character("s"))).contains(.refresh) && !state.alertsByStart)
        // Kanban acknowledged: no longer marked.
        var acked = cascade
        acked[0] = Self.alert("KanbanDeep", .kanban, since: 390, ackedBy: "ana")
        _ = Self.step(&state, at: 470, reds: [.kanban, .heijunka, .tracing], alerts: acked)
        #expect(state.firstOut == nil)
    }

    @Test func ofRedsAtOnceTheOldestAlertIsFirstAndCalmMustLast() {
        var state = Self.board()
        _ = Self.step(&state, at: 0, reds: [])
        let alerts = [Self.alert("KanbanDeep", .kanban, since: 395), Self.alert("TracingSlow", .tracing, since: 380)]
        _ = Self.step(&state, at: 400, reds: [.kanban, .tracing], alerts: alerts)
        #expect(state.firstOut == .tracing)
        // All green: the cascade is over. Red again two minutes later: not calm long enough for a first out.
        _ = Self.step(&state, at: 500, reds: [])
        #expect(state.firstOut == nil && state.calmSince == 500)
        _ = Self.step(&state, at: 620, reds: [.andon])
        #expect(state.firstOut == nil)
    }

    @Test func aRedThatClearedUnacknowledgedStaysLatched() throws {
        var state = Self.board()
        _ = Self.step(&state, at: 0, reds: [])
        _ = Self.step(&state, at: 10, reds: [.andon], alerts: [Self.alert("AndonErrors", .andon, since: 5)])
        // Thirty seconds of red, then green, nobody answered: latched, and the ringback rings (twice).
        var seen = Self.step(&state, at: 40, reds: [])
        #expect(state.latched == [.andon: 40])
        #expect(seen.hooks == ["ringback andon", "latched andon"] && seen.bells == 1)
        #expect(seen.log == ["alarm principle=Andon alarm=ringback", "alarm principle=Andon alarm=latched"])
        #expect(state.update(.tick(40.5)).filter { $0 == .bell }.isEmpty)
        #expect(state.update(.tick(41)).filter { $0 == .bell }.count == 1)
        // Shown in its own role, never as plain green: its frame and its line.
        let grid = BoardView().render(state)
        #expect(grid.text.contains("CLEARED, UNACKNOWLEDGED · <1m ago"), "\(grid.text)")
        #expect(grid.roles.contains("L"))
        // Hours later it still says so; A on it acknowledges it.
        _ = state.update(.tick(4 * 3600))
        #expect(state.latched[.andon] != nil)
        for key in ["→", "→"] where key == "→" { _ = state.update(.key(.right)) }
        #expect(state.principles[state.selection] == .andon)
        let before = state
        let acknowledged = state.update(.key(.character("A")))
        #expect(state.latched.isEmpty && state.notice?.text == "Andon: the cleared red is acknowledged")
        #expect(
            acknowledged.compactMap { if case .hook(let event) = $0 { event.alarm } else { nil } } == [
                "latch_acknowledged"
            ])
        #expect(EventLog.changes(from: before, to: state, line: nil).map(\.event) == ["alarm"])
        // A red acknowledged while it was red does not latch.
        _ = Self.step(
            &state, at: 4 * 3600 + 10, reds: [.andon],
            alerts: [
                Self.alert("AndonErrors", .andon, since: 4 * 3600, ackedBy: "bo")
            ])
        seen = Self.step(&state, at: 4 * 3600 + 20, reds: [])
        #expect(state.latched.isEmpty && seen.hooks == ["ringback andon"])
    }

    /// `andon ack --cleared` is a hold that matches no alert; a board reads it while latched: made after the red
    /// cleared, for the principle or for all, it acknowledges the latch; an older one does not.
    @Test func aLatchAcknowledgedFromAShell() {
        var state = Self.board()
        _ = Self.step(&state, at: 0, reds: [])
        _ = Self.step(&state, at: 10, reds: [.andon, .kanban])
        let seen = state.update(.refreshed(KioskTests.data(Self.green, at: 40)))
        #expect(state.latched.keys.sorted { $0.rawValue < $1.rawValue } == [.andon, .kanban])
        #expect(seen.contains(.readLatchAcks))
        func hold(_ principle: PrincipleID?, at: Double, by: String) -> Silence {
            let ack = Acknowledgement.latches(of: principle, by: by, now: at, note: "seen")
            return Silence(
                id: by, matchers: ack.matchers, createdBy: by, comment: Silence.ackMarker + " seen", startsAt: at,
                endsAt: at + 60, state: .active)
        }
        #expect(
            hold(.andon, at: 0, by: "x").latches == .some(.andon) && hold(nil, at: 0, by: "x").latches == .some(nil))
        // Yesterday's does nothing; Andon's clears Andon's only; one for all clears the rest.
        _ = state.update(.latchAcks([hold(nil, at: 5, by: "old")]))
        #expect(state.latched.count == 2)
        let hooks = state.update(.latchAcks([hold(.andon, at: 50, by: "ana")]))
        #expect(
            state.latched.keys.map(\.self) == [.kanban]
                && state.notice?.text == "Andon: the cleared red is acknowledged by ana")
        #expect(
            hooks.compactMap { if case .hook(let event) = $0 { event.alarm } else { nil } } == ["latch_acknowledged"])
        _ = state.update(.latchAcks([hold(nil, at: 60, by: "bo")]))
        #expect(state.latched.isEmpty)
        // Nothing latched: the holds are not read.
        #expect(!state.update(.refreshed(KioskTests.data(Self.green, at: 70))).contains(.readLatchAcks))
    }

    /// A board that starts during a cascade (or a snapshot) reads its first out from the status history: the red
    /// that began first, when nothing was red in the calm before it; and says it in its JSON.
    @Test func aCascadeUnderWayReadFromTheHistory() throws {
        let now = 10_000.0
        func board(red: [PrincipleID: ClosedRange<Double>]) -> BoardState {
            var state = Self.board()
            let redNow = Set(red.filter { $0.value.contains(now) }.keys)
            _ = state.update(.refreshed(KioskTests.data(Self.values(redNow), at: now)))
            var series: [PrincipleID: [Point]] = [:]
            for (index, id) in PrincipleID.allCases.enumerated() {
                series[id] = stride(from: 6400.0, through: now, by: 60).map { time in
                    let isRed = red[id]?.contains(time) ?? false
                    return Point(timestamp: time, value: isRed ? Self.red[index] : Self.green[index])
                }
            }
            _ = state.update(
                .trends(
                    TrendData(
                        range: .hour1, series: series, error: nil, at: now,
                        window: TrendWindow(start: 6400, end: now, step: 60))))
            return state
        }
        // Kanban red since 9,100, Heijunka since 9,160: Kanban began it.
        var state = board(red: [.kanban: 9100...now, .heijunka: 9160...now])
        #expect(state.firstOut == .kanban)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(state.json().serialized().utf8)) as? [String: Any])
        let rows = try #require(json["principles"] as? [[String: Any]])
        #expect(rows.filter { $0["first_out"] as? Bool == true }.map { $0["id"] as? String } == ["kanban"], "\(rows)")
        // Tracing was red until two minutes before Kanban: no calm before it, no first out.
        state = board(red: [.kanban: 9100...now, .tracing: 8800...8980])
        #expect(state.firstOut == nil)
        // Red since before the history begins: when it began is not known.
        state = board(red: [.kanban: 0...now])
        #expect(state.firstOut == nil)
    }

    /// A plant marks the line that went red first out of a calm plant, on its row, until the plant is all green.
    @Test func aPlantsFirstOutLine() throws {
        var config = Config()
        config.alarms.firstOut = 60
        let names = ["north", "south", "east"]
        var plant = PlantState(
            title: "Works", names: names,
            boards: names.map { _ in BoardState(config: config, now: 0, size: Size(width: 120, height: 40)) },
            size: Size(width: 120, height: 40), now: 0)
        func refresh(at: Double, red: [Int: [Alert]]) {
            for index in names.indices {
                let values = red[index] != nil ? Self.values([.kanban]) : Self.green
                _ = plant.update(
                    .refreshed(KioskTests.data(values, at: at, alerts: red[index] ?? [])), line: index)
            }
        }
        refresh(at: 0, red: [:])
        // South and east red at once after a calm minute: south's alert began first.
        refresh(
            at: 100,
            red: [
                1: [Self.alert("KanbanDeep", .kanban, since: 80)], 2: [Self.alert("KanbanDeep", .kanban, since: 90)],
            ])
        #expect(plant.firstOutLine == "south")
        let screen = PlantView().render(plant).text
        #expect(screen.components(separatedBy: "✗ FIRST").count == 2, "\(screen)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(plant.json().serialized().utf8)) as? [String: Any])
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.filter { $0["first_out"] as? Bool == true }.map { $0["name"] as? String } == ["south"])
        refresh(at: 200, red: [:])
        #expect(plant.firstOutLine == nil)
    }

    @Test func eachCanBeTurnedOff() throws {
        var state = Self.board(AlarmsConfig(firstOut: nil, latch: false, ringback: false))
        _ = Self.step(&state, at: 0, reds: [])
        _ = Self.step(&state, at: 400, reds: [.andon])
        let seen = Self.step(&state, at: 500, reds: [])
        #expect(state.firstOut == nil && state.latched.isEmpty && seen.hooks.isEmpty && seen.bells == 0)
        let config = try ConfigParser.parse(
            yaml: "alarms: {first_out: off, latch: false, ringback: false}\n", file: "c.yaml", directory: nil)
        #expect(config.alarms == AlarmsConfig(firstOut: nil, latch: false, ringback: false))
        #expect(
            try ConfigParser.parse(yaml: "alarms: {first_out: 10m}\n", file: "c.yaml", directory: nil).alarms.firstOut
                == 600)
        #expect(throws: ConfigError.self) {
            try ConfigParser.parse(yaml: "alarms: {first_in: 10m}\n", file: "c.yaml", directory: nil)
        }
    }
}
