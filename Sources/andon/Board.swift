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

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @OptionGroup var time: TimeOptions

    @Option(help: ArgumentHelp("Seconds between refreshes (default 15, or the config).", valueName: "seconds"))
    var refresh: Double?

    @Option(
        help: ArgumentHelp(
            "Ring the bell for newly firing alerts: critical, all or off (default critical, or the config).",
            valueName: "when"))
    var bell: BellPolicy?

    @Flag(help: "Kiosk mode: no input needed; cycles through what is not green; type quit to leave.")
    var kiosk = false

    @Option(
        help: ArgumentHelp("Seconds each view stays in kiosk mode (default 15, or the config).", valueName: "seconds"))
    var dwell: Double?

    @Option(help: ArgumentHelp("Red tiles in kiosk mode: invert, flash or none.", valueName: "style"))
    var kioskAlarm: KioskAlarm?

    @Option(
        help: ArgumentHelp(
            "Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).", valueName: "file"))
    var record: String?

    @OptionGroup var look: LookOptions

    @Option(
        help: ArgumentHelp(
            "Serve the board's own metrics (its heartbeat) on HOST:PORT, e.g. 127.0.0.1:9780; overrides heartbeat:.",
            valueName: "address"))
    var heartbeat: String?

    func validate() throws {
        if let refresh, let problem = Span.problem(refresh, least: Span.shortestRefresh) {
            throw ValidationError("--refresh \(problem)")
        }
        if let dwell, let problem = Span.problem(dwell) { throw ValidationError("--dwell \(problem)") }
        if let heartbeat, ListenAddress.parse(heartbeat) == nil {
            throw ValidationError("--heartbeat: \(ListenAddress.expected)")
        }
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

    /// Reads the configuration, profile and theme, and applies the flags: at start, and again on a reload.
    func settings() async throws -> BoardSettings {
        var config = try Setup.config(source, server, manager)
        config = try await Launch.discover(config, pool: Setup.pool())
        if let refresh { config.refresh = refresh }
        if let bell { config.bell = bell }
        look.apply(to: &config)
        if kiosk { config.kiosk = true }
        if let dwell { config.dwell = dwell }
        if let kioskAlarm { config.kioskAlarm = kioskAlarm }
        if let log { config.log = log }
        if let logFormat { config.logFormat = logFormat }
        if let address = heartbeat.flatMap(ListenAddress.parse) { config.heartbeat = address }
        config = try Launch.line(plant.line, of: config)
        return BoardSettings(
            config: config, theme: try Setup.theme(look.theme, config: config),
            view: Setup.view(ascii: look.ascii, config))
    }

    func run() async throws {
        let settings = try await settings()
        let config = settings.config
        try Setup.terminalUsable(else: "`andon snapshot` for the board as text, or `andon check` for a summary")
        let eventLog = try EventLogWriter.open(config)
        let at = try time.instant(now: Date().timeIntervalSince1970)
        let detecting = !config.profileChosen && config.lines.count <= 1
        let lines = try await settings.lines(at: at, detecting: !detecting, pool: Setup.pool())
        // A plant: a row per line; Enter opens a line's board, Esc comes back. A board of one line is a plant of
        // one line, always open.
        var plant = lines.plant(
            title: config.title, now: EffectRunner.wallClock(), size: Size(width: 80, height: 24), bell: config.bell,
            range: config.range, kiosk: config.kiosk, dwell: config.dwell)
        if let oncall = await OnCallLoader.board(config, pool: Setup.pool(), environment: Setup.environment) {
            for line in plant.lines.indices { _ = plant.update(.oncall(oncall), line: line) }
        }
        // The heartbeat listens from the start (a reload does not move it); the service manager hears the loop.
        let heartbeat = try config.heartbeat.map { address throws(LaunchFailure) in try HeartbeatServer(address) }
        heartbeat?.start()
        defer { heartbeat?.stop() }
        let loop = BoardLoop(
            plant: plant, view: settings.view, lines: lines,
            terminal: Setup.terminal(theme: settings.theme, recording: record, title: config.title),
            reloader: BoardSettings.reloader(at: at, log: eventLog, pool: Setup.pool) {
                try await Setup.$reloading.withValue(true) { try await self.settings() }
            },
            reloadAtStart: detecting, eventLog: eventLog?.write,
            eventLogProblem: eventLog?.problem, heartbeat: heartbeat,
            notifier: ServiceNotifier(environment: Setup.environment))
        defer { eventLog?.close() }
        try await Setup.run(loop, instead: "; use `andon snapshot` or `andon check` instead")
    }
}
