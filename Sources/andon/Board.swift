import AndonCore
import AndonCurl
import AndonRuntime
import AndonTerminal
import ArgumentParser
import Foundation

/// `andon` / `andon board`: the full-screen board.
struct Board: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Open the full-screen board (the default command).")

    @OptionGroup var source: SourceOptions

    @OptionGroup var time: TimeOptions

    @Option(help: ArgumentHelp("Seconds between refreshes (default 15, or the config).", valueName: "seconds"))
    var refresh: Double?

    @Option(help: ArgumentHelp("Ring the bell for newly firing alerts: critical, all or off.", valueName: "when"))
    var bell: BellPolicy = .critical

    @Flag(help: "Kiosk mode: no input needed; cycles through what is not green; type quit to leave.")
    var kiosk = false

    @Option(
        help: ArgumentHelp("Seconds each view stays in kiosk mode (default 15, or the config).", valueName: "seconds"))
    var dwell: Double?

    @Option(help: ArgumentHelp("Red tiles in kiosk mode: invert, flash or none.", valueName: "style"))
    var kioskAlarm: KioskAlarm?

    @Option(help: ArgumentHelp("Of a plant (lines: in the configuration), this line's board.", valueName: "name"))
    var line: String?

    @Option(
        help: ArgumentHelp(
            "Also record the board into FILE, an asciicast v2 recording (asciinema play FILE).", valueName: "file"))
    var record: String?

    @OptionGroup var look: LookOptions

    func validate() throws {
        if let refresh, let problem = Span.problem(refresh, least: Span.shortestRefresh) {
            throw ValidationError("--refresh \(problem)")
        }
        if let dwell, let problem = Span.problem(dwell) { throw ValidationError("--dwell \(problem)") }
    }

    @Option(
        help: ArgumentHelp(
            "Log what the board sees (status changes, alerts, acks, escalations, sources, reloads) to FILE,"
                + " or to standard error with 'stderr' (the journal, under systemd); overrides log:.",
            valueName: "file"))
    var log: String?

    @Option(
        help: ArgumentHelp(
            "The log's lines: text (key=value) or json (default text, or the config).", valueName: "format"))
    var logFormat: LogFormat?

    /// What the board is made of: the configuration with the flags applied, its theme and view.
    struct Settings {
        var config: Config
        var theme: Theme
        var view: BoardView
    }

    /// Reads the configuration, profile and theme, and applies the flags: at start, and again on a reload.
    func settings() async throws -> Settings {
        var config = try Setup.config(source)
        config = try await Setup.discover(config)
        if let refresh { config.refresh = refresh }
        look.apply(to: &config)
        if kiosk { config.kiosk = true }
        if let dwell { config.dwell = dwell }
        if let kioskAlarm { config.kioskAlarm = kioskAlarm }
        if let log { config.log = log }
        if let logFormat { config.logFormat = logFormat }
        config = try Setup.line(line, of: config)
        let theme = try Setup.theme(look.theme, config: config)
        let characters = Setup.look(ascii: look.ascii)
        let view = BoardView(
            unicode: characters.unicode, braille: characters.braille, utcOffset: Setup.utcOffset(config))
        return Settings(config: config, theme: theme, view: view)
    }

    /// Each line ready to be asked (a board of one line is a plant of one line): a plant's lines with their
    /// shared engine, or one board on its resolved configuration.
    func prepare(_ settings: Settings, at: Double?, detecting: Bool = true) async throws -> Lines {
        var config = settings.config
        if config.lines.count > 1 { return try await Setup.plant(config, at: at) }
        if !detecting, !config.profileChosen {
            // The board shows itself at once and detects as a reload right after (`BoardLoop.reloadAtStart`): a
            // Prometheus that takes the connection and never answers must not keep the board from answering keys.
            config.detection = Detection(pending: true)
        }
        return try await Setup.board(config, at: at, detectingAt: at, detecting: detecting)
    }

    /// Rereads everything as at start (SIGUSR1, `systemctl reload`, `R`): the failure, said on the board, keeps
    /// the old configuration. The log file is reopened.
    func reloader(at: Double?, log: EventLogWriter?) -> Reloader {
        { [self] in
            // The log file is opened again first (logrotate's `postrotate` reloads the board), whatever the
            // configuration says now: its path is the one the board started with.
            log?.reopen()
            let failures = Locked<String?>(nil)
            do {
                return try await Setup.$failures.withValue(failures) {
                    let settings = try await settings()
                    let lines = try await prepare(settings, at: at)
                    return .success(Reloaded(lines: lines, theme: settings.theme, view: settings.view))
                }
            } catch {
                let reported = failures.withLock { $0 }
                let reason = reported ?? (error as? ValidationError)?.message ?? "\(error)"
                return .failure(ReloadFailure(TextSanitizer.inert(reason, limit: 300)))
            }
        }
    }

    func run() async throws {
        let settings = try await settings()
        let config = settings.config
        let environment = Setup.environment
        if case .unusable(let why) = TerminalProbe.check(environment: environment) {
            let message =
                "andon: cannot open the board: \(why).\n"
                + "Use `andon snapshot` for the board as text, or `andon check` for a summary.\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(69)
        }
        let eventLog: EventLogWriter?
        do {
            eventLog = try EventLogWriter.open(config)
        } catch {
            Setup.report("\(error)")
            throw ExitCode(ConfigError.exitCode)
        }
        let recording = record
        let (title, theme) = (config.title, settings.theme)
        let terminal: @Sendable () throws -> any TerminalPort = {
            let curses = try CursesTerminal(theme: theme)
            guard let recording else { return curses }
            return try RecordingTerminal(curses, path: recording, theme: theme, title: title)
        }
        let at = try time.instant(now: Date().timeIntervalSince1970)
        let size = Size(width: 80, height: 24)
        let detecting = !settings.config.profileChosen && settings.config.lines.count <= 1
        let lines = try await prepare(settings, at: at, detecting: !detecting)
        let now = EffectRunner.wallClock()
        let boards = lines.boards(now: now, size: size, bell: bell, range: look.range)
        // A plant: a row per line; Enter opens a line's board, Esc comes back. A board of one line is a plant of
        // one line, always open.
        let plant = PlantState(
            title: config.title, lines: zip(lines.names, boards).map { PlantLine(name: $0, board: $1) }, size: size,
            now: now, kiosk: config.kiosk, dwell: config.dwell, shared: lines.shared)
        let loop = BoardLoop(
            plant: plant, view: settings.view, lines: lines, terminal: terminal,
            reloader: reloader(at: at, log: eventLog), reloadAtStart: detecting, eventLog: eventLog?.write,
            eventLogProblem: eventLog?.problem)
        // Signals are taken by one thread from the very start (`Andon.main`); from here on they go to the loop.
        // Once the board has begun to end, more signals are ignored: a hang-up comes twice (from tmux or sshd,
        // and from the kernel as the terminal goes), and the default handling would run `exit` on the signal
        // thread while the main thread is already exiting (two exits at once: LeakSanitizer saw objects of a
        // refresh half freed).
        ProcessSignals.receive { number in loop.signal(number) }
        defer { ProcessSignals.receive { _ in } }
        let status: Int32
        do {
            status = try await loop.run()
        } catch let error as BoardLoop.TerminalUnusable {
            FileHandle.standardError.write(
                Data("andon: \(error); use `andon snapshot` or `andon check` instead\n".utf8))
            throw ExitCode(69)
        }
        eventLog?.close()
        if status != 0 { throw ExitCode(status) }
    }
}
