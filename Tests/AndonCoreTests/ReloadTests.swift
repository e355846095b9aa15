import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

#if canImport(Glibc)
    import Glibc
#endif

/// A reload (issue 22): the board goes on with the new configuration, keeping what it knows of principles whose
/// query did not change, judged at once against the new thresholds; an answer asked before it is dropped; a
/// reload that fails says why until the next one and keeps the old configuration; in the loop, SIGUSR1 and `R`
/// reload, and the event log keeps what the board saw.
@Suite("reload and the event log")
struct ReloadTests {
    static let now = 1_795_910_400.0

    /// An answer for `state`'s configuration: Kanban at `kanban` items, the others at a green value.
    static func answer(_ state: BoardState, kanban: Double, generation: Int? = nil) -> OverviewData {
        let readings = state.config.principles.map { spec in
            let value = spec.id == .kanban ? kanban : spec.id == .kaizen ? 99.0 : 0
            return Reading(id: spec.id, value: value, status: spec.thresholds.status(for: value))
        }
        var data = OverviewData(
            evaluation: Evaluation(evaluatedAt: now, prometheus: "http://p", readings: readings, alerts: .success([])),
            culprits: [:], at: state.now)
        data.generation = generation ?? state.config.generation
        return data
    }

    static func started(kanban: Double) -> BoardState {
        var state = BoardState(config: Config(), now: now, size: Size(width: 120, height: 40), range: .hour1)
        _ = state.update(.tick(now))
        _ = state.update(.refreshed(answer(state, kanban: kanban)))
        let points = stride(from: now - 3600, through: now, by: 60).map { Point(timestamp: $0, value: kanban) }
        let series = Dictionary(uniqueKeysWithValues: state.config.principles.map { ($0.id, points) })
        _ = state.update(.trends(TrendData(range: .hour1, series: series, error: nil, at: now)))
        return state
    }

    static func with(_ config: Config, kanban change: (inout PrincipleSpec) -> Void) -> Config {
        var config = config
        let index = config.principles.firstIndex { $0.id == .kanban }!
        change(&config.principles[index])
        return config
    }

    @Test func newThresholdsJudgeAtOnceAndTheTrendsStay() {
        var state = Self.started(kanban: 700)
        #expect(state.shown(.kanban).shown == .status(.yellow))
        let andonSince = state.statusSince[.andon]?.since
        _ = state.update(.tick(Self.now + 30))
        let effects = state.reconfigure(
            Self.with(state.config) {
                $0.thresholds = Thresholds(green: Condition(.less, 100), red: Condition(.greater, 600))
            })
        // Red at once, from the value the board has; asked again, but the trends are not fetched again.
        #expect(state.shown(.kanban).shown == .status(.red))
        #expect(effects == [.refresh])
        #expect(state.trends[.kanban]?.count == 61 && state.trends[.andon]?.count == 61)
        // The clocks: Kanban's restarts (its status changed), Andon's does not.
        #expect(state.statusSince[.kanban]?.since == Self.now + 30)
        #expect(state.statusSince[.andon]?.since == andonSince)
        // The answer asked before the reload (yellow by the old thresholds) is dropped.
        _ = state.update(.refreshed(Self.answer(state, kanban: 700, generation: 0)))
        #expect(state.shown(.kanban).shown == .status(.red))
        // The answer asked after it is taken.
        _ = state.update(.refreshed(Self.answer(state, kanban: 50)))
        #expect(state.shown(.kanban).shown == .status(.green))
    }

    @Test func aChangedQueryStartsBlankAndIsAskedAgain() {
        var state = Self.started(kanban: 700)
        let effects = state.reconfigure(Self.with(state.config) { $0.query = "max(other_queue_depth)" })
        #expect(state.readings[.kanban] == nil && state.trends[.kanban] == nil)
        #expect(state.readings[.andon] != nil && state.trends[.andon] != nil)
        #expect(effects.contains(.refresh) && effects.contains { if case .fetchTrends = $0 { true } else { false } })
        #expect(state.shown(.kanban).shown.effective == .unknown)
    }

    /// A reload that points the board at another Prometheus: nothing of the old one stays on screen, however
    /// fresh; every principle waits for the new one's first answer.
    @Test func anotherPrometheusStartsBlank() {
        var state = Self.started(kanban: 700)
        var next = state.config
        next.prometheus.url = "http://other:9090"
        let effects = state.reconfigure(next)
        #expect(state.readings.isEmpty && state.trends.isEmpty, "\(state.readings)")
        #expect(state.principles.allSatisfy { state.shown($0).shown.effective == .unknown })
        #expect(effects.contains(.refresh))
        #expect(BoardView().render(state).text.contains("waiting for the first answer"))
    }

    @Test func aFailedReloadSaysWhyUntilTheNext() {
        var state = Self.started(kanban: 700)
        state.reloaded("reload failed, old configuration kept: andon.yaml:3: refresh: expected a number", problem: true)
        _ = state.update(.tick(Self.now + 3600))
        let text = BoardView().render(state).text
        #expect(text.contains("reload failed, old configuration kept: andon.yaml:3: refresh"), "\(text)")
        state.reloaded("configuration reloaded", problem: false)
        _ = state.update(.tick(Self.now + 7200))
        #expect(!BoardView().render(state).text.contains("reload"))
    }

