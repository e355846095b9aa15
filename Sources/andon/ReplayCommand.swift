import AndonCore
import AndonCurl
import AndonRuntime
import AndonTerminal
import ArgumentParser
import Foundation

/// `andon replay`: the board played through a past window, in its own screens, with a time line.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play the board through a past window: tiles, culprits, alerts and drill-downs as they were.",
        discussion: """
            The instant shown moves by itself, --speed seconds of the past a second, frame by frame; each frame is \
            the board asked at that instant (alerts from Prometheus' ALERTS series). The time line at the bottom \
            shows where each principle was red and where the replay is. \
            Keys: space (or p) pause and play, + and - speed, . and , one frame on or back, n and N the next and \
            previous change of status, [ and ] a history step; the board's own keys (1-6, Enter, Esc, a, t, q).

            Examples:
              andon replay --from -8h
              andon replay --from 2026-11-30T02:00:00Z --to 2026-11-30T04:00:00Z --speed 120
              andon replay --from -2h --record incident.cast   # then: asciinema play incident.cast
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var plant: LineOptions

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The window's start: RFC 3339, seconds since the epoch, or a time ago (-8h).", valueName: "time"))
    var from: String

    @Option(
        parsing: .unconditional, help: ArgumentHelp("The window's end (default now), as --from.", valueName: "time"))
    var to: String?

    @Option(help: ArgumentHelp("Seconds of the past per second (default 60).", valueName: "n"))
    var speed: Double = 60

    @Option(
        help: ArgumentHelp(
            "Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).", valueName: "file"))
    var record: String?

    @OptionGroup var look: LookOptions

    func validate() throws {
        // Seconds of the past per second of the screen: a span in the same range as any other.
        if let problem = Span.problem(speed) { throw ValidationError("--speed \(problem)") }
        _ = try window(now: Date().timeIntervalSince1970)
    }

    func window(now: Double) throws -> (from: Double, to: Double) {
        try Setup.usage(PromDuration.window(from: from, to: to, before: 0, now: now))
    }

    func run() async throws {
        var config = try Setup.config(source, server)
        config = try await Launch.discover(config, pool: Setup.pool())
        look.apply(to: &config)
        config = try Launch.line(plant.line, of: config)
        let theme = try Setup.theme(look.theme, config: config)
        try Setup.terminalUsable(else: "`andon report` for the window as text")
        let (start, end) = try window(now: Date().timeIntervalSince1970)
        let settings = BoardSettings(
            config: config, theme: theme, view: Setup.view(ascii: look.ascii, config, at: start))
        // A plant: every line replays the same window at the same speed, each from its own source; the replay's
        // keys act on the line that is open.
        let lines = try await settings.lines(at: start, detectingAt: end, pool: Setup.pool())
        let (now, size) = (EffectRunner.wallClock(), Size(width: 80, height: 24))
        let replay = await lines.replaying(
            from: start, to: end, speed: speed, range: config.range, now: now, size: size)
        let loop = BoardLoop(
            plant: PlantState(title: config.title, names: lines.names, boards: replay.boards, size: size, now: now),
            view: settings.view, lines: replay.lines,
            terminal: Setup.terminal(theme: theme, recording: record, title: config.title))
        try await Setup.run(loop, instead: "")
    }
}
