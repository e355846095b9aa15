import AndonCore
import AndonCurl
import AndonTerminal
import ArgumentParser
import Foundation

/// `andon` / `andon board`: the full-screen board.
struct Board: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the full-screen board (the default command).")

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Seconds between refreshes (default 15, or the config).", valueName: "seconds"))
    var refresh: Double?

    @Option(help: ArgumentHelp("The board's title, e.g. \"Line 3 · Final assembly\".", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Ring the bell for newly firing alerts: critical, all or off.", valueName: "when"))
    var bell: String = "critical"

    func validate() throws {
        if let refresh, !(refresh > 0 && refresh.isFinite) {
            throw ValidationError("--refresh must be a positive number of seconds")
        }
        guard BellPolicy(rawValue: bell) != nil else {
            throw ValidationError("--bell must be critical, all or off")
        }
    }

    func run() async throws {
        var config = try Setup.config(source)
        if let refresh { config.refresh = refresh }
        if let title { config.title = TextSanitizer.inert(title, limit: 120) }
        let environment = ProcessInfo.processInfo.environment
        if case .unusable(let why) = TerminalProbe.check(environment: environment) {
            let message =
                "andon: cannot open the board: \(why).\n"
                + "Use `andon snapshot` for the board as text, or `andon check` for a summary.\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(69)
        }
        let utf8 = Setup.utf8Locale
        let view = BoardView(
            unicode: utf8, braille: utf8 && environment["TERM"] != "linux",
            utcOffset: TimeZone.current.secondsFromGMT())
        let theme = environment["NO_COLOR"].map { $0.isEmpty ? Theme.standard : Theme.monochrome } ?? .standard
        let runner = BoardRunner(
            config: config, bell: BellPolicy(rawValue: bell)!, view: view, theme: theme,
            fetcher: BoardFetcher(client: Setup.client(config), config: config))
        let status = try await runner.run()
        if status != 0 { throw ExitCode(status) }
    }
}
