/// The answer to a `.refresh`.
public struct OverviewData: Sendable {
    public var evaluation: Evaluation
    /// The member driving each headline, e.g. "orders 1,204 items", or nil when there is none to name.
    public var culprits: [PrincipleID: String]
    /// When the refresh finished.
    public var at: Double
    /// The longest `Retry-After` any answer asked for.
    public var retryAfter: Double?
    /// The history instant it was evaluated at (nil: live); an answer for another instant is dropped.
    public var asOf: Double?
    /// The variables' values it was asked with; an answer for other values (the board switched lines since) is
    /// dropped.
    public var variables: [String: QueryTemplate.Value] = [:]
    /// The configuration's generation it was asked with (`Config.generation`); an answer asked before a reload
    /// is dropped.
    public var generation = 0

    public init(
        evaluation: Evaluation, culprits: [PrincipleID: String], at: Double, retryAfter: Double? = nil,
        asOf: Double? = nil
    ) {
        self.evaluation = evaluation
        self.culprits = culprits
        self.at = at
        self.retryAfter = retryAfter
        self.asOf = asOf
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
    /// The history instant it was fetched for (nil: live).
    public var asOf: Double?
    /// The variables' values it was asked with; an answer for other values (the board switched lines since) is
    /// dropped.
    public var variables: [String: QueryTemplate.Value] = [:]
    /// The configuration's generation it was asked with (`Config.generation`); an answer asked before a reload
    /// is dropped.
    public var generation = 0
    /// The longest `for:` of each principle's loaded alerting rules (for `Drift`); nil when the rules were not
    /// asked (history) or not answered.
    public var holds: [PrincipleID: Double]?

    public init(
        range: TrendRange, series: [PrincipleID: [Point]], error: String?, at: Double, window: TrendWindow? = nil,
        asOf: Double? = nil
    ) {
        self.range = range
        self.series = series
        self.error = error
        self.at = at
        self.window = window
        self.asOf = asOf
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
    /// The history instant it was fetched for (nil: live).
    public var asOf: Double?
    /// The variables' values it was asked with; an answer for other values (the board switched lines since) is
    /// dropped.
    public var variables: [String: QueryTemplate.Value] = [:]
    /// The configuration's generation it was asked with (`Config.generation`); an answer asked before a reload
    /// is dropped.
    public var generation = 0

    public init(principle: PrincipleID, panels: [PanelResult], at: Double, asOf: Double? = nil) {
        self.principle = principle
        self.panels = panels
        self.at = at
        self.asOf = asOf
    }
}
