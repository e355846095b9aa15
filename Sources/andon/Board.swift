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
        if let refresh, !(refresh > 0 && refresh.isFinite) {
            throw ValidationError("--refresh must be a positive number of seconds")
        }
        if let dwell, !(dwell > 0 && dwell.isFinite) {
            throw ValidationError("--dwell must be a positive number of seconds")
        }
    }

    func run() async throws {
        var config = try Setup.config(source)
        config = try await Setup.discover(config)
        if let refresh { config.refresh = refresh }
        look.apply(to: &config)
        if kiosk { config.kiosk = true }
        if let dwell { config.dwell = dwell }
        if let kioskAlarm { config.kioskAlarm = kioskAlarm }
        config = try Setup.line(line, of: config)
        let theme = try Setup.theme(look.theme, config: config)
        let environment = Setup.environment
        if case .unusable(let why) = TerminalProbe.check(environment: environment) {
            let message =
                "andon: cannot open the board: \(why).\n"
                + "Use `andon snapshot` for the board as text, or `andon check` for a summary.\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(69)
        }
        let characters = Setup.look(ascii: look.ascii)
        let view = BoardView(
            unicode: characters.unicode, braille: characters.braille, utcOffset: Setup.utcOffset(config))
        let recording = record
        let title = config.title
        let terminal: @Sendable () throws -> any TerminalPort = {
            let curses = try CursesTerminal(theme: theme)
            guard let recording else { return curses }
            return try RecordingTerminal(curses, path: recording, theme: theme, title: title)
        }
        let at = try time.instant(now: Date().timeIntervalSince1970)
        let size = Size(width: 80, height: 24)
        let loop: BoardLoop
        if config.lines.count > 1 {
            // The plant: a row per line; Enter opens a line's board, Esc comes back.
            let now = EffectRunner.wallClock()
            let lines = try await Setup.plantLines(config, at: at)
            let boards = lines.map { line in
                switch line.source {
                case .success:
                    BoardState(config: line.config, bell: bell, now: now, size: size, at: at, range: look.range)
                case .failure(let blind):
                    OneShot.blind(config: line.config, reason: blind.reason, now: blind.now, width: size.width)
                }
            }
            let runners = lines.map { try? $0.source.get() }
            // The lines of the shared engine (no Prometheus of their own) are asked together when the profile
            // groups its headlines by line: one request per refresh for all of them.
            let candidates = zip(config.lines, runners).enumerated().compactMap { index, pair in
                pair.1.flatMap { runner in
                    pair.0.prometheus == nil ? (index: index, line: pair.0, fetcher: runner.fetcher) : nil
                }
            }
            let shared = PlantFetcher(plant: config, lines: candidates, client: Setup.client(config))
            loop = BoardLoop(
                plant: PlantState(
                    title: config.title, lines: zip(lines, boards).map { PlantLine(name: $0.name, board: $1) },
                    size: size, now: now, kiosk: config.kiosk, dwell: config.dwell,
                    shared: Set(shared?.lines.map(\.index) ?? [])),
                view: view, runners: runners, plantFetcher: shared, terminal: terminal)
        } else {
            let client = Setup.client(config)
            config = try await Setup.resolve(config, client: client)
            let fetcher = BoardFetcher(client: client, config: config, at: at, alertmanager: Setup.alertmanager(config))
            loop = BoardLoop(
                initial: BoardState(
                    config: config, bell: bell, now: EffectRunner.wallClock(), size: size, at: fetcher.at,
                    range: look.range),
                view: view, runner: EffectRunner(fetcher: fetcher), terminal: terminal)
        }
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
        if status != 0 { throw ExitCode(status) }
    }
}
