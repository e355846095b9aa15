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
