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

    /// Where a reload's failure goes (`Board`'s reloader sets it): the running board shows it and goes on with
    /// the old configuration; nil at start, when a failure is printed and the command exits.
    @TaskLocal static var failures: Locked<String?>?

    /// Says why the command cannot go on: on standard error, or, in a reload, to the board.
    static func report(_ message: String) {
        if let failures {
            failures.withLock { $0 = $0 ?? message }
        } else {
            FileHandle.standardError.write(Data("andon: \(message)\n".utf8))
        }
    }

    /// Loads the configuration; a bad one prints where it is wrong and exits 78. `offline` commands (those that
    /// ask Prometheus nothing) need every variable's value given; the others call `resolve`.
    static func config(_ options: SourceOptions, offline: Bool = false) throws -> Config {
        do {
            var config = try ConfigLoader.load(
                configFlag: options.config, prometheusFlag: options.prometheus, profileFlag: options.profile,
                variableFlags: options.variables, alertmanagerFlag: options.alertmanager, environment: environment)
            if let timeout = options.timeout {
                if let problem = Span.problem(timeout) { throw ValidationError("--timeout \(problem)") }
                config.prometheus.timeout = timeout
                config.prometheus.connectTimeout = min(config.prometheus.connectTimeout, timeout)
                // Alertmanager is asked within the same bound: a hanging one must not cost more than --timeout.
                if var alertmanager = config.alertmanager {
                    alertmanager.endpoint.timeout = timeout
                    alertmanager.endpoint.connectTimeout = min(alertmanager.endpoint.connectTimeout, timeout)
                    config.alertmanager = alertmanager
                }
            }
            warnAboutSecrets(config)
            if config.alertmanager != nil && config.alertmanager?.ackBy == nil {
                config.alertmanager?.ackBy = author(environment: environment)
            }
            if offline, !config.unresolved.isEmpty { try config.expandVariables() }
            return config
        } catch let error as ConfigError {
            report("\(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// The theme: `--theme`, else `NO_COLOR` (monochrome, unless colour was asked for explicitly), else the config's `theme:`, else the default. A theme
    /// that cannot be read is a configuration error (exit 78, naming file, line and key).
    static func theme(_ flag: String?, config: Config, colorAsked: Bool = false) throws -> Theme {
        let noColor = !colorAsked && !(environment["NO_COLOR"] ?? "").isEmpty
        guard let name = flag ?? (noColor ? "monochrome" : config.theme) else { return .standard }
        do {
            return try ThemeLoader.load(
                name, folders: ThemeLoader.folders(configFile: config.source, environment: environment))
        } catch {
            report("\(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// The look options every rendering command shares.
    struct Look {
        var unicode: Bool
        var braille: Bool
    }

    /// UTF-8 locale and not `--ascii`: box drawing and blocks; braille too, except on the Linux console.
    static func look(ascii: Bool) -> Look {
        let unicode = utf8Locale && !ascii
        return Look(unicode: unicode, braille: unicode && environment["TERM"] != "linux")
    }

    /// The configuration with its declared variables' values from Prometheus when none was given; when they
    /// cannot be listed the board cannot know what to show, which it says before it exits (69).
    static func resolve(_ config: Config, client: PrometheusClient, at: Double? = nil, detecting: Bool = true)
        async throws -> Config
    {
        let detected = detecting ? await detect(config, client: client, at: at) : config
        switch await VariableResolver.resolve(detected, client: client) {
        case .success(let resolved): return resolved
        case .failure(let failure):
            report("\(failure)")
            throw ExitCode(69)
        }
    }

    /// The configuration reading the profiles detected on Prometheus when none was chosen (one request; a board
    /// of one line: a plant's lines read the profile they are given).
    static func detect(_ config: Config, client: PrometheusClient, at: Double? = nil) async -> Config {
        guard config.lines.count <= 1 else { return config }
        return await ProfileDetector.detect(config, client: client, at: at)
    }

    /// The configuration with the lines its `discover:` entries find (no request when there are none). When they
    /// cannot be listed, or none is found, the command cannot know what to show: it says why and exits 69, or,
    /// for `check` (`plugin`), prints an UNKNOWN line and exits 3 as a monitoring plugin does.
    static func discover(_ config: Config, plugin: Bool = false) async throws -> Config {
        guard !config.discoverLines.isEmpty else { return config }
        var reason: String
        switch await VariableResolver.discoverLines(config, client: client(config)) {
        case .success(let found) where !found.lines.isEmpty:
            return found
        case .success:
            reason = "Prometheus lists no line ($" + config.discoverLines.map(\.variable).joined(separator: ", $") + ")"
        case .failure(let failure):
            reason = failure.description
        }
        reason = TextSanitizer.inert(reason, limit: 300)
        if plugin {
            print("ANDON UNKNOWN - \(reason)")
            throw ExitCode(Status.unknown.exitCode)
        }
        report("\(reason)")
        throw ExitCode(69)
    }

    /// A client per endpoint, each on its own libcurl transport: lines on one Prometheus share its connections.
    static func pool() -> ClientPool {
        ClientPool { CurlTransport(options: .init(config: $0, environment: environment)) }
    }

    /// Runs `body`; a configuration it finds wrong (a plant's line) is said, and the command exits 78.
    static func configured<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ConfigError {
            report("\(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// One board's line for the instant `at` (nil: live), ready to be asked (`Lines.board`): its configuration
    /// resolved first (`resolve`, which detects the profiles at the instant `detectingAt` when none was chosen and
    /// `detecting`), on `pool`'s clients.
    static func board(
        _ config: Config, at: Double?, detectingAt: Double?, detecting: Bool = true, pool: ClientPool = pool()
    ) async throws -> Lines {
        let resolved = try await resolve(
            config, client: pool.client(config.prometheus), at: detectingAt, detecting: detecting)
        return Lines.board(resolved, at: at, pool: pool)
    }

    /// Every line of the plant `config` for the instant `at` (nil: live), ready to be asked (`Lines.plant`).
    static func plant(_ config: Config, at: Double?) async throws -> Lines {
        try await configured {
            try await Lines.plant(config, at: at, pool: pool(), now: Date().timeIntervalSince1970)
        }
    }

    /// The board's time zone: UTC with `timezone: UTC`, else the machine's (at `time`, for its daylight saving).
    static func utcOffset(_ config: Config, at time: Double = Date().timeIntervalSince1970) -> Int {
        config.utc ? 0 : TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: time))
    }

    /// The time zone's short name, as times in reports name it (`UTC`, `CET`).
    static func zoneName(_ config: Config, at time: Double = Date().timeIntervalSince1970) -> String {
        config.utc
            ? "UTC"
            : TimeZone.current.abbreviation(for: Date(timeIntervalSince1970: time)) ?? TimeZone.current.identifier
    }

    static func client(_ config: Config) -> PrometheusClient {
        PrometheusClient(transport: CurlTransport(options: .init(config: config.prometheus, environment: environment)))
    }

    /// The configuration of the line named `name` of a plant (`--line`), or of its only line, or the configuration
    /// itself when no line is named; an unknown name is a usage error that lists the lines.
    static func line(_ name: String?, of config: Config) throws -> Config {
        // A plant of one line is that line's board.
        let name = name ?? (config.lines.count == 1 ? config.lines[0].name : nil)
        guard let name else { return config }
        guard let line = config.lines.first(where: { $0.name == name }) else {
            let known = config.lines.map(\.name)
            throw ValidationError(
                "no line named '\(TextSanitizer.inert(name, limit: 40))'"
                    + (known.isEmpty
                        ? ": the configuration has no lines:" : "; the lines: " + known.joined(separator: ", ")))
        }
        do {
            return try config.line(line)
        } catch {
            report("\(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// Who acknowledges when the configuration does not say: `$USER@host` (the login name when USER is unset).
    static func author(environment: [String: String]) -> String {
        var user = environment["USER"] ?? ""
        if user.isEmpty, let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            user = String(cString: name)
        }
        var host = [UInt8](repeating: 0, count: 256)
        let named = host.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { gethostname($0.baseAddress!, $0.count - 1) == 0 }
        }
        let hostName = named ? String(decoding: host.prefix { $0 != 0 }, as: UTF8.self) : "localhost"
        return TextSanitizer.inert((user.isEmpty ? "andon" : user) + "@" + hostName, limit: 80)
    }

    static func warnAboutSecrets(_ config: Config) {
        // A reload writes nothing on the board's terminal: the warning was given at start.
        guard failures == nil else { return }
        let auths = [config.prometheus.auth] + (config.alertmanager.map { [$0.endpoint.auth] } ?? [])
        for case .file(let path) in auths.flatMap({ [$0.password, $0.bearerToken] }) {
            if SecretReader.isReadableByOthers(path) {
                FileHandle.standardError.write(
                    Data("andon: warning: \(path) is readable by other users; chmod 600 it\n".utf8))
            }
        }
    }

    /// Whether the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    static var utf8Locale: Bool {
        let locale =
            [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
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
            "Trend and status-history range: 1h, 6h, 24h or 7d (on the board, key t cycles).", valueName: "range"))
    var range: TrendRange = .hours24

    @Flag(help: "Only ASCII characters, whatever the locale.")
    var ascii = false

    /// The title, made inert (no control characters reach the terminal).
    func apply(to config: inout Config) {
        if let title { config.title = TextSanitizer.inert(title, limit: 120) }
    }
}
