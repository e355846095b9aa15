/// What an answer was asked for: the history instant (nil: live), the variables' values (the line) and the
/// configuration's generation (`Config.generation`, one more at each reload). A board takes an answer only when
/// its stamp is what the board shows now (`BoardState.update` checks it once), so an answer for another instant
/// or line, or asked before a reload, is dropped.
public struct Stamp: Sendable, Equatable {
    public var asOf: Double?
    public var variables: [String: QueryTemplate.Value]
    public var generation: Int

    public init(asOf: Double? = nil, variables: [String: QueryTemplate.Value] = [:], generation: Int = 0) {
        self.asOf = asOf
        self.variables = variables
        self.generation = generation
    }

    /// What a fetch with `config` for the instant `asOf` (nil: live) asks for.
    public init(asOf: Double?, config: Config) {
        self.init(asOf: asOf, variables: config.variables, generation: config.generation)
    }
}

/// An answer's stamp, part by part.
public protocol Stamped {
    var stamp: Stamp { get set }
}

extension Stamped {
    public var asOf: Double? {
        get { stamp.asOf }
        set { stamp.asOf = newValue }
    }
    public var variables: [String: QueryTemplate.Value] {
        get { stamp.variables }
        set { stamp.variables = newValue }
    }
    public var generation: Int {
        get { stamp.generation }
        set { stamp.generation = newValue }
    }
}

extension OverviewData: Stamped {}
extension TrendData: Stamped {}
extension DrillData: Stamped {}

/// The answer to a `.refresh`.
public struct OverviewData: Sendable {
    public var evaluation: Evaluation
    /// The member driving each headline, e.g. "orders 1,204 items", or nil when there is none to name.
    public var culprits: [PrincipleID: String]
    /// When the refresh finished.
    public var at: Double
    /// The longest `Retry-After` any answer asked for.
    public var retryAfter: Double?
    /// What it was asked for: an answer for another instant, line or configuration is dropped.
    public var stamp = Stamp()

    public init(
        evaluation: Evaluation, culprits: [PrincipleID: String], at: Double, retryAfter: Double? = nil,
        asOf: Double? = nil
    ) {
        self.evaluation = evaluation
        self.culprits = culprits
        self.at = at
        self.retryAfter = retryAfter
        stamp.asOf = asOf
    }
}

/// The times a range query was evaluated at: `start`, `start + step`, … up to `end`.
public struct TrendWindow: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var step: Double

    public init(start: Double, end: Double, step: Double) {
        self.start = start
        self.end = end
        self.step = step
    }
}

/// The answer to a `.fetchTrends`.
public struct TrendData: Sendable {
    public var range: TrendRange
    public var series: [PrincipleID: [Point]]
    public var error: String?
    public var at: Double
    /// The evaluation times of the series (for the status history).
    public var window: TrendWindow?
    /// What it was asked for: an answer for another instant, line or configuration is dropped.
    public var stamp = Stamp()
    /// What each principle's loaded alerting rules tell `Drift`; nil when the rules were not asked (history) or
    /// not answered.
    public var rules: [PrincipleID: RuleWatch]?

    public init(
        range: TrendRange, series: [PrincipleID: [Point]], error: String?, at: Double, window: TrendWindow? = nil,
        asOf: Double? = nil
    ) {
        self.range = range
        self.series = series
        self.error = error
        self.at = at
        self.window = window
        stamp.asOf = asOf
    }
}

/// One panel's answer: rows for instant panels, series for trend panels, or why there is nothing to show.
public struct PanelResult: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: Double

        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var rows: [Row]
    /// How many rows the panel has in Prometheus; more than `rows` when only the top ones were fetched.
    public var total: Int
    public var series: [(label: String, points: [Point])]
    /// Why the panel is empty: no series of its metric, or an error.
    public var problem: String?
    /// A states panel's rows over the range, by row label: closed green, half-open yellow, open red (a state
    /// timeline, so that a flapping breaker shows).
    public var timelines: [String: StatusHistory] = [:]

    public init(
        rows: [Row] = [], total: Int? = nil, series: [(label: String, points: [Point])] = [], problem: String? = nil
    ) {
        self.rows = rows
        self.total = total ?? rows.count
        self.series = series
        self.problem = problem
    }

    public static func == (lhs: PanelResult, rhs: PanelResult) -> Bool {
        lhs.rows == rhs.rows && lhs.total == rhs.total && lhs.problem == rhs.problem
            && lhs.series.map(\.label) == rhs.series.map(\.label)
            && lhs.series.map(\.points) == rhs.series.map(\.points) && lhs.timelines == rhs.timelines
    }
}

/// The answer to a `.fetchDrill`.
public struct DrillData: Sendable {
    public var principle: PrincipleID
    public var panels: [PanelResult]
    public var at: Double
    /// What it was asked for: an answer for another instant, line or configuration is dropped.
    public var stamp = Stamp()

    public init(principle: PrincipleID, panels: [PanelResult], at: Double, asOf: Double? = nil) {
        self.principle = principle
        self.panels = panels
        self.at = at
        stamp.asOf = asOf
    }
}
