import AndonCore
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The board's event loop: one stream of inputs into `PlantState.update` (a board of one line is a plant of one
/// line), the effects carried out off the UI thread by each line's `EffectRunner`, and a terminal thread that
/// owns the `TerminalPort` (draws finished grids, reads keys and resizes). The executable wires it to ncurses
/// and the process's signals; tests to a `FakeTerminal`.
public final class BoardLoop: Sendable {
    /// What the loop consumes: events for the plant (keys, resizes, the clock), a line's answers, or a signal
    /// that ends it.
    public enum Input: Sendable {
        case event(Event)
        case answer(line: Int, Event)
        /// The answers of a shared refresh (`PlantFetcher`), each for its line.
        case sharedAnswers([(line: Int, event: Event)])
        case signal(Int32)
        /// What a reload (SIGUSR1 or `R`) produced.
        case reloaded(Result<Reloaded, ReloadFailure>)
    }

    /// The terminal could not be opened (the board cannot run; `snapshot` and `check` can).
    public struct TerminalUnusable: Error, CustomStringConvertible {
        public var description: String
    }

    let initial: PlantState
    let view: BoardView
    let plantView: PlantView
    /// What the lines are asked through: each line's runner (nil for a line that cannot be asked: it stays as it
    /// started, blind), and the lines of a shared engine asked together (`PlantState.shared`).
    let lines: Lines
    /// The hooks (`hooks:`), when any are configured.
    let hooks: HookRunner?
    let makeTerminal: @Sendable () throws -> any TerminalPort
    /// Whether the loop ticks by itself, once a second (false: the ticks are posted).
    let ticking: Bool
    /// The loop's time: its ticks, and the times of its log (the wall clock; a test's clock in tests).
    let clock: any LoopClock
    /// Rereads the configuration, profile and theme (SIGUSR1, `R`); nil: the board cannot reload (a replay).
    let reloader: Reloader?
    /// Whether to reload once as soon as the loop runs: a board whose profiles are detected shows itself first
    /// and reads them as a reload (the configuration is read again, with detection).
    let reloadAtStart: Bool
    /// Where the events the board sees go (`log:`); nil: no log.
    let eventLog: (@Sendable ([LogEntry]) -> Void)?
    /// Why the event log's last lines could not be written (a full disk), or nil: said on the board.
    let eventLogProblem: (@Sendable () -> String?)?
    let hookEnvironment: [String: String]
    /// Where the board serves its own metrics (`heartbeat:`), and the service manager's notifications.
    let heartbeat: HeartbeatServer?
    let notifier: ServiceNotifier?

    private let stream: AsyncStream<Input>
    let continuation: Sender
    let shared = Shared()

    /// The hand-over to the terminal thread: the newest grid, a bell, and the stop request.
    struct Outbox {
        var grid: Grid?
        /// A theme a reload brought, for the terminal to use before it draws.
        var theme: Theme?
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
        /// Whether the loop, the fetches and the terminal have all done what they were given (`settled`).
        let quiet: Quiet

        init() { quiet = Quiet(outbox: outbox) }
        /// Signals not yet taken (`signal(_:)`): the loop takes them first.
        let urgent = Locked<[Int32]>([])
        let startError = Locked<String?>(nil)
        let size = Locked(Size(width: 80, height: 24))
        /// When the terminal thread last finished a round (the wall clock): the heartbeat's and the watchdog's.
        let terminalLived = Locked(0.0)

        func wake() { waker.withLock { $0 }?.wake() }
    }

    /// A loop for one line's board, which starts from `initial` (its size is replaced by the terminal's) and
    /// makes its terminal with `terminal`, on the terminal thread.
    public convenience init(
        initial: BoardState, view: BoardView, runner: EffectRunner,
        terminal: @escaping @Sendable () throws -> any TerminalPort, ticking: Bool = true,
        clock: any LoopClock = WallClock(), hookEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        reloader: Reloader? = nil, reloadAtStart: Bool = false, eventLog: (@Sendable ([LogEntry]) -> Void)? = nil,
        eventLogProblem: (@Sendable () -> String?)? = nil
    ) {
        self.init(
            plant: PlantState(
                title: initial.config.title, lines: [PlantLine(name: initial.config.title, board: initial)],
                size: initial.size, now: initial.now),
            view: view, lines: Lines(names: [initial.config.title], configs: [initial.config], runners: [runner]),
            terminal: terminal, ticking: ticking, clock: clock, hookEnvironment: hookEnvironment,
            reloader: reloader, reloadAtStart: reloadAtStart, eventLog: eventLog, eventLogProblem: eventLogProblem)
    }

