import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon queries`: every PromQL query the board issues with the chosen profile and configuration, one per line:
/// the principle (or `overview`), the panel (`headline`, `culprit`, `by_line`, a panel's title, `joined`), `instant` or
/// `range`, and the query, separated by tabs; `--json`, an array of objects. With no profile chosen it asks
/// Prometheus which profiles fit, as the board does. For review, for docs/board.md and for recording test fixtures.
struct QueriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries", abstract: "List every PromQL query the board issues, by principle and panel.",
        discussion: """
            Each line: principle, panel, instant or range, query (tab-separated). With no profile chosen \
            (--profile, $ANDON_PROFILE, profile:), the profiles are detected on Prometheus first, as the board \
            detects them; when it cannot be asked, the queries of the profile the board would fall back to.

            Examples:
              andon queries --profile rabbitmq
              andon queries | cut -f4 | sort -u | wc -l   # how many distinct queries the board sends
              andon queries --json | jq -r '.[] | select(.panel == "headline") | .query'
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var plant: LineOptions

    @Flag(name: .long, help: "Print a JSON array of {principle, panel, kind, query} instead of lines.")
    var json = false

    func run() async throws {
        var config = try Setup.config(source, server, line: plant.line, offline: true)
        if !config.profileChosen {
            config = await Launch.detect(config, client: Setup.pool().client(config.prometheus))
            if let problem = config.detection?.problem {
                Setup.report(problem + "; the queries of the profile " + config.profile.name + " follow")
            }
        }
        let rows = QueryList(config).rows
        if json {
            print(JSONValue.array(rows.map(\.json)).serialized())
        } else {
            for row in rows { print([row.principle, row.panel, row.kind, row.query].joined(separator: "\t")) }
        }
    }
}
