/// A plant's catalogue as data (`profiles/*.yaml`, docs/profiles.md): for each principle its headline, the query
/// that names its culprit, its drill-down panels and the alerts that belong to it. The built-in profile,
/// `profiles/tps.yaml`, reads the metric contract of docs/metrics.md.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The principles the profile describes, in board order; a principle left out is not on the board.
    public var principles: [PrincipleProfile]
    /// Label matchers every alert the board shows must satisfy (`alerts: {matchers: ['line="$line"']}`), so
    /// that a line's board shows and rings only for its line; empty: every alert.
    public var alertScope: [String]
    /// The variables the profile declares, with where their values come from.
    public var variables: [VariableDeclaration]
    /// The file it was read from (for errors); nil for a built-in profile.
    public var source: String?
    /// The label that tells apart the lines of a plant on one shared engine (`plant: {label: line}`), by which each
    /// principle's `by_line` query groups its headline; nil: the lines are asked one by one.
    public var plantLabel: String?
    /// The metrics that tell a plant runs this software (`detect:`), every one present; empty: the profile is
    /// chosen only by name, never by detection.
    public var detect: [String]

    public init(
        name: String, description: String = "", principles: [PrincipleProfile], alertScope: [String] = [],
        variables: [VariableDeclaration] = [], source: String? = nil, plantLabel: String? = nil, detect: [String] = []
    ) {
        self.name = name
        self.description = description
        self.principles = principles
        self.alertScope = alertScope
        self.variables = variables
        self.source = source
        self.plantLabel = plantLabel
        self.detect = detect
    }

    /// The profile of one principle, if the profile describes it.
    public func principle(_ id: PrincipleID) -> PrincipleProfile? { principles.first { $0.id == id } }

    /// A principle's drill-down panels (none when the profile leaves it out).
    public func panels(_ id: PrincipleID) -> [Panel] { principle(id)?.panels ?? [] }

    /// A principle's culprit query, if it has one.
    public func culprit(_ id: PrincipleID) -> Culprit? { principle(id)?.culprit }

    /// The label that marks which principle a series of `culpritsQuery` belongs to.
    public static let culpritPrinciple = "andon_principle"

    /// The culprit queries as one: each marked with its principle by `label_replace`, joined by `or` (the marks
    /// keep every series apart). Part of `OverviewQuery.joined`, and a request of its own when the board asks
    /// again; culprits carry no status, so when it fails only the culprit lines are missing. Nil when no
    /// principle has a culprit.
    public var culpritsQuery: String? {
        let parts = principles.compactMap { principle in
            principle.culprit.map { culprit in
                "label_replace(\(culprit.query), \"\(Self.culpritPrinciple)\", \"\(principle.id.rawValue)\", \"\", \"\")"
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " or ")
    }
}

/// A variable a profile's queries use (`$line`), and where its values come from: as Grafana's
/// `label_values(metric, label)`, the values of `label` on the series of `metric` (a selector), or of any series.
public struct VariableDeclaration: Sendable, Equatable {
    public var name: String
    /// The label whose values the variable takes.
    public var label: String
    /// The series selector whose label values count (`plant_queue_ready`, `up{job="rabbitmq"}`); nil: all series.
    public var match: String?
    /// The value when none is given (`--var`, `variables:`); nil: the first value Prometheus lists.
    public var defaultValue: String?
    /// Whether the board's chooser offers "all" (every value, as a regular expression).
    public var offersAll: Bool

    public init(name: String, label: String, match: String? = nil, defaultValue: String? = nil, offersAll: Bool = false)
    {
        self.name = name
        self.label = label
        self.match = match
        self.defaultValue = defaultValue
        self.offersAll = offersAll
    }
}

/// One principle in a profile.
public struct PrincipleProfile: Sendable, Equatable {
    /// The headline: its name, query, unit and thresholds.
    public var spec: PrincipleSpec
    public var culprit: Culprit?
    public var panels: [Panel]
    /// Label matchers (`principle="kanban"`) that select the alerts of this principle.
    public var alertMatchers: [String]
    /// The headline of every line of a shared engine at once, one series per line grouped by the profile's plant
    /// label (`max by (line) (q{line=~"$line"})`); nil: each line asks its own headline.
    public var byLine: String?
    /// Metrics the headline needs beyond the profile's `detect:` (`needs:`): without them detection leaves the
    /// principle to another profile, or not measured.
    public var needs: [String]
    /// Where Kaizen reads its SLOs' error budgets (`budget:`); nil: it shows attainment only.
    public var budget: BudgetSource?

    public var id: PrincipleID { spec.id }

    public init(
        spec: PrincipleSpec, culprit: Culprit? = nil, panels: [Panel] = [], alertMatchers: [String] = [],
        byLine: String? = nil, needs: [String] = [], budget: BudgetSource? = nil
    ) {
        self.spec = spec
        self.culprit = culprit
        self.panels = panels
        self.alertMatchers = alertMatchers
        self.byLine = byLine
        self.needs = needs
        self.budget = budget
    }
}

/// The query that names the member driving a headline, and how its line reads on the tile.
public struct Culprit: Sendable, Equatable {
    public var query: String
    /// The label that names a member.
    public var label: String
    public var unit: Unit
    /// The tile's line: `{name}` and `{value}` of the first series, or `{names}`: the members, sorted, at most
    /// `names` of them, "and more" when there are more.
    public var line: String
    public var names: Int

    public init(query: String, label: String, unit: Unit = .none, line: String = "{name}: {value}", names: Int = 5) {
        self.query = query
        self.label = label
        self.unit = unit
        self.line = line
        self.names = names
    }
}
