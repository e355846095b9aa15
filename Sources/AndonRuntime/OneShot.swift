import AndonCore

/// One look at Prometheus, as the board takes it: one step of the board's own pipeline without a terminal. The
/// plant (a board of one line is a plant of one line) is ticked once, what its lines ask for is fetched by
/// `Lines.work`, as the loop fetches it, and the answers are applied by the same update functions; so `snapshot`
/// and the board cannot disagree, and a plant's snapshot asks what the board asks (the lines of a shared engine
/// in one joined request).
public enum OneShot {
    /// The plant after its first refresh at `now` (and, for a line that is open, its trends and drill-down).
    public static func step(_ plant: PlantState, lines: Lines, now: Double) async -> PlantState {
        var plant = plant
        let works = lines.works(plant.update(.tick(now)), plant: plant).works
        let answers = await withTaskGroup(of: (Int, Lines.Answer?).self) { group in
            for (index, work) in works.enumerated() { group.addTask { (index, await work()) } }
            var answers: [(Int, Lines.Answer?)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.compactMap(\.1)
        }
        for answer in answers {
            switch answer {
            case .line(let line, let event): _ = plant.update(event, line: line)
            case .shared(let answers): _ = plant.updateShared(answers)
            }
        }
        return plant
    }

    /// The board of `lines`' one line after its first refresh for `pane` at `width` columns, sized to show
    /// everything (`view.naturalHeight`).
    public static func state(
        lines: Lines, pane: Pane, width: Int, view: BoardView, range: TrendRange = .hours24
    ) async -> BoardState {
        let now = (lines.runners.compactMap { $0 }.first?.clock ?? EffectRunner.wallClock)()
        let board = lines.boards(now: now, size: Size(width: width, height: 24), range: range, pane: pane)[0]
        let plant = PlantState(
            title: lines.names[0], lines: [PlantLine(name: lines.names[0], board: board)], size: board.size, now: now)
        var state = await step(plant, lines: lines, now: now).lines[0].board
        _ = state.update(.resize(Size(width: width, height: view.naturalHeight(state))))
        return state
    }

    /// `state` of the board of `config`, asked through `runner`.
    public static func state(
        config: Config, runner: EffectRunner, pane: Pane, width: Int, view: BoardView, range: TrendRange = .hours24
    ) async -> BoardState {
        await state(
            lines: Lines(names: [config.title], configs: [config], runners: [runner], at: runner.fetcher.at),
            pane: pane, width: width, view: view, range: range)
    }

    /// A line that could not be asked (its variables' values could not be listed): every principle unknown, with
    /// the reason.
    public static func blind(config: Config, reason: String, now: Double, width: Int) -> BoardState {
        var state = BoardState(config: config, bell: .off, now: now, size: Size(width: width, height: 24))
        _ = state.update(
            .refreshed(
                OverviewData(evaluation: Evaluation.blind(config, reason: reason, at: now), culprits: [:], at: now)))
        return state
    }

    /// One look at every line of a plant at once, for `andon snapshot`: the plant overview after its first
    /// refresh, a blind line's row unknown with its reason. A slow line delays the snapshot, never another line's
    /// answer.
    public static func plant(title: String, lines: Lines, width: Int, now: Double) async -> PlantState {
        let plant = lines.plant(title: title, now: now, size: Size(width: width, height: lines.count + 3))
        return await step(plant, lines: lines, now: now)
    }
}

extension OneShot {
    /// `andon snapshot` of one board: its line built (`Launch.board`), `validate`d, and its state after the first
    /// refresh. When the answers do not come within the timeout, a line says so and the process ends unknown (3).
    public static func snapshot(
        _ config: Config, at: Double?, pane: Pane, width: Int, view: BoardView, range: TrendRange, pool: ClientPool,
        validate: (Lines) throws -> Void
    ) async throws -> BoardState {
        let watchdog = Self.watchdog(config.prometheus.timeout, from: config.prometheus.url)
        let lines = try await Launch.board(config, at: at, detectingAt: at, pool: pool)
        try validate(lines)
        let state = await state(lines: lines, pane: pane, width: width, view: view, range: range)
        await watchdog.cancel()
        return state
    }

    /// `andon snapshot` of a plant: every line asked as the board asks it (the lines of a shared engine in one
    /// joined request), its overview after the first refresh: a line whose source is down is a row of NO DATA with
    /// the reason, and the others are read all the same.
    public static func snapshot(_ config: Config, at: Double?, width: Int, pool: ClientPool)
        async throws(LaunchFailure) -> PlantState
    {
        let watchdog = Self.watchdog(config.longestTimeout, from: "every line")
        let lines = try await Launch.plant(config, at: at, pool: pool)
        let plant = await plant(title: config.title, lines: lines, width: width, now: EffectRunner.wallClock())
        await watchdog.cancel()
        return plant
    }

    /// The last word when an answer never comes, though every request has its own timeout.
    static func watchdog(_ timeout: Double, from source: String) -> Watchdog {
        Watchdog(seconds: timeout + 2) {
            print("andon: no complete answer from \(source) within \(NumberText.plain(timeout)) s")
            return Status.unknown.exitCode
        }
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
