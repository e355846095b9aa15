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
              andon snapshot --at -2h --principle andon   two hours ago, with its history
              watch -n 15 -c andon snapshot --color always
              ssh line3 andon snapshot | mail -s "andon" oncall@example.com
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var time: TimeOptions

    @Option(help: ArgumentHelp("Columns (default: the terminal's width, else $COLUMNS, else 100).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Colour: auto, always or never.", valueName: "when"))
    var color: TerminalProbe.ColorMode = .auto

    @Option(
        help: ArgumentHelp(
            "Render this principle's drill-down instead of the overview: "
                + PrincipleID.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "id"))
    var principle: String?

    @Option(help: ArgumentHelp("Of a plant (lines: in the configuration), this line's board.", valueName: "name"))
    var line: String?

    @OptionGroup var look: LookOptions

    func validate() throws {
        if let width, width < BoardView.minimumSize.width || width > 1000 {
            throw ValidationError("--width must be between \(BoardView.minimumSize.width) and 1000")
        }
        if let principle, PrincipleID(rawValue: principle.lowercased()) == nil {
            throw ValidationError(
                "unknown principle '\(principle)'; use one of "
                    + PrincipleID.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        var config = try Setup.config(source)
        config = try await Launch.discover(config, pool: Setup.pool())
        look.apply(to: &config)
        config = try Setup.line(line, of: config)
        let environment = Setup.environment
        let columns = width ?? TerminalProbe.outputWidth(environment: environment)
        let colors = TerminalProbe.outputColors(
            mode: color, environment: environment)
        let characters = Setup.look(ascii: look.ascii)
        let theme = try Setup.theme(look.theme, config: config, colorAsked: color == .always)
        let view = BoardView(
            unicode: characters.unicode, braille: characters.braille, utcOffset: config.utcOffset(),
            interactive: false)
        if config.lines.count > 1 {
            try await plant(config, width: max(columns, BoardView.minimumSize.width), theme: theme, colors: colors)
        }
        let pane = principle.flatMap { PrincipleID(rawValue: $0.lowercased()) }.map(Pane.principle) ?? .overview
        let state = try await OneShot.snapshot(
            config, at: try time.instant(now: Date().timeIntervalSince1970), pane: pane,
            width: max(columns, BoardView.minimumSize.width), view: view, range: look.range, pool: Setup.pool()
        ) { lines in
            if case .principle(let id) = pane, let profile = lines.configs.first?.profile, profile.principle(id) == nil
            {
                throw ValidationError("the profile \(profile.name) leaves \(id.rawValue) out")
            }
        }
        print(TextOutput.render(view.render(state), theme: theme, colors: colors), terminator: "")
        throw ExitCode(state.overall.exitCode)
    }

    /// The plant overview of every line (`OneShot.snapshot`).
    func plant(_ config: Config, width: Int, theme: Theme, colors: Int) async throws -> Never {
        let plant = try await OneShot.snapshot(
            config, at: try time.instant(now: Date().timeIntervalSince1970), width: width, pool: Setup.pool())
        let view = PlantView(
            unicode: Setup.look(ascii: look.ascii).unicode, utcOffset: config.utcOffset(), interactive: false)
        print(TextOutput.render(view.render(plant), theme: theme, colors: colors), terminator: "")
        throw ExitCode(plant.overall.exitCode)
    }
}
