import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The board's event loop in memory: a `FakeTerminal` for the screen and the keyboard, recorded Prometheus
/// answers for the transport. Keys, resizes, refresh results, the bell, signals and quitting, each in well under
/// a second; tmux proves the real terminal in the integration tests.
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

    /// A loop over `plant` and a terminal of `size`; `ticking: false` leaves the clock to the test.
    static func loop(
        _ plant: some HTTPTransport, terminal: FakeTerminal, config: Config = Config(), ticking: Bool = true
    ) -> BoardLoop {
        let fetcher = BoardFetcher(client: PrometheusClient(transport: plant), config: config)
        return BoardLoop(
            initial: BoardState(config: config, now: Date().timeIntervalSince1970, size: Size(width: 1, height: 1)),
            view: BoardView(), runner: EffectRunner(fetcher: fetcher), terminal: { terminal }, ticking: ticking)
    }

    @Test func keysOpenADrillDownAndQuitEnds() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let loop = Self.loop(Plant(), terminal: terminal)
        let running = Task { try await loop.run() }
        #expect(await terminal.until { $0.text.contains("Kanban") && $0.text.contains("CRIT") })
        terminal.type(.character("2"))
        #expect(await terminal.until { $0.text.contains("Depth by queue") })
        terminal.type(.escape)
        #expect(await terminal.until { !$0.text.contains("Depth by queue") && $0.text.contains("Heijunka") })
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
        #expect(terminal.stopped)
    }

    @Test func aResizeRedrawsAtTheNewSize() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let loop = Self.loop(Plant(), terminal: terminal)
        let running = Task { try await loop.run() }
        #expect(await terminal.until { $0.size == Size(width: 120, height: 40) && $0.text.contains("Tracing") })
        terminal.resize(to: Size(width: 40, height: 12))
        #expect(await terminal.until { $0.size == Size(width: 40, height: 12) })
        terminal.resize(to: Size(width: 10, height: 3))
        #expect(await terminal.until { $0.text.contains("too small") })
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    /// Each refresh's answer is drawn; a new critical alert after the first refresh rings the bell once.
    @Test func refreshResultsAreDrawnAndANewCriticalAlertRings() async throws {
        let plant = Plant()
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        var config = Config()
        config.refresh = 30
        let loop = Self.loop(plant, terminal: terminal, config: config, ticking: false)
        let running = Task { try await loop.run() }
        let start = Date().timeIntervalSince1970
        loop.post(.event(.tick(start)))
        // The first answer is on the screen (the alert strip reads the same before any answer, so the value is
        // what tells): only then may the alerts change, or the first answer would already bring them.
        #expect(
            await terminal.until { $0.text.contains("web: 98.0 /s errors") && $0.text.contains("0 firing, 0 pending") })
        #expect(terminal.bells == 0)
        let asked = plant.requests.withLock { $0 }
        plant.alerts.withLock { $0 = Self.criticalAlert }
        // Due a refresh interval after the answer, which may have come a while after `start` on a busy machine.
        loop.post(.event(.tick(Date().timeIntervalSince1970 + 31)))
        #expect(await terminal.until { $0.text.contains("KanbanNoAvailableWorkers") })
        #expect(plant.requests.withLock { $0 } > asked)
        #expect(await Self.eventually { terminal.bells == 1 })
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    /// Prometheus unreachable: the loop keeps running and shows NO DATA, never green.
    @Test func nothingAnsweringShowsNoData() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        let loop = Self.loop(RecordedTransport(), terminal: terminal)
        let running = Task { try await loop.run() }
        #expect(await terminal.until { $0.text.contains("NO DATA") && $0.text.contains("connection refused") })
        #expect(!terminal.text.contains("✓ OK"))
        terminal.type(.character("q"))
        #expect(try await running.value == 0)
    }

    @Test func aSignalEndsTheLoopWithItsStatusButAKioskIgnoresCtrlC() async throws {
        let terminal = FakeTerminal(size: Size(width: 120, height: 40))
        var config = Config()
        config.kiosk = true
        let loop = Self.loop(Plant(), terminal: terminal, config: config)
        let running = Task { try await loop.run() }
        #expect(await terminal.until { $0.text.contains("KIOSK") })
        loop.signal(SIGINT)
        terminal.type(.character("q"))  // a kiosk quits only on the word `quit`
        let drawn = terminal.drawn.count
        loop.post(.event(.tick(Date().timeIntervalSince1970 + 1)))
        #expect(await Self.eventually { terminal.drawn.count > drawn }, "the loop went on after Ctrl-C and q")
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
        let burst = Self.loop(Plant(), terminal: keys, ticking: false)
        for _ in 0..<1_000 {
            burst.post(.event(.key(.character("?"))))
            burst.post(.event(.key(.character("?"))))
        }
        burst.post(.event(.key(.character("q"))))
        #expect(try await burst.run() == 0)
        #expect(keys.drawn.count <= 2, "\(keys.drawn.count) frames for one burst")

        let signalled = FakeTerminal(size: Size(width: 120, height: 40))
        let loop = Self.loop(Plant(), terminal: signalled, ticking: false)
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
        let loop = Self.loop(Plant(), terminal: terminal)
        let running = Task { try await loop.run() }
        #expect(await terminal.until { $0.text.contains("Kanban") })
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

    static func eventually(seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
        await Wait.holds(timeout: seconds, every: .milliseconds(2)) { condition() }
    }
}
