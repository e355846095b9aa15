/// One look at Prometheus, as the board takes it: the state after the first refresh (overview, trends and, for a
/// drill-down, its panels), for `andon snapshot`. The same update function and fetches as the board, so the
/// snapshot and the board cannot disagree.
public enum OneShot {
    /// Runs the board's first refresh for `pane` at `width` columns and returns the state, sized to show
    /// everything (`view.naturalHeight`).
    public static func state(
        config: Config, fetcher: BoardFetcher, pane: Pane, width: Int, now: Double, view: BoardView,
        range: TrendRange = .hours24
    ) async -> BoardState {
        var state = BoardState(
            config: config, bell: .off, now: now, size: Size(width: width, height: 24), at: fetcher.at)
        state.pane = pane
        state.range = range
        let effects = state.update(.tick(now))
        let events = await withTaskGroup(of: (Int, Event?).self) { group in
            for (index, effect) in effects.enumerated() {
                group.addTask {
                    switch effect {
                    case .refresh: return (index, .refreshed(await fetcher.overview(now: now)))
                    case .fetchTrends(let range, let points):
                        return (index, .trends(await fetcher.trends(range, points: points, now: now)))
                    case .fetchDrill(let id, let range, let points):
                        return (index, .drilled(await fetcher.drill(id, range: range, points: points, now: now)))
                    case .bell, .quit: return (index, nil)
                    }
                }
            }
            var events: [(Int, Event?)] = []
            for await event in group { events.append(event) }
            return events.sorted { $0.0 < $1.0 }.compactMap(\.1)
        }
        for event in events { _ = state.update(event) }
        state.size = Size(width: width, height: view.naturalHeight(state))
        return state
    }
}
