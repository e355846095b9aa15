import AndonCore
import AndonCurl
import AndonRuntime
import AndonTerminal
import ArgumentParser
import Foundation

@main
struct Andon: AsyncParsableCommand {
    static let configuration = root(defaultSubcommand: Board.self)

    /// The root command, with the board as the default subcommand (`andon`, `andon --kiosk`) or without it
    /// (`AndonCommands`, for a command line that names its subcommand).
    static func root(defaultSubcommand: ParsableCommand.Type?) -> CommandConfiguration {
        CommandConfiguration(
            commandName: "andon",
            abstract: "A terminal Andon board for the six Toyota Production System principles, fed by Prometheus.",
            discussion: """
                Examples:
                  andon                               # the full-screen board
                  andon --refresh 5 --title "Line 3"  # a faster board with a title
                  andon snapshot                      # the board once, as text (pipes, cron)
                  andon snapshot --principle kanban   # one drill-down, as text
                  andon check                         # the plugin line and a summary
                  andon check --json                  # the same as one JSON object
                  andon check --at -2h                # what it showed two hours ago
                  andon doctor                        # every link to Prometheus checked
                  andon rules                         # alerts from the board's thresholds
                  andon ack AndonHighErrorRate --for 30m  # acknowledge an alert in Alertmanager
                  andon call material --note "pallet jam"  # pull the cord: a call, with its ladder
                  andon oncall                        # who is on call now, and next
                  andon gate && make deploy           # ship only while the line runs and budgets last

                Exit status: 0 all green, 1 worst is yellow, 2 a principle is red, 3 unknown (check, snapshot); \
                1 also a fault found (doctor), nothing matched or a write refused (ack, unack), no open call with \
                that id (arrive, close), nobody on call (oncall); 0 ship, 1 warn, 2 stop (gate); 64 usage error \
                (an unknown call type too); 69 no terminal the board can use, or Prometheus or Alertmanager (or a calendar's URL) unreachable; \
                77 acknowledging or calls not allowed (ack, unack, call, arrive, close); 78 bad configuration (no \
                calls: or schedule configured too); 128+n after signal n.

                Environment: ANDON_CONFIG (configuration file), ANDON_PROMETHEUS_URL, ANDON_ALERTMANAGER_URL, \
                XDG_CONFIG_HOME, NO_COLOR \
                (no colour), COLUMNS (snapshot width when not on a terminal), TERM, LANG/LC_ALL (UTF-8 or ASCII). \
                Credentials come from files or environment variables named in the configuration, never from \
                arguments.

                Shell completion: andon --generate-completion-script bash|zsh|fish (or the files in completions/).
                """,
            version: AndonVersion.long,
            subcommands: [
                Board.self, Check.self, SnapshotCommand.self, ReplayCommand.self, ReportCommand.self,
                DoctorCommand.self,
                RulesCommand.self, QueriesCommand.self, ProfilesCommand.self, InitCommand.self, AckCommand.self,
                UnackCommand.self, OnCallCommand.self, CallCommand.self, AnswerCommand.self, CloseCommand.self,
                GateCommand.self,
            ],
            defaultSubcommand: defaultSubcommand
        )
    }

    /// Signals are taken by one thread from the very start (see `ProcessSignals`), then the command runs.
    static func main() async {
        ProcessSignals.install()
        // libcurl (and OpenSSL under it) are initialised here, on the main thread, before any other thread uses
        // them. Initialised lazily on a worker thread, OpenSSL keeps that thread's error state and loses it when
        // the worker ends (OpenSSL 3.0 frees it only if its thread-exit key came first): 904 bytes LeakSanitizer
        // reported at exit. The main thread lives to the end. (`MainActor` is not the main thread on Linux.)
        // The command line is parsed on another thread meanwhile (`parse`): the two take 2 to 5 ms each at a cold
        // start.
        let parsing = Task { Parsed(command: try await parse(Array(CommandLine.arguments.dropFirst()))) }
        if mayQueryPrometheus(CommandLine.arguments) { CurlTransport.globalInit }
        do {
            var command = try await parsing.value.command
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A command that cannot go on, or a configuration that is wrong wherever it is read (78): said once.
            let failure =
                error as? LaunchFailure
                ?? (error as? ConfigError).map { LaunchFailure("\($0)", status: ConfigError.exitCode) }
            if let failure {
                if let line = failure.pluginLine { print(line) } else { Setup.report(failure.message) }
            }
            // For a status, what ArgumentParser's `exit(withError:)` does, without first composing the command's
            // usage text, which it discards for a status: work at the end of every `check` and `snapshot`.
            guard let status = failure?.status ?? (error as? ExitCode)?.rawValue else { exit(withError: error) }
            fflush(nil)
            Glibc.exit(status)
        }
    }

