import AndonCore
import ArgumentParser

/// `andon queries`: every PromQL query the board issues, one per line (`instant` or `range`, a tab, the query),
/// for review, for docs/board.md and for recording test fixtures.
struct QueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries", abstract: "List every PromQL query the board issues.", shouldDisplay: false)

    @OptionGroup var source: SourceOptions

    func run() throws {
        let config = try Setup.config(source)
        var seen: Set<String> = []
        func emit(_ kind: String, _ query: String) {
            if seen.insert(kind + query).inserted { print("\(kind)\t\(query)") }
        }
        for spec in config.principles {
            emit("instant", spec.query)
            emit("range", spec.query)
        }
        emit("instant", Panel.culpritsQuery)
        if let joined = OverviewQuery.joined(config.principles) { emit("instant", joined) }
        for id in PrincipleID.allCases {
            for panel in Panel.panels(for: id) {
                emit(panel.kind == .trend ? "range" : "instant", panel.kind == .trend ? panel.query : panel.fetchQuery)
            }
        }
    }
}
