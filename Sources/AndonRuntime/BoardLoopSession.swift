import AndonCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension BoardLoop {
    /// One run of the loop: what it holds while it runs (the plant's state, what a reload replaces, the last frame
    /// drawn) and what it does with each input. Used by `run` on the loop's own task only.
    final class Session {
        let loop: BoardLoop
        var state: PlantState
        let effects: Effects
        /// Whether the board is a kiosk: it ignores Ctrl-C, and never writes.
        let kiosk: Bool
        // What a reload replaces.
        var lines: Lines
        var view: BoardView
        var plantView: PlantView
        var hooks: HookRunner?
        var retiredHooks: [HookRunner] = []
        var lastGrid: Grid?
        var reloading = false
        /// A reload asked for while one runs: the running one's result is set aside (it may have read the file
        /// before it changed) and the configuration is read again.
        var reloadAgain = false
        /// The reload under way is detection's (at start, or again once Prometheus answers), which the log does
        /// not report: nobody asked for it.
        var startReload: Bool
        /// A board whose detection request failed detects again once a refresh succeeds, at most once a minute.
        var detectAgainAfter = -Double.infinity
        var logProblemShown: String?
        /// A refresh of the shared engine's lines is under way: its answer is for every one of them.
        var sharedUnderWay = false
        /// How long each line's last refresh took, from its instant to its answer (the heartbeat's).
        var refreshSeconds: [Int: Double] = [:]

        init(_ loop: BoardLoop) {
            self.loop = loop
            state = loop.initial
            _ = state.update(.resize(loop.shared.size.withLock { $0 }))
            effects = Effects(continuation: loop.continuation, quiet: loop.shared.quiet)
            kiosk = loop.initial.kiosk != nil || loop.initial.lines.contains { $0.board.config.kiosk }
            (lines, view, plantView, hooks) = (loop.lines, loop.view, loop.plantView, loop.hooks)
            startReload = loop.reloadAtStart
        }

        var now: Double { loop.clock.now }

        func start() {
            log([BoardLoop.startEvent(state)])
            if startReload { reload() }
        }

        /// Takes one input: the state's update, the log, what the update asked for, and the frame. Returns the
        /// exit status once the loop ends.
        func take(_ input: Input) -> Int32? {
            // A signal that ends the board is taken before whatever input waits ahead of it.
            let ending = loop.shared.urgent.withLock { list -> Int32? in
                defer { list = [] }
                return list.first { $0 != SIGUSR1 && !($0 == SIGINT && kiosk) }
            }
            if let number = ending { return stop(signal: number) }
            let before = loop.eventLog == nil ? nil : state
            var asked: [LineEffect]
            switch input {
            case .event(let next):
                asked = state.update(next)
            case .answer(let line, let next):
                if loop.heartbeat != nil, case .refreshed(let data) = next {
                    refreshSeconds[line] = max(0, now - data.at)
                }
                asked = state.update(next, line: line)
                detectAgainIfSeeing()
                Heap.giveBack(after: [next])
            case .sharedAnswers(let answers):
                sharedUnderWay = false
                asked = state.updateShared(answers)
                Heap.giveBack(after: answers.map(\.event))
            case .signal(let number):
                if number == SIGUSR1 { reload() }
                if number == SIGUSR1 || (number == SIGINT && kiosk) { return nil }
                return stop(signal: number)
            case .reloaded(let result):
                guard let reconfigured = reloaded(result) else { return nil }
                asked = reconfigured
            }
            if let before { log(BoardLoop.changes(from: before, to: state)) }
            if case .event(.tick) = input { beat() }
            if carryOut(asked) { return 0 }
            if case .event(.tick) = input, lastGrid != nil, asked.contains(where: { $0.effect == .refresh }) {
                // A tick that starts a refresh is not drawn once something is on the screen: the answer comes
                // within milliseconds and is drawn then (at a 1 s refresh, one frame a second instead of two); if
                // it does not come, the next tick draws.
                return nil
            }
            draw()
            return nil
        }

        /// At a tick: the heartbeat's figures, and the watchdog's ping while the terminal thread lives too (it
        /// finishes a round at least every second).
        func beat() {
            guard loop.heartbeat != nil || loop.notifier != nil else { return }
            let wall = Date().timeIntervalSince1970
            let terminal = loop.shared.terminalLived.withLock { $0 }
            loop.heartbeat?.publish(
                HeartbeatFigures(state, refreshSeconds: refreshSeconds), at: wall, terminal: terminal)
            loop.notifier?.tick(at: wall, alive: wall - terminal < max(2, (loop.notifier?.watchdog ?? 0) / 2))
        }

        func stop(signal number: Int32) -> Int32 {
            log([LogEntry(time: now, event: "stop", fields: [.init("signal", "\(number)")])])
            return 128 + number
        }

        /// Carries out what the boards asked for; true when it is to quit.
        func carryOut(_ asked: [LineEffect]) -> Bool {
            var fetches: [LineEffect] = []
            for asking in asked {
                switch asking.effect {
                case .quit:
                    log([LogEntry(time: now, event: "stop", fields: [.init("reason", "quit")])])
                    return true
                case .reload:
                    reload()
                case .bell:
                    loop.shared.outbox.withLock { $0.bell = true }
                    loop.shared.wake()
                case .hook(let event):
                    hooks?.run(event)
                case .close:
                    // The plant has taken it: the line's board is closed.
                    continue
                case .acknowledge where kiosk:
                    // A kiosk never writes, whatever asked it to.
                    continue
                // A call's tier is written where the configuration allows calls (`calls.allow`), a kiosk too: the
                // wall box is where the stack light hangs.
                case .acknowledge, .climb, .callsGone, .readLatchAcks, .raiseCall, .refresh, .fetchTrends, .fetchDrill,
                    .listVariables:
                    fetches.append(asking)
                }
            }
            let (works, shared) = lines.works(fetches, plant: state, sharedUnderWay: sharedUnderWay)
            if shared { sharedUnderWay = true }
            for work in works { effects.fetch(work) }
            return false
        }

        /// Hands the frame to the terminal once every waiting input has been taken (a burst of answers, keys or
        /// ticks is one frame), when it differs from the last.
        func draw() {
            if loop.continuation.pending.withLock({ $0 }) > 0 { return }
            let grid = state.open.map { view.render(state.lines[$0].board) } ?? plantView.render(state)
            guard grid != lastGrid else { return }
            lastGrid = grid
            loop.shared.outbox.withLock { $0.grid = grid }
            loop.shared.wake()
        }

        func reload() {
            guard let reloader = loop.reloader else { return }
            guard !reloading else {
                reloadAgain = true
                return
            }
            reloading = true
            effects.start { .reloaded(await reloader()) }
        }

        func log(_ events: [LogEntry]) {
            guard let eventLog = loop.eventLog, !events.isEmpty else { return }
            eventLog(events)
            // A log that cannot be written is said, once per cause, until a reload: nothing is lost unsaid.
            let problem = loop.eventLogProblem?()
            if let problem, problem != logProblemShown { state.warn(problem) }
            logProblemShown = problem
        }

        /// A board whose detection request failed (Prometheus was down when it started) detects again once a
        /// refresh succeeds, at most once a minute: a wall display must not keep a fallback for weeks.
        func detectAgainIfSeeing() {
            guard !reloading, state.lines.count == 1, let board = state.lines.first?.board,
                board.config.detection?.failed == true, board.failedRefreshes == 0, board.lastRefresh != nil,
                now >= detectAgainAfter
            else { return }
            detectAgainAfter = now + 60
            startReload = true
            reload()
        }

        /// What a reload brought: the new lines, view, hooks and theme, and what the boards ask for now; nil when
        /// it is set aside for another reload.
        func reloaded(_ result: Result<Reloaded, ReloadFailure>) -> [LineEffect]? {
            reloading = false
            if reloadAgain {
                reloadAgain = false
                startReload = false
                reload()
                return nil
            }
            defer { startReload = false }
            var asked: [LineEffect] = []
            switch result.flatMap({ BoardLoop.fits($0, state) }) {
            case .success(let reloaded):
                asked = take(reloaded)
            case .failure(let failure):
                state.reloaded("reload failed, old configuration kept: \(failure)", problem: true)
                log([
                    LogEntry(
                        time: now, event: "reload",
                        fields: [.init("outcome", "failed"), .init("reason", failure.description)])
                ])
            }
            // A log that cannot be written stays said, with what the reload said after it.
            if let problem = logProblemShown {
                state.warn(problem + (state.notice.map { " · " + $0.text } ?? ""))
            }
            return asked
        }

        /// Goes on with a reload that fits the board.
        func take(_ reloaded: Reloaded) -> [LineEffect] {
            lines = reloaded.lines
            view = reloaded.view
            plantView = PlantView(unicode: reloaded.view.unicode, utcOffset: reloaded.view.utcOffset)
            let newHooks = reloaded.lines.configs.first?.hooks ?? []
            if newHooks != state.lines.first?.board.config.hooks ?? [] {
                if let hooks { retiredHooks.append(hooks) }
                hooks = BoardLoop.hookRunner(
                    newHooks, environment: loop.hookEnvironment, continuation: loop.continuation)
            }
            loop.shared.outbox.withLock { $0.theme = reloaded.theme }
            lastGrid = nil
            // The schedule read again is taken once the lines are (a line the reload added hears of it too).
            defer {
                if let oncall = reloaded.oncall {
                    for line in state.lines.indices { _ = state.update(.oncall(oncall), line: line) }
                }
            }
            let before = state.lines.map(\.name)
            let names = reloaded.lines.names
            let configs = reloaded.lines.configs
            if names != before, state.lines.count > 1 {
                // A plant whose discovered lines changed: the new list, the boards of the lines kept.
                let asked = state.relined(names: names, configs: configs, shared: reloaded.lines.shared)
                let added = names.filter { !before.contains($0) }.map { "+" + $0 }
                let gone = before.filter { !names.contains($0) }.map { "−" + $0 }
                state.reloaded("lines: " + (added + gone).joined(separator: " "), problem: false)
                log([
                    LogEntry(
                        time: now, event: "reload",
                        fields: [.init("outcome", "ok"), .init("lines", names.joined(separator: ","))])
                ])
                return asked
            }
            let asked = state.reconfigure(configs)
            if startReload {
                let profiles = configs.first?.detection?.profiles ?? []
                state.reloaded(
                    profiles.isEmpty ? "profiles not detected" : "profiles: " + profiles.joined(separator: ", "),
                    problem: false)
            } else {
                state.reloaded(
                    "configuration reloaded" + (configs.first?.source.map { " from " + $0 } ?? ""), problem: false)
                log([
                    LogEntry(
                        time: now, event: "reload",
                        fields: [.init("outcome", "ok")] + (configs.first?.source.map { [.init("config", $0)] } ?? []))
                ])
            }
            return asked
        }

        /// Ends the run: nothing may still run when `exit` cleans up: no transfer inside libcurl or OpenSSL
        /// (closing the transport ends them at once), no answer half decoded (cancelled, a decode stops within a
        /// few thousand series; bounded all the same). LeakSanitizer reported a board that exited in the middle
        /// of a 50 MB one.
        func end() async throws {
            effects.cancelAll()
            lines.close()
            hooks?.stop()
            for retired in retiredHooks { retired.stop() }
            // A bound on real time, whatever the loop's clock: nothing inside libcurl may outlive the exit.
            let deadline = Date().timeIntervalSince1970 + 5
            while effects.running > 0 && Date().timeIntervalSince1970 < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}
