import AndonCore
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The board's event loop: one stream of inputs into `BoardState.update`, the effects carried out off the UI
/// thread by an `EffectRunner`, and a terminal thread that owns the `TerminalPort` (draws finished grids, reads
/// keys and resizes). The executable wires it to ncurses and the process's signals; tests to a `FakeTerminal`.
public final class BoardLoop: Sendable {
    /// What the loop consumes: board events, or a signal that ends it.
    public enum Input: Sendable {
        case event(Event)
        case signal(Int32)
    }

    /// The terminal could not be opened (the board cannot run; `snapshot` and `check` can).
    public struct TerminalUnusable: Error, CustomStringConvertible {
        public var description: String
    }

    let initial: BoardState
    let view: BoardView
    let runner: EffectRunner
    /// The hooks (`hooks:`), when any are configured.
    let hooks: HookRunner?
    let makeTerminal: @Sendable () throws -> any TerminalPort
    /// Whether the loop ticks by itself, once a second (false: the ticks are posted, as tests do).
    let ticking: Bool

    private let stream: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation
    private let shared = Shared()

    /// The hand-over to the terminal thread: the newest grid, a bell, and the stop request.
    struct Outbox {
        var grid: Grid?
        var bell = false
        var stop = false
        var suspend = false
        var stopped = false
    }

    /// State shared with the terminal thread (under `Locked`, which the thread sanitizer can see).
    final class Shared: Sendable {
        let outbox = Locked(Outbox())
        /// Wakes the terminal thread when the outbox has something for it.
        let waker = Locked<(any TerminalWaker)?>(nil)
        let startError = Locked<String?>(nil)
        let size = Locked(Size(width: 80, height: 24))

        func wake() { waker.withLock { $0 }?.wake() }
    }

    /// A loop that starts from `initial` (its size is replaced by the terminal's) and makes its terminal with
    /// `terminal`, on the terminal thread.
    public init(
        initial: BoardState, view: BoardView, runner: EffectRunner,
        terminal: @escaping @Sendable () throws -> any TerminalPort, ticking: Bool = true,
        hookEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.initial = initial
        self.view = view
        self.runner = runner
        self.makeTerminal = terminal
        self.ticking = ticking
        let (stream, continuation) = AsyncStream<Input>.makeStream(of: Input.self)
        (self.stream, self.continuation) = (stream, continuation)
        hooks =
            initial.config.hooks.isEmpty
            ? nil
            : HookRunner(hooks: initial.config.hooks, environment: hookEnvironment) { name, reason in
                continuation.yield(.event(.hookFailed(name: name, reason: reason)))
            }
    }

    /// Hands the loop an input from any thread: an event, or a signal's number.
    public func post(_ input: Input) { continuation.yield(input) }

    /// A signal for the board: SIGTSTP (Ctrl-Z) is carried out by the terminal thread between two draws, so that
    /// the terminal is restored before the process stops; SIGINT, SIGTERM and SIGHUP end the loop (a kiosk
    /// ignores SIGINT from its keyboard).
    public func signal(_ number: Int32) {
        if number == SIGTSTP {
            shared.outbox.withLock { $0.suspend = true }
            shared.wake()
        } else {
            post(.signal(number))
        }
    }

