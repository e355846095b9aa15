import AndonCore
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
              andon queries --profile rabbitmq.yaml
              andon queries | cut -f4 | promtool check ...
              andon queries --json | jq -r '.[] | select(.panel == "headline") | .query'
            """)

    @OptionGroup var source: SourceOptions

    @Flag(name: .long, help: "Print a JSON array of {principle, panel, kind, query} instead of lines.")
    var json = false

    func run() async throws {
        var config = try Setup.config(source, offline: true)
        if !config.profileChosen {
            config = await Setup.detect(config, client: Setup.client(config))
            if let problem = config.detection?.problem {
                Setup.report(problem + "; the queries of the profile " + config.profile.name + " follow")
            }
        }
        var seen: Set<String> = []
        var rows: [JSONValue] = []
        func emit(_ principle: String, _ panel: String, _ kind: String, _ query: String) {
            guard seen.insert(kind + query).inserted else { return }
            if json {
                rows.append(
                    .object([
                        ("principle", .string(principle)), ("panel", .string(panel)), ("kind", .string(kind)),
                        ("query", .string(query)),
                    ]))
            } else {
                print([principle, panel, kind, query].joined(separator: "\t"))
            }
        }
        for spec in config.principles {
            emit(spec.id.rawValue, "headline", "instant", spec.query)
            emit(spec.id.rawValue, "headline", "range", spec.query)
        }
        for principle in config.profile.principles {
            if let culprit = principle.culprit { emit(principle.id.rawValue, "culprit", "instant", culprit.query) }
        }
        // The plant board's headline of every line of a shared engine at once (with the lines' values in place).
        for principle in config.profile.principles {
            guard let byLine = principle.byLine else { continue }
            emit(
                principle.id.rawValue, "by_line", "instant",
                (try? QueryTemplate.expand(byLine, config.variables)) ?? byLine)
        }
        if let culprits = config.profile.culpritsQuery { emit("overview", "culprits", "instant", culprits) }
        if let joined = OverviewQuery.joined(config.principles, profile: config.profile) {
            emit("overview", "joined", "instant", joined)
        }
        for principle in config.profile.principles {
            for panel in principle.panels {
                emit(
                    principle.id.rawValue, panel.title, panel.kind == .trend ? "range" : "instant",
                    panel.kind == .trend ? panel.query : panel.fetchQuery)
                // A states panel's timelines: the same query over the range.
                if panel.kind == .circuitStates { emit(principle.id.rawValue, panel.title, "range", panel.query) }
            }
        }
        if json { print(JSONValue.array(rows).serialized()) }
    }
}
