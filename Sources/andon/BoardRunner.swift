import AndonCore
import AndonTerminal
import Dispatch
import Foundation

/// The event loop: one stream of events into `BoardState.update`, effects carried out off the UI thread, and a
/// terminal thread that owns ncurses (draws finished grids, reads keys and resizes).
final class BoardRunner: Sendable {
    let config: Config
    let bell: BellPolicy
    let range: TrendRange
    let view: BoardView
    let theme: Theme
    let fetcher: BoardFetcher

    /// What the loop consumes: board events, or a signal that ends it.
    enum Input: Sendable {
        case event(Event)
        case signal(Int32)
        case terminalFailed(String)
    }

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
        let wakeup = Wakeup()
        let startError = Locked<String?>(nil)
        let size = Locked(Size(width: 80, height: 24))
    }

    private let shared = Shared()

    init(config: Config, bell: BellPolicy, range: TrendRange, view: BoardView, theme: Theme, fetcher: BoardFetcher) {
        self.config = config
        self.bell = bell
        self.range = range
        self.view = view
        self.theme = theme
        self.fetcher = fetcher
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Runs until `q` or a signal; returns the exit status.
    func run() async throws -> Int32 {
        let (stream, continuation) = AsyncStream<Input>.makeStream()
        // SIGINT, SIGTERM and SIGHUP end the board cleanly; SIGTSTP (Ctrl-Z) is carried out by the terminal
        // thread, between two draws, so that the terminal is restored before the process stops.
        ProcessSignals.receive { [shared] number in
            if number == SIGTSTP {
                shared.outbox.withLock { $0.suspend = true }
                shared.wakeup.signal()
            } else {
                continuation.yield(.signal(number))
            }
        }
        // Once the board has begun to end, more signals are ignored: a hang-up comes twice (from tmux or sshd,
        // and from the kernel as the terminal goes), and the default handling would run `exit` on the signal
        // thread while the main thread is already exiting (two exits at once: LeakSanitizer saw objects of a
        // refresh half freed).
        defer { ProcessSignals.receive { _ in } }
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [shared, theme] in
            let terminal: CursesTerminal
            do {
                terminal = try CursesTerminal(theme: theme)
            } catch {
                shared.startError.withLock { $0 = "\(error)" }
                ready.signal()
                return
            }
            shared.size.withLock { $0 = terminal.size }
            shared.wakeup.wakeOnResize()
            ready.signal()
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
                // resize (`wakeOnResize`), or a second at most.
                while let input = terminal.read(milliseconds: 0) {
                    switch input {
                    case .key(let key): continuation.yield(.event(.key(key)))
                    case .resize(let size): continuation.yield(.event(.resize(size)))
                    }
                }
                terminal.wait(milliseconds: 1000, wakeup: shared.wakeup)
            }
            shared.wakeup.stopWakingOnResize()
            terminal.stop()
            shared.outbox.withLock { $0.stopped = true }
        }
        thread.name = "andon-terminal"
        thread.start()
        ready.wait()
        if let error = shared.startError.withLock({ $0 }) {
            FileHandle.standardError.write(
                Data("andon: \(error); use `andon snapshot` or `andon check` instead\n".utf8))
            return 69
        }

        // The clock ticks on each second; with a refresh interval under a second, as often as the interval.
        let period = min(1, config.refresh)
        let ticker = Task {
            while !Task.isCancelled {
                continuation.yield(.event(.tick(Self.now())))
                let fraction = Self.now().truncatingRemainder(dividingBy: period)
                try? await Task.sleep(for: .milliseconds(Int((period - fraction) * 1000) + 5))
            }
        }
        var state = BoardState(
            config: config, bell: bell, now: Self.now(), size: shared.size.withLock { $0 }, at: fetcher.at)
        state.range = range
        var lastGrid: Grid?
        var status: Int32 = 0
        let effects = Effects(continuation: continuation)
        loop: for await input in stream {
            let event: Event
            switch input {
            case .event(let next): event = next
            case .signal(let number):
                // A kiosk ignores Ctrl-C from its keyboard; the system stops it with SIGTERM or SIGHUP.
                if number == SIGINT && config.kiosk { continue }
                status = 128 + number
                break loop
            case .terminalFailed(let message):
                FileHandle.standardError.write(Data("andon: \(message)\n".utf8))
                status = 1
                break loop
            }
            let asked = state.update(event)
            for effect in asked {
                // Fetches are for the instant the board shows when they are asked for (live, or history).
                var fetcher = self.fetcher
                fetcher.at = state.at
                switch effect {
                case .quit: break loop
                case .bell:
                    shared.outbox.withLock { $0.bell = true }
                    shared.wakeup.signal()
                case .refresh:
                    effects.start { [fetcher] in .refreshed(await fetcher.overview(now: Self.now())) }
                case .fetchTrends(let range, let points):
                    effects.start { [fetcher] in .trends(await fetcher.trends(range, points: points, now: Self.now())) }
                case .fetchDrill(let id, let range, let points):
                    effects.start { [fetcher] in
                        .drilled(await fetcher.drill(id, range: range, points: points, now: Self.now()))
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
                shared.wakeup.signal()
            }
        }
        ticker.cancel()
        // Nothing may still run when `exit` cleans up: no transfer inside libcurl or OpenSSL (closing the
        // transport ends them at once), no answer half decoded (cancelled, a decode stops within a few thousand
        // series; bounded all the same). LeakSanitizer reported a board that exited in the middle of a 50 MB one.
        effects.cancelAll()
        fetcher.client.transport.close()
        let deadline = Self.now() + 5
        while effects.running > 0 && Self.now() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        shared.outbox.withLock { $0.stop = true }
        shared.wakeup.signal()
        while !shared.outbox.withLock({ $0.stopped }) { try await Task.sleep(for: .milliseconds(10)) }
        return status
    }
}

/// The fetches under way: each runs as a task of its own and hands its answer to the loop as an event; kept, so
/// that the loop can cancel them (a decode of a large answer stops) and let them end before the process exits.
/// Guarded by an `NSLock`, a pthread mutex the thread sanitizer sees (it cannot see `Mutex`'s futex and atomics in
/// the uninstrumented standard library, and reported the hand-over between a task and the loop as a race).
private final class Effects: @unchecked Sendable {
    let continuation: AsyncStream<BoardRunner.Input>.Continuation
    private let lock = NSLock()
    private var next = 0  // guarded by `lock`
    private var tasks: [Int: Task<Void, Never>] = [:]  // guarded by `lock`

    init(continuation: AsyncStream<BoardRunner.Input>.Continuation) { self.continuation = continuation }

    var running: Int { lock.withLock { tasks.count } }

    func start(_ work: @escaping @Sendable () async -> Event) {
        lock.withLock {
            let id = next
            next += 1
            tasks[id] = Task { [self] in
                continuation.yield(.event(await work()))
                _ = lock.withLock { tasks.removeValue(forKey: id) }
            }
        }
    }

    func cancelAll() {
        for task in lock.withLock({ Array(tasks.values) }) { task.cancel() }
    }
}