    /// Runs until `q` or a signal; returns the exit status (0, or 128 + the signal's number).
    public func run() async throws -> Int32 {
        try startTerminal()
        let clock = runner.clock
        // The clock ticks on each second; with a refresh interval under a second, as often as the interval.
        let period = min(1, initial.config.refresh)
        let ticker = Task { [continuation, ticking] in
            guard ticking else { return }
            while !Task.isCancelled {
                continuation.yield(.event(.tick(clock())))
                let fraction = clock().truncatingRemainder(dividingBy: period)
                try? await Task.sleep(for: .milliseconds(Int((period - fraction) * 1000) + 5))
            }
        }
        var state = initial
        _ = state.update(.resize(shared.size.withLock { $0 }))
        var lastGrid: Grid?
        var status: Int32 = 0
        let effects = Effects(continuation: continuation)
        loop: for await input in stream {
            let event: Event
            switch input {
            case .event(let next): event = next
            case .signal(let number):
                if number == SIGINT && state.config.kiosk { continue }
                status = 128 + number
                break loop
            }
            let asked = state.update(event)
            for effect in asked {
                switch effect {
                case .quit: break loop
                case .bell:
                    shared.outbox.withLock { $0.bell = true }
                    shared.wake()
                case .hook(let event):
                    hooks?.run(event)
                case .acknowledge:
                    // A kiosk never writes, whatever asked it to.
                    guard !state.config.kiosk else { continue }
                    effects.start { [runner] in await runner.perform(effect, at: nil) }
                case .refresh, .fetchTrends, .fetchDrill, .listVariables:
                    // Fetches are for the instant the board shows when they are asked for (live, or history).
                    effects.start { [runner, at = state.at, config = state.config] in
                        await runner.perform(effect, at: at, config: config)
                    }
                }
            }
            // A tick that starts a refresh is not drawn once something is on the screen: the answer comes within
            // milliseconds and is drawn then (at a 1 s refresh, one frame a second instead of two); if it does not
            // come, the next tick draws.
            if case .tick = event, lastGrid != nil, asked.contains(.refresh) { continue }
            let grid = view.render(state)
            if grid != lastGrid {
                lastGrid = grid
                shared.outbox.withLock { $0.grid = grid }
                shared.wake()
            }
        }
        ticker.cancel()
        // Nothing may still run when `exit` cleans up: no transfer inside libcurl or OpenSSL (closing the
        // transport ends them at once), no answer half decoded (cancelled, a decode stops within a few thousand
        // series; bounded all the same). LeakSanitizer reported a board that exited in the middle of a 50 MB one.
        effects.cancelAll()
        runner.fetcher.client.transport.close()
        runner.fetcher.alertmanager?.transport.close()
        hooks?.stop()
        let deadline = clock() + 5
        while effects.running > 0 && clock() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        shared.outbox.withLock { $0.stop = true }
        shared.wake()
        while !shared.outbox.withLock({ $0.stopped }) { try await Task.sleep(for: .milliseconds(10)) }
        return status
    }

    /// Starts the terminal thread and waits until its terminal is open (or could not be).
    private func startTerminal() throws {
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [shared, continuation, makeTerminal] in
            let terminal: any TerminalPort
            do {
                terminal = try makeTerminal()
            } catch {
                shared.startError.withLock { $0 = "\(error)" }
                ready.signal()
                return
            }
            shared.size.withLock { $0 = terminal.size }
            shared.waker.withLock { $0 = terminal.waker }
            ready.signal()
            Self.serve(terminal, shared: shared, continuation: continuation)
        }
        thread.name = "andon-terminal"
        thread.start()
        ready.wait()
        if let error = shared.startError.withLock({ $0 }) { throw TerminalUnusable(description: error) }
    }

    /// The terminal thread's work: draw what the loop handed over, deliver what was typed, sleep until more.
    private static func serve(
        _ terminal: any TerminalPort, shared: Shared, continuation: AsyncStream<Input>.Continuation
    ) {
        while true {
            let (grid, ring, stop, suspend) = shared.outbox.withLock { box -> (Grid?, Bool, Bool, Bool) in
                defer {
                    box.grid = nil
                    box.bell = false
                    box.suspend = false
                }
                return (box.grid, box.bell, box.stop, box.suspend)
            }
            if stop { break }
            if suspend, let size = terminal.suspend() {
                continuation.yield(.event(.resize(size)))
            }
            if let grid { terminal.draw(grid) }
            if ring { terminal.bell() }
            // Every key and resize already waiting, then sleep until input, a hand-over from the loop or a
            // resize, or a second at most.
            while let input = terminal.read() {
                switch input {
                case .key(let key): continuation.yield(.event(.key(key)))
                case .resize(let size): continuation.yield(.event(.resize(size)))
                }
            }
            terminal.wait(milliseconds: 1000)
        }
        terminal.stop()
        shared.outbox.withLock { $0.stopped = true }
    }
}

/// The fetches under way: each runs as a task of its own and hands its answer to the loop as an event; kept, so
/// that the loop can cancel them (a decode of a large answer stops) and let them end before the process exits.
private final class Effects: Sendable {
    let continuation: AsyncStream<BoardLoop.Input>.Continuation
    private let tasks = Locked<(next: Int, running: [Int: Task<Void, Never>])>((0, [:]))

    init(continuation: AsyncStream<BoardLoop.Input>.Continuation) { self.continuation = continuation }

    var running: Int { tasks.withLock { $0.running.count } }

    func start(_ work: @escaping @Sendable () async -> Event?) {
        tasks.withLock { tasks in
            let id = tasks.next
            tasks.next += 1
            tasks.running[id] = Task { [self] in
                if let event = await work() { continuation.yield(.event(event)) }
                _ = self.tasks.withLock { $0.running.removeValue(forKey: id) }
            }
        }
    }

    func cancelAll() {
        for task in tasks.withLock({ Array($0.running.values) }) { task.cancel() }
    }
}
