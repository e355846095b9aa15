import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The board's event loop in memory: a `FakeTerminal` for the screen and the keyboard, recorded Prometheus
/// answers for the transport, and the clock in the test's hands: the loop ticks when the test posts a tick, and
/// after each step the test waits for the loop to settle (`BoardLoop.settled`) and asserts at once. Keys,
/// resizes, refresh results, the bell, signals and quitting; tmux proves the real terminal in the integration
/// tests.
@Suite("the event loop, in memory")
struct BoardLoopTests {
    /// The recorded plant, with alerts the test can change between refreshes.
    final class Plant: HTTPTransport, Sendable {
        let recorded = BoardRecording.transport
        let alerts = Locked<String>(#"{"status":"success","data":{"alerts":[]}}"#)
        let requests = Locked(0)

        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            self.requests.withLock { $0 += requests.count }
            let alerts = self.alerts.withLock { $0 }
            return requests.map { request in
                request.path == "/api/v1/alerts"
                    ? RecordedTransport.json(alerts)
                    : recorded.answers[RecordedTransport.key(request)] ?? recorded.fallback
            }
        }
    }

    static let criticalAlert = #"""
        {"status":"success","data":{"alerts":[{"labels":{"alertname":"KanbanNoAvailableWorkers","principle":"kanban",
        "severity":"critical","queue_name":"orders"},"annotations":{},"state":"firing",
        "activeAt":"2026-11-29T04:27:28Z","value":"0"}]}}
        """#

    /// The clock the loops of these tests read: it stands still until a test moves it.
    static func clock() -> ManualClock { ManualClock(Date().timeIntervalSince1970.rounded(.down)) }

    /// A loop over `plant` and a terminal, on `clock`, which ticks only when the test posts a tick.
    static func loop(
        _ plant: some HTTPTransport, terminal: FakeTerminal, config: Config = Config(), clock: ManualClock = clock()
    ) -> BoardLoop {
        let fetcher = BoardFetcher(client: PrometheusClient(transport: plant), config: config)
        return BoardLoop(
            initial: BoardState(config: config, now: clock.now, size: Size(width: 1, height: 1)), view: BoardView(),
            runner: EffectRunner(fetcher: fetcher, clock: { clock.now }), terminal: { terminal }, ticking: false,
            clock: clock)
    }

    /// Runs `loop`, ticks it once at `clock`'s time (its first refresh) and waits until it has drawn the answer.
    static func start(_ loop: BoardLoop, _ clock: ManualClock) async -> Task<Int32, any Error> {
        let running = Task { try await loop.run() }
        loop.post(.event(.tick(clock.now)))
        await loop.settled()
        return running
    }

    @Test func keysOpenADrillDownAndQuitEnds() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let clock = Self.clock()
        let loop = Self.loop(Plant(), terminal: terminal, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.text.contains("Kanban") && terminal.text.contains("CRIT"), "\(terminal.text)")
        terminal.type(.character("2"))
        await loop.settled()
        #expect(terminal.text.contains("Depth by queue"), "\(terminal.text)")
        terminal.type(.escape)
        await loop.settled()
        #expect(!terminal.text.contains("Depth by queue") && terminal.text.contains("Heijunka"), "\(terminal.text)")
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
        #expect(terminal.stopped)
    }

    @Test func aResizeRedrawsAtTheNewSize() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let clock = Self.clock()
        let loop = Self.loop(Plant(), terminal: terminal, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.drawn.last?.size == Size(width: 120, height: 40) && terminal.text.contains("Tracing"))
        terminal.resize(to: Size(width: 40, height: 12))
        await loop.settled()
        #expect(terminal.drawn.last?.size == Size(width: 40, height: 12))
        terminal.resize(to: Size(width: 10, height: 3))
        await loop.settled()
        #expect(terminal.text.contains("too small"), "\(terminal.text)")
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    /// Each refresh's answer is drawn; a new critical alert after the first refresh rings the bell once.
    @Test func refreshResultsAreDrawnAndANewCriticalAlertRings() async throws {
        let plant = Plant()
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        var config = Config()
        config.refresh = 30
        let clock = Self.clock()
        let loop = Self.loop(plant, terminal: terminal, config: config, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.text.contains("web: 98.0 /s errors") && terminal.text.contains("0 firing, 0 pending"))
        #expect(terminal.bells == 0)
        let asked = plant.requests.withLock { $0 }
        plant.alerts.withLock { $0 = Self.criticalAlert }
        // A refresh interval later.
        clock.advance(by: 30)
        loop.post(.event(.tick(clock.now)))
        await loop.settled()
        #expect(terminal.text.contains("KanbanNoAvailableWorkers"), "\(terminal.text)")
        #expect(plant.requests.withLock { $0 } > asked)
        #expect(terminal.bells == 1)
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    /// Prometheus unreachable: the loop keeps running and shows NO DATA, never green.
    @Test func nothingAnsweringShowsNoData() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let clock = Self.clock()
        let loop = Self.loop(RecordedTransport(), terminal: terminal, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.text.contains("NO DATA") && terminal.text.contains("connection refused"), "\(terminal.text)")
        #expect(!terminal.text.contains("✓ OK"))
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    @Test func aSignalEndsTheLoopWithItsStatusButAKioskIgnoresCtrlC() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        var config = Config()
        config.kiosk = true
        let clock = Self.clock()
        let loop = Self.loop(Plant(), terminal: terminal, config: config, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.text.contains("KIOSK"), "\(terminal.text)")
        loop.signal(SIGINT)
        terminal.type(.character("q"))  // a kiosk quits only on the word `quit`
        await loop.settled()
        let drawn = terminal.drawn.count
        // The kiosk's next view, a dwell later: the loop went on after Ctrl-C and q.
        clock.advance(by: config.dwell + 1)
        loop.post(.event(.tick(clock.now)))
        await loop.settled()
        #expect(terminal.drawn.count > drawn, "the loop went on after Ctrl-C and q")
        #expect(!terminal.stopped)
        loop.signal(SIGTERM)
        #expect(try await running.value == 128 + SIGTERM)
        #expect(terminal.stopped)
    }

    /// Input that arrives faster than frames can be drawn is taken as a burst and drawn once; a signal that
    /// ends the board is taken before the input queued ahead of it. (Before, each input drew a frame, and `q`
    /// or SIGTERM waited behind thousands of them.)
    @Test func aBurstIsOneFrameAndASignalJumpsTheQueue() async throws {
        let keys = FakeTerminal(size: Size(width: 120, height: 40))
        let burst = Self.loop(Plant(), terminal: keys)
        for _ in 0..<1_000 {
            burst.post(.event(.key(.character("?"))))
            burst.post(.event(.key(.character("?"))))
        }
        burst.post(.event(.key(.character("q"))))
        #expect(try await burst.run() == 0)
        #expect(keys.drawn.count <= 2, "\(keys.drawn.count) frames for one burst")

        let signalled = FakeTerminal(size: Size(width: 120, height: 40))
        let loop = Self.loop(Plant(), terminal: signalled)
        for _ in 0..<1_000 {
            loop.post(.event(.key(.character("?"))))
            loop.post(.event(.key(.character("?"))))
        }
        loop.signal(SIGTERM)
        #expect(try await loop.run() == 128 + SIGTERM)
        #expect(signalled.drawn.count <= 1, "\(signalled.drawn.count) frames before the signal was taken")
    }

    /// A terminal that hangs up ends the board as SIGHUP does, whether or not the signal comes.
    @Test func aTerminalThatHangsUpEndsTheBoard() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let clock = Self.clock()
        let loop = Self.loop(Plant(), terminal: terminal, clock: clock)
        let running = await Self.start(loop, clock)
        #expect(terminal.text.contains("Kanban"))
        terminal.hangUp()
        #expect(try await running.value == 128 + SIGHUP)
    }

    @Test func aTerminalThatCannotStartIsAnError() async throws {
        struct NoTerminal: Error, CustomStringConvertible { var description: String { "no terminal here" } }
        let fetcher = BoardFetcher(client: PrometheusClient(transport: RecordedTransport()), config: Config())
        let loop = BoardLoop(
            initial: BoardState(config: Config(), now: 0, size: Size(width: 80, height: 24)), view: BoardView(),
            runner: EffectRunner(fetcher: fetcher), terminal: { throw NoTerminal() })
        await #expect(throws: BoardLoop.TerminalUnusable.self) { try await loop.run() }
    }
}

/// The clock the loop tests hand in: time stands still until the test moves it, and a sleeper wakes when its
/// time has come (or it is cancelled), not before. A broken clock hangs here, within the time limit.
@Suite("a clock the test owns", .timeLimit(.minutes(1)))
struct ManualClockTests {
    @Test func aSleeperWakesWhenItsTimeComes() async {
        let clock = ManualClock(100)
        let order = Locked<[String]>([])
        let sleeper = Task {
            await clock.sleep(until: 105)
            order.withLock { $0.append("woke at \(clock.now)") }
        }
        clock.advance(by: 4)
        order.withLock { $0.append("advanced to \(clock.now)") }
        clock.advance(by: 1)
        await sleeper.value
        #expect(order.withLock { $0 } == ["advanced to 104.0", "woke at 105.0"])
        // A time already past: at once.
        await clock.sleep(until: 50)
        #expect(clock.now == 105)
    }

    @Test func aCancelledSleeperWakes() async {
        let clock = ManualClock(0)
        let sleeper = Task { await clock.sleep(until: 1_000) }
        sleeper.cancel()
        await sleeper.value
        #expect(clock.now == 0)
    }
}
