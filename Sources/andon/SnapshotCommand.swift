import AndonCore
import AndonRuntime
import AndonTerminal
import ArgumentParser
import Foundation

/// `andon snapshot`: the overview (or one drill-down) rendered once as text, by the board's own layout code.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the board once as text and exit with the status of `check` (0/1/2/3).",
        discussion: """
            Works in a pipe, with watch, in cron mail and over `ssh host andon snapshot` without a terminal. \
            Colour only on a terminal and without NO_COLOR, unless --color always.

            Examples:
              andon snapshot
              andon snapshot --width 160 --principle kanban
              andon snapshot --at -2h --principle andon   # two hours ago, with its history
              watch -n 15 -c andon snapshot --color always
              ssh line3 andon snapshot | mail -s "andon" oncall@example.com
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @OptionGroup var time: TimeOptions

    @Option(help: ArgumentHelp("Columns (default: the terminal's width, else $COLUMNS, else 100).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Colour: auto, always or never.", valueName: "when"))
    var color: TerminalProbe.ColorMode = .auto

    @Option(
        help: ArgumentHelp(
            "Render this principle's drill-down instead of the overview: "
                + PrincipleID.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "id"),
        completion: .list(PrincipleID.allCases.map(\.rawValue)), transform: Setup.principle)
    var principle: PrincipleID?

    @Flag(
        name: .long, help: "Print one JSON object instead of text: check --json's members, and the drill-down's panels."
    )
    var json = false

    @OptionGroup var look: LookOptions

    func validate() throws {
        if let width, width < BoardView.minimumSize.width || width > 1000 {
            throw ValidationError("--width must be between \(BoardView.minimumSize.width) and 1000")
        }
    }

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        config = try await Launch.discover(config, pool: Setup.pool())
        look.apply(to: &config)
        config = try Launch.line(plant.line, of: config)
        let columns = width ?? TerminalProbe.outputWidth(environment: Setup.environment)
        let colors = TerminalProbe.outputColors(mode: color, environment: Setup.environment)
        let theme = try Setup.theme(look.theme, config: config, colorAsked: color == .always)
        let view = Setup.view(ascii: look.ascii, config, interactive: false)
        if config.lines.count > 1 {
            try await plant(config, width: max(columns, BoardView.minimumSize.width), theme: theme, colors: colors)
        }
        let pane = principle.map(Pane.principle) ?? .overview
        var state = try await OneShot.snapshot(
            config, at: try time.instant(now: Date().timeIntervalSince1970), pane: pane,
            width: max(columns, BoardView.minimumSize.width), view: view, range: config.range, pool: Setup.pool()
        ) { lines in try Launch.measured(principle.map { [$0] }, by: lines.configs[0]) }
        if let oncall = await OnCallLoader.board(config, pool: Setup.pool(), environment: Setup.environment) {
            _ = state.update(.oncall(oncall))
        }
        print(
            json ? state.json().serialized() : TextOutput.render(view.render(state), theme: theme, colors: colors),
            terminator: json ? "\n" : "")
        throw ExitCode(state.overall.exitCode)
    }

    /// The plant overview of every line (`OneShot.snapshot`).
    func plant(_ config: Config, width: Int, theme: Theme, colors: Int) async throws -> Never {
        let plant = try await OneShot.snapshot(
            config, at: try time.instant(now: Date().timeIntervalSince1970), width: width, pool: Setup.pool())
        let view = PlantView(
            unicode: Setup.view(ascii: look.ascii, config).unicode, utcOffset: config.utcOffset(), interactive: false)
        print(
            json ? plant.json().serialized() : TextOutput.render(view.render(plant), theme: theme, colors: colors),
            terminator: json ? "\n" : "")
        throw ExitCode(plant.overall.exitCode)
    }
}
