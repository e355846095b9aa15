import AndonCore
import AndonCurl
import AndonRuntime
import AndonTerminal
import ArgumentParser
import Foundation

/// Wiring shared by the commands: configuration, the transport, the locale.
enum Setup {
    /// The process's environment, read once: `ProcessInfo.environment` builds a new dictionary of every variable
    /// at each call (a third of a million instructions at a cold start, three times over in `check`).
    static let environment = ProcessInfo.processInfo.environment

    /// Whether the configuration is read again for a reload: nothing is written on the board's terminal.
    @TaskLocal static var reloading = false

    /// Says why the command cannot go on, on standard error.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("andon: \(message)\n".utf8))
    }

    /// Loads the configuration; a bad one prints where it is wrong and exits 78. `offline` commands (those that
    /// ask Prometheus nothing) take the line asked for (`line`) at once, and need every variable's value given;
    /// the others call `resolve`, then `line`.
    static func config(
        _ options: SourceOptions, _ server: PrometheusOptions? = nil, _ manager: AlertmanagerOptions? = nil,
        line name: String? = nil, offline: Bool = false
    ) throws -> Config {
        var config = try ConfigLoader.load(
            configFlag: options.config, prometheusFlag: server?.prometheus, profileFlag: options.profile,
            variableFlags: options.variables, alertmanagerFlag: manager?.alertmanager, environment: environment)
        if let timeout = server?.timeout {
            if let problem = Span.problem(timeout) { throw ValidationError("--timeout \(problem)") }
            config.bound(timeout: timeout)
        }
        // A reload writes nothing on the board's terminal: the warnings were given at start.
        if !reloading { Launch.secretWarnings(config).forEach(report) }
        if config.alertmanager?.ackBy == nil { config.alertmanager?.ackBy = Launch.author(environment: environment) }
        if offline { config = try Launch.line(name, of: config) }
        if offline, !config.unresolved.isEmpty { try config.expandVariables() }
        return config
    }

    /// The theme: `--theme`, else `NO_COLOR` (monochrome, unless colour was asked for explicitly), else the config's `theme:`, else the default. A theme
    /// that cannot be read is a configuration error (exit 78, naming file, line and key).
    static func theme(_ flag: String?, config: Config, colorAsked: Bool = false) throws -> Theme {
        let noColor = !colorAsked && !(environment["NO_COLOR"] ?? "").isEmpty
        guard let name = flag ?? (noColor ? "monochrome" : config.theme) else { return .standard }
        return try ThemeLoader.load(
            name, folders: ThemeLoader.folders(configFile: config.source, environment: environment))
    }

    /// The board's view in the look asked for, its times in the time zone of `config` at `time`.
    static func view(
        ascii: Bool, _ config: Config, at time: Double = Date().timeIntervalSince1970, interactive: Bool = true
    )
        -> BoardView
    {
        // UTF-8 locale and not `--ascii`: box drawing and blocks; braille too, except on the Linux console.
        let unicode = utf8Locale && !ascii
        return BoardView(
            unicode: unicode, braille: unicode && environment["TERM"] != "linux", utcOffset: config.utcOffset(at: time),
            interactive: interactive)
    }

    /// A client per endpoint, each on its own libcurl transport: lines on one Prometheus share its connections.
    static func pool() -> ClientPool {
        ClientPool { CurlTransport(options: .init(config: $0, environment: environment)) }
    }

    /// The principle `--principle` names, in any case; an unknown one is a usage error that lists them.
    static func principle(_ text: String) throws -> PrincipleID {
        guard let id = PrincipleID(rawValue: text.lowercased()) else {
            throw ValidationError(
                "unknown principle '\(text)'; use one of \(PrincipleID.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return id
    }

    /// The value of what was given on the command line, or a usage error that says why not.
    static func usage<T>(_ result: Result<T, PromDuration.Problem>) throws -> T {
        try result.mapError { ValidationError($0.description) }.get()
    }

    /// Goes on when the board can have a terminal; otherwise says why and what to use instead (`alternative`),
    /// and exits 69.
    static func terminalUsable(else alternative: String) throws {
        if case .unusable(let why) = TerminalProbe.check(environment: environment) {
            throw LaunchFailure(
                "cannot open the board: \(why).\nUse \(alternative).", status: LaunchFailure.unavailable)
        }
    }

    /// The board's terminal: curses, and, with `recording`, an asciicast of it too.
    static func terminal(theme: Theme, recording: String?, title: String) -> @Sendable () throws -> any TerminalPort {
        {
            let curses = try CursesTerminal(theme: theme)
            guard let recording else { return curses }
            return try RecordingTerminal(curses, path: recording, theme: theme, title: title)
        }
    }

    /// Runs `loop` with the process's signals, and exits with its status; a terminal it cannot use is said, with
    /// `instead` (what to use), and exits 69.
    static func run(_ loop: BoardLoop, instead: String) async throws {
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
            throw LaunchFailure("\(error)" + instead, status: LaunchFailure.unavailable)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Whether the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    static var utf8Locale: Bool { Launch.utf8Locale(environment) }
}

// The options whose values are a fixed list: ArgumentParser parses, checks, lists and completes them.
extension BellPolicy: ExpressibleByArgument {}
extension TrendRange: ExpressibleByArgument {}
extension KioskAlarm: ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
extension TerminalProbe.ColorMode: ExpressibleByArgument {}

/// The options of every command that draws the board (`andon` and `andon snapshot`).
struct LookOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The board's title, e.g. \"Line 3 · Final assembly\".", valueName: "text"))
    var title: String?

    @Option(
        help: ArgumentHelp(
            "Theme: default, light, high-contrast, colorblind, monochrome, or a file.", valueName: "name"))
    var theme: String?

    @Option(
        help: ArgumentHelp(
            "Trend and status-history range: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t"
                + " cycles).", valueName: "range"))
    var range: TrendRange?

    @Flag(help: "Only ASCII characters, whatever the locale.")
    var ascii = false

    /// The title (made inert: no control characters reach the terminal) and the range.
    func apply(to config: inout Config) {
        if let title { config.title = TextSanitizer.inert(title, limit: 120) }
        if let range { config.range = range }
    }
}