    /// A loop for a plant of lines, each asked through `lines` (`lines.runners[i]` for `plant.lines[i]`); the
    /// hooks are the first line's configuration's (every line's are the plant's).
    public init(
        plant: PlantState, view: BoardView, lines: Lines,
        terminal: @escaping @Sendable () throws -> any TerminalPort, ticking: Bool = true,
        clock: any LoopClock = WallClock(), hookEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        reloader: Reloader? = nil, reloadAtStart: Bool = false, eventLog: (@Sendable ([LogEntry]) -> Void)? = nil,
        eventLogProblem: (@Sendable () -> String?)? = nil, heartbeat: HeartbeatServer? = nil,
        notifier: ServiceNotifier? = nil
    ) {
        self.heartbeat = heartbeat
        self.notifier = notifier
        self.clock = clock
        self.initial = plant
        self.eventLogProblem = eventLogProblem
        self.reloader = reloader
        self.reloadAtStart = reloadAtStart
        self.eventLog = eventLog
        self.hookEnvironment = hookEnvironment
        self.view = view
        self.plantView = PlantView(unicode: view.unicode, utcOffset: view.utcOffset)
        self.lines = lines
        self.makeTerminal = terminal
        self.ticking = ticking
        let (stream, continuation) = AsyncStream<Input>.makeStream(of: Input.self)
        (self.stream, self.continuation) = (stream, Sender(continuation: continuation))
        self.hooks = Self.hookRunner(
            plant.lines.first?.board.config.hooks ?? [], environment: hookEnvironment, continuation: self.continuation)
    }

    /// The hooks' runner, or nil when there are none; a hook that fails is told on the first line's board (a
    /// plant's hooks are every line's).
    static func hookRunner(
        _ hooks: [HookConfig], environment: [String: String], continuation: Sender
    ) -> HookRunner? {
        hooks.isEmpty
            ? nil
            : HookRunner(hooks: hooks, environment: environment) { name, reason in
                continuation.yield(.answer(line: 0, .hookFailed(name: name, reason: reason)))
            }
    }

    /// Hands the loop an input from any thread: an event, or a signal's number.
    public func post(_ input: Input) { continuation.yield(input) }

    /// Returns once the loop is settled: it has taken every input, every fetch it started has answered and that
    /// answer has been taken, and the terminal has drawn the last frame and waits for input. With the clock in
    /// the test's hands (`ticking: false`, or a `ManualClock`), what the screen shows then is the loop's answer to
    /// everything the test did, so the test asserts at once instead of polling.
    public func settled() async {
        await shared.quiet.settled(inputs: continuation.pending)
    }

    /// A signal for the board: SIGTSTP (Ctrl-Z) is carried out by the terminal thread between two draws, so that
    /// the terminal is restored before the process stops; SIGINT, SIGTERM and SIGHUP end the loop (a kiosk
    /// ignores SIGINT from its keyboard); SIGUSR1 rereads the configuration. A signal jumps the queue: the loop
    /// takes it before whatever input waits.
    public func signal(_ number: Int32) {
        if number == SIGTSTP {
            shared.outbox.withLock { $0.suspend = true }
            shared.wake()
        } else {
            shared.urgent.withLock { $0.append(number) }
            post(.signal(number))
        }
    }

    /// What every input source hands the loop through: the stream, and a count of the inputs not yet taken, so
    /// that the loop draws once a burst has been taken (a frame per input made a busy board fall behind).
    struct Sender: Sendable {
        let continuation: AsyncStream<Input>.Continuation
        let pending = Locked(0)

        func yield(_ input: Input) {
            pending.withLock { $0 += 1 }
            continuation.yield(input)
        }
    }

