import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon check`: one refresh, a summary in the monitoring-plugin format, and the Nagios/Icinga exit code.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.",
        discussion: """
            The first line is in the monitoring-plugin format (Nagios, Icinga, Sensu):
              ANDON CRITICAL - andon 1.10% > 1% | jidoka=0%;0;30 kanban=12;500;1000 ...
            with performance data for every principle checked and its warning and critical thresholds.

            Examples:
              andon check
              andon check --principle kanban --principle tracing --timeout 5
              andon check --json | jq .status
              andon check --at 2026-11-29T03:00:00Z   # what the board showed at 03:00 UTC
              andon check --alarm-health --since 7d   # the alerting against EEMUA 191's targets

            With --alarm-health it judges the alerting instead, over the window before --at (or now): alerts \
            raised per 10 minutes, the time in flood, chattering and standing alerts, the priority mix, against \
            the targets of alarms: health: (EEMUA 191's by default); 0 within them, 1 past a target, 2 past a \
            limit, 3 when the alerts cannot be read.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @OptionGroup var time: TimeOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check only this principle (repeatable): \(PrincipleID.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "id"), completion: .list(PrincipleID.allCases.map(\.rawValue)), transform: Setup.principle)
    var principle: [PrincipleID] = []

    @Flag(name: .long, help: "Leave pending alerts out of the summary.")
    var ignorePending = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The most alerts --json lists (default \(CheckReport.jsonAlerts)); alerts_left_out counts the rest.",
            valueName: "count"))
    var maxAlerts = CheckReport.jsonAlerts

    @Flag(name: .long, help: "Judge the alerting of a window against the alarm-health targets instead.")
    var alarmHealth = false

    @Option(
        name: .long,
        help: ArgumentHelp("With --alarm-health: the window, the last DURATION (default 24h).", valueName: "duration"))
    var since: String?

    func validate() throws {
        if maxAlerts < 0 { throw ValidationError("--max-alerts must be 0 or more") }
        if since != nil && !alarmHealth { throw ValidationError("--since goes with --alarm-health") }
        if let since { _ = try Setup.usage(PromDuration.span(since, option: "since", examples: "24h or 7d")) }
        if alarmHealth && (!principle.isEmpty || ignorePending) {
            throw ValidationError("--alarm-health judges every alert: --principle and --ignore-pending do not apply")
        }
    }

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        let pool = Setup.pool()
        config = try await Launch.discover(config, pool: pool, plugin: !json)
        if alarmHealth { throw ExitCode(try await judgeAlarmHealth(config, pool: pool)) }
        config = try Launch.line(plant.line, of: config)
        let chosen = principle.isEmpty ? nil : Set(principle)
        var checking = Checking(
            at: try time.instant(now: Date().timeIntervalSince1970), chosen: chosen, ignoringPending: ignorePending
        ) { [json] report in
            print(
                json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale), terminator: json ? "\n" : "")
            return report.exitCode
        }
        checking.maxAlerts = maxAlerts
        if config.lines.count > 1 {
            try Launch.measured(chosen, by: config)
            throw ExitCode(try await checking.plant(config, pool: pool))
        }
        config = await Launch.detect(config, client: pool.client(config.prometheus), at: checking.at)
        try Launch.measured(chosen, by: config)
        throw ExitCode(await checking.board(config, pool: pool))
    }

    /// `--alarm-health`: the figures of the window over the board's alerts (a plant's: every line's, or the one
    /// asked for), the verdict as the exit status.
    func judgeAlarmHealth(_ config: Config, pool: ClientPool) async throws -> Int32 {
        let now = Date().timeIntervalSince1970
        let to = try time.instant(now: now) ?? now
        let from = to - (since.flatMap(PromDuration.seconds) ?? 86400)
        let boards = try Launch.boards(of: config, line: plant.line).map(\.config)
        var resolved: [Config] = []
        var report: AlarmHealthReport
        do {
            for board in boards {
                resolved.append(try await Launch.resolve(board, client: pool.client(board.prometheus), at: to))
            }
            let step = HandoverFetcher.step(15, from: from, to: to)
            report = await Launch.alarmHealth(resolved, from: from, to: to, step: step, pool: pool)
        } catch {
            // A plugin's answer all the same: unknown, with why.
            report = AlarmHealthReport(
                problem: error.message, targets: config.alarms.health, from: from, to: to)
        }
        if json {
            print(report.json().serialized())
        } else {
            print(report.pluginLine())
            print(report.lines().map { "  " + $0 }.joined(separator: "\n"))
        }
        return report.exitCode
    }
}
