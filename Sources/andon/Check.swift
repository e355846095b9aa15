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

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        let pool = Setup.pool()
        config = try await Launch.discover(config, pool: pool, plugin: !json)
        config = try Launch.line(plant.line, of: config)
        let chosen = principle.isEmpty ? nil : Set(principle)
        let checking = Checking(
            at: try time.instant(now: Date().timeIntervalSince1970), chosen: chosen, ignoringPending: ignorePending
        ) { [json] report in
            print(
                json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale), terminator: json ? "\n" : "")
            return report.exitCode
        }
        if config.lines.count > 1 {
            try Launch.measured(chosen, by: config)
            throw ExitCode(try await checking.plant(config, pool: pool))
        }
        config = await Launch.detect(config, client: pool.client(config.prometheus), at: checking.at)
        try Launch.measured(chosen, by: config)
        throw ExitCode(await checking.board(config, pool: pool))
    }
}
