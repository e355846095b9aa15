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

    /// A line that could not be asked (its variables' values could not be listed): every principle unknown, with
    /// the reason.
    public static func blind(config: Config, reason: String, now: Double, width: Int) -> BoardState {
        var state = BoardState(config: config, bell: .off, now: now, size: Size(width: width, height: 24))
        let error = PrometheusError.transport(TransportError(.other, reason))
        _ = state.update(
            .refreshed(
                OverviewData(
                    evaluation: Evaluation(
                        evaluatedAt: now, prometheus: config.prometheus.url,
                        readings: config.principles.map { Reading.evaluate($0, .failure(error)) },
                        alerts: .failure(error)),
                    culprits: [:], at: now)))
        return state
    }

    /// One look at every line of a plant at once (each line's board after its first refresh, as `state` takes
    /// it), for `andon snapshot`; a line given as a reason instead of a runner is blind with it. A slow line
    /// delays the snapshot, never another line's answer.
    public static func plant(
        title: String, lines: [(name: String, config: Config, source: Result<EffectRunner, BlindLine>)], width: Int
    ) async -> PlantState {
        let view = BoardView(interactive: false)
        let boards = await withTaskGroup(of: (Int, BoardState).self) { group in
            for (index, line) in lines.enumerated() {
                group.addTask {
                    switch line.source {
                    case .success(let runner):
                        return (
                            index,
                            await state(config: line.config, runner: runner, pane: .overview, width: width, view: view)
                        )
                    case .failure(let blind):
                        return (
                            index,
                            OneShot.blind(config: line.config, reason: blind.reason, now: blind.now, width: width)
                        )
                    }
                }
            }
            var boards: [(Int, BoardState)] = []
            for await board in group { boards.append(board) }
            return boards.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let now = boards.map(\.now).max() ?? 0
        return PlantState(
            title: title, lines: zip(lines, boards).map { PlantLine(name: $0.name, board: $1) },
            size: Size(width: width, height: lines.count + 3), now: now)
    }
}

/// Why a line of a plant could not be asked, and when that was found.
public struct BlindLine: Error, Sendable {
    public var reason: String
    public var now: Double

    public init(reason: String, now: Double) {
        self.reason = reason
        self.now = now
    }
}
