/// A key as the board understands it.
public enum Key: Sendable, Equatable {
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab
    case pageUp, pageDown, home, end
}

/// Everything that happens to the board. `update` is the only place where state changes.
public enum Event: Sendable {
    case key(Key)
    case resize(Size)
    /// The clock, seconds since the epoch.
    case tick(Double)
    /// An overview refresh finished.
    case refreshed(OverviewData)
    /// Trend lines for the tiles arrived (or failed).
    case trends(TrendData)
    /// A drill-down's panels arrived.
    case drilled(DrillData)
}

/// What `update` asks the outside world to do.
public enum Effect: Sendable, Equatable {
    /// Fetch the six headlines, their culprits and the alerts.
    case refresh
    /// Fetch the tiles' trends over `range` with `points` points.
    case fetchTrends(TrendRange, points: Int)
    /// Fetch the panels of a drill-down, with `points` points for its trends.
    case fetchDrill(PrincipleID, TrendRange, points: Int)
    /// Ring the terminal bell once (the Andon cord).
    case bell
    /// Leave the board.
    case quit
}

/// The trend window the tiles and trend panels show.
public enum TrendRange: String, Sendable, CaseIterable, Equatable {
    case hour1 = "1h"
    case hours6 = "6h"
    case hours24 = "24h"
    case days7 = "7d"

    public var seconds: Double {
        switch self {
        case .hour1: 3600
        case .hours6: 6 * 3600
        case .hours24: 24 * 3600
        case .days7: 7 * 24 * 3600
        }
    }

    public var next: TrendRange {
        let all = TrendRange.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The answer to a `.refresh`.
public struct OverviewData: Sendable {
    public var snapshot: Snapshot
    /// The member driving each headline, e.g. "orders 1,204 items", or nil when there is none to name.
    public var culprits: [PrincipleID: String]
    /// When the refresh finished.
    public var at: Double
    /// The longest `Retry-After` any answer asked for.
    public var retryAfter: Double?
    /// The history instant it was evaluated at (nil: live); an answer for another instant is dropped.
    public var asOf: Double?

    public init(
        snapshot: Snapshot, culprits: [PrincipleID: String], at: Double, retryAfter: Double? = nil,
        asOf: Double? = nil
    ) {
        self.snapshot = snapshot
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
            && lhs.series.map(\.points) == rhs.series.map(\.points)
    }
}

/// The answer to a `.fetchDrill`.
public struct DrillData: Sendable {
    public var principle: PrincipleID
    public var panels: [PanelResult]
    public var at: Double
    /// The history instant it was fetched for (nil: live).
    public var asOf: Double?

    public init(principle: PrincipleID, panels: [PanelResult], at: Double, asOf: Double? = nil) {
        self.principle = principle
        self.panels = panels
        self.at = at
        self.asOf = asOf
    }
}