    /// Runs until `q` or a signal; returns the exit status (0, or 128 + the signal's number).
    public func run() async throws -> Int32 {
        Heap.limitArenas()
        try startTerminal()
        let ticker = startTicker()
        let session = Session(self)
        session.start()
        var inputs = stream.makeAsyncIterator()
        var status: Int32?
        while status == nil {
            shared.quiet.loop(busy: false)
            guard let input = await inputs.next() else { break }
            shared.quiet.loop(busy: true)
            continuation.pending.withLock { $0 -= 1 }
            status = session.take(input)
        }
        ticker.cancel()
        notifier?.stopping()
        try await session.end()
        shared.quiet.end()
        shared.outbox.withLock { $0.stop = true }
        shared.wake()
        while !shared.outbox.withLock({ $0.stopped }) { try await Task.sleep(for: .milliseconds(10)) }
        return status ?? 0
    }

    /// The clock's ticks on each second (with a refresh interval under a second, as often as the interval), the
    /// first one at once; none when the ticks are posted.
    private func startTicker() -> Task<Void, Never> {
        let period = min(1, initial.lines.map(\.board.config.refresh).min() ?? 1)
        if ticking { continuation.yield(.event(.tick(clock.now))) }
        return Task { [continuation, ticking, clock] in
            guard ticking else { return }
            while !Task.isCancelled {
                let now = clock.now
                await clock.sleep(until: now - now.truncatingRemainder(dividingBy: period) + period + 0.005)
                guard !Task.isCancelled else { return }
                continuation.yield(.event(.tick(clock.now)))
            }
        }
    }

    /// A reload that the running board can take: the same lines, by name and in order (a plant's rows are its
    /// lines; a changed plant is a new board, started again).
    static func fits(_ reloaded: Reloaded, _ state: PlantState) -> Result<Reloaded, ReloadFailure> {
        let names = state.lines.map(\.name)
        // A plant may find other lines (a discovered label's values changed): it stays a plant of them.
        if state.lines.count > 1, reloaded.lines.count > 1 { return .success(reloaded) }
        guard reloaded.lines.count == state.lines.count, reloaded.lines.names == names || state.lines.count == 1
        else {
            return .failure(
                ReloadFailure(
                    "the plant's lines changed (\(names.joined(separator: ", ")) → "
                        + "\(reloaded.lines.names.joined(separator: ", "))): restart andon to show the new plant"))
        }
        return .success(reloaded)
    }

    /// The first line of the log: the version, where it reads, the configuration.
    static func startEvent(_ plant: PlantState) -> LogEntry {
        var fields = [LogEntry.Field("version", AndonVersion.long)]
        if plant.lines.count > 1 {
            fields.append(.init("lines", plant.lines.map(\.name).joined(separator: ",")))
        } else if let board = plant.lines.first?.board {
            fields.append(.init("prometheus", board.config.prometheus.url))
        }
        if let source = plant.lines.first?.board.config.source { fields.append(.init("config", source)) }
        return LogEntry(time: plant.now, event: "start", fields: fields)
    }

    /// What every line's board saw in one step of the loop (a plant's lines by name).
    static func changes(from before: PlantState, to after: PlantState) -> [LogEntry] {
        guard before.lines.count == after.lines.count else { return [] }
        let named = after.lines.count > 1
        return zip(before.lines, after.lines).flatMap { old, new in
            EventLog.changes(from: old.board, to: new.board, line: named ? new.name : nil)
        }
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
        _ terminal: any TerminalPort, shared: Shared, continuation: Sender
    ) {
        var toldHangUp = false
        while true {
            let (grid, ring, stop, suspend, theme) = shared.outbox.withLock {
                box -> (Grid?, Bool, Bool, Bool, Theme?) in
                defer {
                    box.grid = nil
                    box.bell = false
                    box.suspend = false
                    box.theme = nil
                }
                return (box.grid, box.bell, box.stop, box.suspend, box.theme)
            }
            if stop { break }
            if let theme { terminal.use(theme) }
            if suspend, let size = terminal.suspend() {
                continuation.yield(.event(.resize(size)))
            }
            if let grid { terminal.draw(grid) }
            if ring { terminal.bell() }
            shared.quiet.terminal(waiting: false)
            // Every key and resize already waiting, then sleep until input, a hand-over from the loop or a
            // resize, or a second at most.
            while let input = terminal.read() {
                switch input {
                case .key(let key): continuation.yield(.event(.key(key)))
                case .resize(let size): continuation.yield(.event(.resize(size)))
                }
            }
            shared.quiet.terminal(waiting: true, port: terminal)
            shared.terminalLived.withLock { $0 = Date().timeIntervalSince1970 }
            terminal.wait(milliseconds: 1000)
            shared.quiet.terminal(waiting: false)
            shared.terminalLived.withLock { $0 = Date().timeIntervalSince1970 }
            if terminal.hungUp && !toldHangUp {
                // The terminal is gone: the board ends as on SIGHUP (which may never come, as under a supervisor).
                toldHangUp = true
                shared.urgent.withLock { $0.append(SIGHUP) }
                continuation.yield(.signal(SIGHUP))
            }
        }
        terminal.stop()
        shared.outbox.withLock { $0.stopped = true }
    }
}

