/// Every PromQL query the board issues with a configuration (`andon queries`): the principle (or `overview`), the
/// panel (`headline`, `culprit`, `by_line`, a panel's title, `culprits`, `joined`), `instant` or `range`, and the
/// query; each once.
public struct QueryList: Sendable {
    public struct Row: Sendable, Equatable {
        public var principle: String
        public var panel: String
        public var kind: String
        public var query: String

        /// As `andon queries --json` writes it.
        public var json: JSONValue {
            .object([
                ("principle", .string(principle)), ("panel", .string(panel)), ("kind", .string(kind)),
                ("query", .string(query)),
            ])
        }
    }

    public private(set) var rows: [Row] = []
    private var seen: Set<String> = []

    public init(_ config: Config) {
        for spec in config.principles {
            add(spec.id.rawValue, "headline", "instant", spec.query)
            add(spec.id.rawValue, "headline", "range", spec.query)
        }
        for principle in config.profile.principles {
            if let culprit = principle.culprit { add(principle.id.rawValue, "culprit", "instant", culprit.query) }
        }
        // The plant board's headline of every line of a shared engine at once (with the lines' values in place).
        for principle in config.profile.principles {
            guard let byLine = principle.byLine else { continue }
            add(
                principle.id.rawValue, "by_line", "instant",
                (try? QueryTemplate.expand(byLine, config.variables)) ?? byLine)
        }
        if let culprits = config.profile.culpritsQuery { add("overview", "culprits", "instant", culprits) }
        if let joined = OverviewQuery.joined(config.principles, profile: config.profile) {
            add("overview", "joined", "instant", joined)
        }
        for principle in config.profile.principles {
            for panel in principle.panels {
                add(
                    principle.id.rawValue, panel.title, panel.kind == .trend ? "range" : "instant",
                    panel.kind == .trend ? panel.query : panel.fetchQuery)
                // A states panel's timelines: the same query over the range.
                if panel.kind == .circuitStates { add(principle.id.rawValue, panel.title, "range", panel.query) }
            }
        }
    }

    private mutating func add(_ principle: String, _ panel: String, _ kind: String, _ query: String) {
        guard seen.insert(kind + query).inserted else { return }
        rows.append(Row(principle: principle, panel: panel, kind: kind, query: query))
    }
}
