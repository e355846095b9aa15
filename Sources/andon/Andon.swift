import AndonCore
import AndonTerminal
import ArgumentParser

@main
struct Andon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "andon",
        abstract: "A terminal Andon board for the six Toyota Production System principles, fed by Prometheus.",
        discussion: """
            Examples:
              andon                               the full-screen board
              andon --refresh 5 --title "Line 3"  a faster board with a title
              andon check                         one refresh, a summary, exit 0/1/2/3 (Nagios convention)
              andon check --json                  the same as one JSON object
              andon check --prometheus http://prom:9090
            """,
        version: AndonVersion.current,
        subcommands: [Board.self, Check.self, Queries.self],
        defaultSubcommand: Board.self
    )

    /// Signals are taken by one thread from the very start (see `ProcessSignals`), then the command runs.
    static func main() async {
        ProcessSignals.install()
        await main(nil)
    }
}

/// Options every command shares: where the configuration and Prometheus are.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Prometheus base URL (overrides the config).", valueName: "url"))
    var prometheus: String?

    @Option(name: .long, help: ArgumentHelp("Seconds before a request gives up.", valueName: "seconds"))
    var timeout: Double?
}
