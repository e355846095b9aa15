import AndonCore

/// One look at Prometheus, as the board takes it: the state after the first refresh (overview, trends and, for a
/// drill-down, its panels), for `andon snapshot`. The same update function and effects as the board, so the
/// snapshot and the board cannot disagree.
public enum OneShot {
    /// Runs the board's first refresh for `pane` at `width` columns and returns the state, sized to show
    /// everything (`view.naturalHeight`).
    public static func state(
        config: Config, runner: EffectRunner, pane: Pane, width: Int, view: BoardView, range: TrendRange = .hours24
    ) async -> BoardState {
        let now = runner.clock()
        var state = BoardState(
            config: config, bell: .off, now: now, size: Size(width: width, height: 24), at: runner.fetcher.at,
            range: range, pane: pane)
        let effects = state.update(.tick(now))
        let at = state.at
        let events = await withTaskGroup(of: (Int, Event?).self) { group in
            for (index, effect) in effects.enumerated() {
                group.addTask { (index, await runner.perform(effect, at: at)) }
            }
            var events: [(Int, Event?)] = []
            for await event in group { events.append(event) }
            return events.sorted { $0.0 < $1.0 }.compactMap(\.1)
        }
        for event in events { _ = state.update(event) }
        _ = state.update(.resize(Size(width: width, height: view.naturalHeight(state))))
        return state
    }
}