    /// The loop: SIGUSR1 and `R` reload through the reloader; the theme reaches the terminal; a failure keeps the
    /// board on the old configuration; the log has the start, the statuses, and each reload.
    @Test func theLoopReloadsOnASignalAndAKey() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let plant = BoardLoopTests.Plant()
        let clock = BoardLoopTests.clock()
        let fetcher = BoardFetcher(client: PrometheusClient(transport: plant), config: Config())
        let next = Locked<Result<Reloaded, ReloadFailure>?>(nil)
        let logged = Locked<[LogEntry]>([])
        let loop = BoardLoop(
            initial: BoardState(config: Config(), now: clock.now, size: Size(width: 1, height: 1)),
            view: BoardView(), runner: EffectRunner(fetcher: fetcher, clock: { clock.now }), terminal: { terminal },
            ticking: false, clock: clock,
            reloader: { next.withLock { $0 } ?? .failure(ReloadFailure("nothing to reload")) },
            eventLog: { entries in logged.withLock { $0 += entries } })
        let running = await BoardLoopTests.start(loop, clock)
        #expect(terminal.text.contains("Kanban") && terminal.text.contains("CRIT"))
        // Kanban is green in the recording; thresholds that make it red, and another theme.
        let kanbanRed = Self.with(Config()) {
            $0.thresholds = Thresholds(green: Condition(.less, -2), red: Condition(.greater, -1))
        }
        var reloaded = Reloaded(
            names: ["Andon"], configs: [kanbanRed], runners: [EffectRunner(fetcher: fetcher, clock: { clock.now })],
            theme: try ThemeLoader.load("light", folders: []), view: BoardView())
        // The on-call schedule is read again with it: here, one that cannot be read any more.
        reloaded.oncall = .problem("oncall.ics:3: DTSTART missing")
        #expect(!terminal.text.contains("on call"))
        next.withLock { $0 = .success(reloaded) }
        loop.signal(SIGUSR1)
        await loop.settled()
        #expect(terminal.text.contains("configuration reloaded"), "\(terminal.text)")
        #expect(terminal.text.contains("on call: ?"), "\(terminal.text)")
        #expect(terminal.themes == ["light"])
        next.withLock { $0 = .failure(ReloadFailure("andon.yaml:2: refresh: expected a number")) }
        terminal.type(.character("R"))
        await loop.settled()
        #expect(terminal.text.contains("reload failed, old configuration kept: andon.yaml:2"), "\(terminal.text)")
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
        let events = logged.withLock { $0 }.map(\.event)
        #expect(events.first == "start" && events.last == "stop", "\(events)")
        #expect(events.filter { $0 == "reload" }.count == 2, "\(events)")
        let kanban = logged.withLock { $0 }.filter {
            $0.event == "status" && $0.fields.contains(.init("principle", "Kanban"))
        }
        let statuses = kanban.map { entry in entry.fields.first { $0.key == "to" }?.value ?? "" }
        #expect(Array(statuses.prefix(2)) == ["green", "red"], "\(kanban)")
    }

    /// A reload asked for while one runs is not dropped: the running one's result (read before the file changed)
    /// is set aside and the configuration read again; the board ends on the newer one.
    @Test func aReloadDuringAReloadReadsAgain() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let plant = BoardLoopTests.Plant()
        let clock = BoardLoopTests.clock()
        let fetcher = BoardFetcher(client: PrometheusClient(transport: plant), config: Config())
        let calls = Locked(0)
        // The first reload waits at this gate until the test opens it, and says it has been called: no clock, no
        // sleep.
        let (gate, open) = AsyncStream<Void>.makeStream()
        let (called, call) = AsyncStream<Void>.makeStream()
        let older = Reloaded(
            names: ["Andon"], configs: [Config()], runners: [EffectRunner(fetcher: fetcher)],
            theme: try ThemeLoader.load("default", folders: []), view: BoardView())
        let newer = Reloaded(
            names: ["Andon"],
            configs: [
                Self.with(Config()) {
                    $0.thresholds = Thresholds(green: Condition(.less, -2), red: Condition(.greater, -1))
                }
            ], runners: [EffectRunner(fetcher: fetcher)], theme: try ThemeLoader.load("light", folders: []),
            view: BoardView())
        let loop = BoardLoop(
            initial: BoardState(config: Config(), now: clock.now, size: Size(width: 1, height: 1)),
            view: BoardView(), runner: EffectRunner(fetcher: fetcher, clock: { clock.now }), terminal: { terminal },
            ticking: false, clock: clock,
            reloader: {
                let number = calls.withLock { count in
                    count += 1
                    return count
                }
                call.yield(())
                guard number == 1 else { return .success(newer) }
                for await _ in gate { break }
                return .success(older)
            })
        let running = await BoardLoopTests.start(loop, clock)
        #expect(terminal.text.contains("Kanban") && terminal.text.contains("CRIT"))
        loop.signal(SIGUSR1)
        for await _ in called { break }
        #expect(calls.withLock { $0 } == 1)
        loop.signal(SIGUSR1)
        open.yield(())
        await loop.settled()
        #expect(terminal.text.contains("configuration reloaded"), "\(terminal.text)")
        #expect(terminal.themes == ["light"], "\(terminal.themes)")
        #expect(calls.withLock { $0 } == 2)
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }
}