    /// The command line's command. One that names its subcommand (`andon check ...`) is parsed by a root without
    /// the default subcommand: ArgumentParser otherwise reflects the board's every option on every start, to learn
    /// whether it takes passthrough arguments (4 M instructions of `check`'s cold start). And first by
    /// `AndonParsing`, which skips the look for `--generate-completion-script` (two more commands reflected, 7 M);
    /// a command line that asks for help, a version or a completion script, or that does not parse, is parsed again
    /// by `AndonCommands`, whose errors and help are the ones shown. The same subcommands, the same errors and help.
    static func parse(_ arguments: [String]) async throws -> ParsableCommand {
        let subcommands = configuration.subcommands
        guard let first = arguments.first, subcommands.contains(where: { $0._commandName == first }) else {
            return try await Andon.asyncParseAsRoot(arguments)
        }
        let asking = ["--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        if !arguments.contains(where: { argument in argument == "-h" || asking.contains { argument.hasPrefix($0) } }),
            let command = try? await AndonParsing.asyncParseAsRoot(arguments),
            subcommands.contains(where: { ObjectIdentifier($0) == ObjectIdentifier(type(of: command)) })
        {
            return command
        }
        return try await AndonCommands.asyncParseAsRoot(arguments)
    }

    /// A parsed command, handed once from the thread that parsed it to the one that runs it.
    struct Parsed: @unchecked Sendable { var command: ParsableCommand }

    /// Whether a command line may query Prometheus: not `--version`, `--help`, `rules` or a completion script,
    /// which would pay 4 ms for OpenSSL's configuration for nothing. Yes when in doubt.
    static func mayQueryPrometheus(_ arguments: [String]) -> Bool {
        let offline: Set = ["--version", "--help", "-h", "--generate-completion-script", "--experimental-dump-help"]
        if arguments.dropFirst().contains(where: offline.contains) { return false }
        return !["rules", "queries", "help"].contains(arguments.dropFirst().first ?? "")
    }
}

/// Options every command shares: where the configuration is and what it reads.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The profile: what every principle reads (a built-in name such as tps, or a file).", valueName: "profile"))
    var profile: String?

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "A profile variable's value, e.g. line=3 (repeatable; several for one name, or name=*, for all).",
            valueName: "name=value"))
    var variables: [String] = []
}

/// Where Prometheus is: the commands that ask it.
struct PrometheusOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Prometheus base URL (overrides the config).", valueName: "url"))
    var prometheus: String?

    @Option(name: .long, help: ArgumentHelp("Seconds before a request gives up.", valueName: "seconds"))
    var timeout: Double?
}

/// Where Alertmanager is: the commands that read acknowledgements and silences, or write them.
struct AlertmanagerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.",
            valueName: "url"))
    var alertmanager: String?
}

/// `--line`: one line of a plant, on every command that reads a board.
struct LineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Of a plant (lines: in the configuration), this line only.", valueName: "name"))
    var line: String?
}

/// `--at`: the instant the board, `check` or `snapshot` is evaluated at, instead of now.
struct TimeOptions: ParsableArguments {
    // Unconditional: a time ago (`-2h`) begins with a dash, and would otherwise be taken for an option.
    @Option(name: .long, parsing: .unconditional, help: Self.help)
    var at: String?

    /// `--at`'s help, the same wherever an instant is asked for.
    static let help = ArgumentHelp(
        "The instant: RFC 3339 (2026-11-29T03:00:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).",
        valueName: "time")

    func validate() throws {
        _ = try instant(now: Date().timeIntervalSince1970)
    }

    /// The instant asked for, or nil for now.
    func instant(now: Double) throws -> Double? {
        try at.map { try Setup.usage(PromDuration.instant($0, option: "at", now: now, future: true)) }
    }
}

/// `andon` for a command line that names its subcommand: the same commands, no default one (`Andon.main`).
struct AndonCommands: AsyncParsableCommand {
    static let configuration = Andon.root(defaultSubcommand: nil)
}

/// `AndonCommands` for parsing only (`Andon.parse`): a root with a super-command is one ArgumentParser does not
/// search for `--generate-completion-script`. Its help and errors are never shown.
struct AndonParsing: AsyncParsableCommand {
    static let configuration: CommandConfiguration = {
        var configuration = Andon.root(defaultSubcommand: nil)
        configuration._superCommandName = "andon"
        return configuration
    }()
}