extension BoardLoop {
    /// Whether the loop, its fetches and its terminal have each done everything they were given, for `settled`.
    /// Every change of one of them checks again, with everything read under one lock, so that the moment it is
    /// all done is seen by the last of them.
    final class Quiet: Sendable {
        /// The terminal, read from the thread that checks: `inputPending` of a real terminal is a constant, and
        /// a test's terminal keeps its input under a lock.
        final class Port: @unchecked Sendable {
            let port: any TerminalPort
            init(_ port: any TerminalPort) { self.port = port }
        }

        struct State {
            var loopBusy = true
            var fetches = 0
            var terminalWaiting = false
            var port: Port?
            var ended = false
            var inputs: Locked<Int>?
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        private let state = Locked(State())
        private let outbox: Locked<Outbox>

        init(outbox: Locked<Outbox>) { self.outbox = outbox }

        func loop(busy: Bool) { change { $0.loopBusy = busy } }
        func fetches(running: Int) { change { $0.fetches = running } }
        func end() { change { $0.ended = true } }

        func terminal(waiting: Bool, port: (any TerminalPort)? = nil) {
            change { state in
                state.terminalWaiting = waiting
                if let port, state.port == nil { state.port = Port(port) }
            }
        }

        func settled(inputs: Locked<Int>) async {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                change { state in
                    state.inputs = inputs
                    state.waiters.append(done)
                }
            }
        }

        private func change(_ body: (inout State) -> Void) {
            let done = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                body(&state)
                guard !state.waiters.isEmpty, state.ended || isSettled(state) else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in done { waiter.resume() }
        }

        private func isSettled(_ state: State) -> Bool {
            guard !state.loopBusy, state.fetches == 0, state.terminalWaiting, let inputs = state.inputs,
                inputs.withLock({ $0 }) == 0, state.port?.port.inputPending != true
            else { return false }
            return outbox.withLock { $0.grid == nil && !$0.bell && !$0.suspend && $0.theme == nil }
        }
    }
}

/// The fetches under way: each runs as a task of its own and hands its answer to the loop as an event; kept, so
/// that the loop can cancel them (a decode of a large answer stops) and let them end before the process exits.
final class Effects: Sendable {
    let continuation: BoardLoop.Sender
    let quiet: BoardLoop.Quiet
    private let tasks = Locked<(next: Int, running: [Int: Task<Void, Never>])>((0, [:]))

    init(continuation: BoardLoop.Sender, quiet: BoardLoop.Quiet) {
        self.continuation = continuation
        self.quiet = quiet
    }

    var running: Int { tasks.withLock { $0.running.count } }

    /// Runs the work that answers a line's effect; its answer goes to its line's board (a shared refresh's, to
    /// each of its lines).
    func fetch(_ work: @escaping @Sendable () async -> Lines.Answer?) {
        start { () async -> BoardLoop.Input? in
            switch await work() {
            case .line(let line, let event): .answer(line: line, event)
            case .shared(let answers): .sharedAnswers(answers)
            case nil: nil
            }
        }
    }

    /// Runs `work`, whose answer is an input of the loop's own (a reload's outcome).
    func start(_ work: @escaping @Sendable () async -> BoardLoop.Input?) {
        tasks.withLock { tasks in
            let id = tasks.next
            tasks.next += 1
            quiet.fetches(running: tasks.running.count + 1)
            tasks.running[id] = Task { [self] in
                if let input = await work() { continuation.yield(input) }
                let left = self.tasks.withLock { tasks in
                    tasks.running.removeValue(forKey: id)
                    return tasks.running.count
                }
                quiet.fetches(running: left)
            }
        }
    }

    func cancelAll() {
        for task in tasks.withLock({ Array($0.running.values) }) { task.cancel() }
    }
}
