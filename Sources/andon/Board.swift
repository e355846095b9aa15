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
        var config = try Setup.line(line, of: try Setup.config(source))
        if config.lines.count > 1 {
            // Not built yet (issue 19): say so, rather than show one Prometheus as if it were the plant.
            FileHandle.standardError.write(
                Data(
                    ("andon: the full-screen board of a plant is not built yet; use `andon snapshot` or `andon check`"
                        + " for the plant, or --line NAME for one line's board ("
                        + config.lines.map(\.name).joined(separator: ", ") + ")\n").utf8))
            throw ExitCode(64)
        }
        if let refresh { config.refresh = refresh }
        look.apply(to: &config)
        if kiosk { config.kiosk = true }
        if let dwell { config.dwell = dwell }
        if let kioskAlarm { config.kioskAlarm = kioskAlarm }
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
            unicode: characters.unicode, braille: characters.braille, utcOffset: TimeZone.current.secondsFromGMT())
        let client = Setup.client(config)
        config = try await Setup.resolve(config, client: client)
        let fetcher = BoardFetcher(
            client: client, config: config, at: try time.instant(now: Date().timeIntervalSince1970),
            alertmanager: Setup.alertmanager(config))
        let loop = BoardLoop(
            initial: BoardState(
                config: config, bell: bell, now: EffectRunner.wallClock(), size: Size(width: 80, height: 24),
                at: fetcher.at, range: look.range),
            view: view, runner: EffectRunner(fetcher: fetcher),
            terminal: { try CursesTerminal(theme: theme) })
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
