import AndonCore
import Foundation

/// One client per endpoint: the lines of a plant on one Prometheus share its connections and its thread, so that
/// 400 lines hold a few descriptors, not 400 sets of them. The transport is the executable's (libcurl); the tests
/// hand in recorded ones.
public final class ClientPool: Sendable {
    public typealias Transports = @Sendable (PrometheusConfig) -> any HTTPTransport

    private let make: Transports
    private let clients = Locked<[(endpoint: PrometheusConfig, client: PrometheusClient)]>([])

    public init(_ make: @escaping Transports) { self.make = make }

    /// The client of `endpoint`, made the first time it is asked for.
    public func client(_ endpoint: PrometheusConfig) -> PrometheusClient {
        clients.withLock { clients in
            if let found = clients.first(where: { $0.endpoint == endpoint }) { return found.client }
            let made = PrometheusClient(transport: make(endpoint))
            clients.append((endpoint, made))
            return made
        }
    }

    /// The alert source of `config`, when one is configured, on the client of its endpoint.
    public func alertSource(_ config: Config) -> (any AlertSource)? {
        config.alertSource.map { $0.make(client($0.endpoint)) }
    }
}

/// Every line a command asks, ready to be asked: a board of one line is a plant of one line. Each line has its
/// configuration and its runner (nil for a line whose variables' values could not be listed: blind, with the
/// reason), and the lines of one shared engine are asked together by one `PlantFetcher`. The board, `snapshot`,
/// `check` and `replay` all take their lines from here and fetch through `work` and `evaluations`, so that they
/// ask Prometheus the same requests.
public struct Lines: Sendable {
    public var names: [String]
    public var configs: [Config]
    public var runners: [EffectRunner?]
    /// The lines that cannot be asked, by index, with the reason.
    public var blind: [Int: BlindLine]
    /// The lines of a shared engine (no Prometheus of their own), asked together when the profile groups its
    /// headlines by line: two requests per refresh for all of them.
    public var plantFetcher: PlantFetcher?
    /// The history instant the lines are asked for (nil: live).
    public var at: Double?

    public init(
        names: [String], configs: [Config], runners: [EffectRunner?], blind: [Int: BlindLine] = [:],
        plantFetcher: PlantFetcher? = nil, at: Double? = nil
    ) {
        self.at = at
        self.names = names
        self.configs = configs
        self.runners = runners
        self.blind = blind
        self.plantFetcher = plantFetcher
    }

    /// One line's board on its configuration (its variables' values known), asked for the instant `at` (nil: live).
    public static func board(_ config: Config, at: Double?, pool: ClientPool) -> Lines {
        let fetcher = BoardFetcher(
            client: pool.client(config.prometheus), config: config, at: at, alertSource: pool.alertSource(config))
        return Lines(names: [config.title], configs: [config], runners: [EffectRunner(fetcher: fetcher)], at: at)
    }

    /// Every line of the plant configured by `plant`, each with its own configuration (`Config.line`; a line that
    /// is wrong throws its `ConfigError`). The lines' variables are resolved at once, so a slow source delays only
    /// its own; a line whose values cannot be listed is blind with the reason, found at `now`.
    public static func plant(_ plant: Config, at: Double?, pool: ClientPool, now: Double) async throws -> Lines {
        let lines = try plant.lines.map { (name: $0.name, config: try plant.line($0)) }
        let resolved = await withTaskGroup(of: (Int, Config, Result<EffectRunner, BlindLine>).self) { group in
            for (index, line) in lines.enumerated() {
                group.addTask {
                    let client = pool.client(line.config.prometheus)
                    switch await VariableResolver.resolve(line.config, client: client) {
                    case .success(let resolved):
                        let fetcher = BoardFetcher(
                            client: client, config: resolved, at: at, alertSource: pool.alertSource(resolved))
                        return (index, resolved, .success(EffectRunner(fetcher: fetcher)))
                    case .failure(let failure):
                        return (index, line.config, .failure(BlindLine(reason: failure.description, now: now)))
                    }
                }
            }
            var resolved: [(Int, Config, Result<EffectRunner, BlindLine>)] = []
            for await line in group { resolved.append(line) }
            return resolved.sorted { $0.0 < $1.0 }
        }
        var blind: [Int: BlindLine] = [:]
        for (index, _, source) in resolved {
            if case .failure(let reason) = source { blind[index] = reason }
        }
        let runners = resolved.map { try? $0.2.get() }
        // The lines of the shared engine (no Prometheus of their own) are asked together when the profile groups
        // its headlines by line.
        let candidates = zip(plant.lines, runners).enumerated().compactMap { index, pair in
            pair.1.flatMap { runner in
                pair.0.prometheus == nil ? (index: index, line: pair.0, fetcher: runner.fetcher) : nil
            }
        }
        return Lines(
            names: lines.map(\.name), configs: resolved.map(\.1), runners: runners, blind: blind,
            plantFetcher: PlantFetcher(plant: plant, lines: candidates, client: pool.client(plant.prometheus)), at: at)
    }

    public var count: Int { configs.count }

    /// The lines asked together on the shared engine.
    public var shared: Set<Int> { Set(plantFetcher?.lines.map(\.index) ?? []) }

    /// A plant of these lines as it starts: each line's board (`boards`) a row, the shared engine's lines known as
    /// such.
    public func plant(
        title: String, now: Double, size: Size, bell: BellPolicy = .off, range: TrendRange = .hours24,
        kiosk: Bool = false, dwell: Double = 15
    ) -> PlantState {
        PlantState(
            title: title, names: names, boards: boards(now: now, size: size, bell: bell, range: range), size: size,
            now: now, kiosk: kiosk, dwell: dwell, shared: shared)
    }

    /// Each line's board as it starts, at `now` for the instant `at`: a blind line's every principle unknown,
    /// with its reason.
    public func boards(
        now: Double, size: Size, bell: BellPolicy = .off, range: TrendRange = .hours24, pane: Pane = .overview
    ) -> [BoardState] {
        configs.enumerated().map { index, config in
            if let blind = blind[index] {
                return OneShot.blind(config: config, reason: blind.reason, now: blind.now, width: size.width)
            }
            return BoardState(
                config: config, bell: bell, now: now, size: size, at: at, range: range,
                pane: pane)
        }
    }

    /// The same lines replaying `from`…`to` at `speed`: each line's headlines over the whole window are asked
    /// once (the time line and the tiles' trends), and each board starts at the window's start; a blind line
    /// stays blind. A replay reads the past and writes nothing: no alert source, and each line asked on its own.
    public func replaying(
        from: Double, to: Double, speed: Double, range: TrendRange, now: Double, size: Size
    ) async -> (lines: Lines, boards: [BoardState]) {
        let runners = runners.map { runner in
            runner.map { runner in
                EffectRunner(
                    fetcher: BoardFetcher(client: runner.fetcher.client, config: runner.fetcher.config, at: from),
                    clock: runner.clock)
            }
        }
        let boards = await withTaskGroup(of: (Int, BoardState).self) { group in
            for (index, config) in configs.enumerated() {
                group.addTask {
                    guard let runner = runners[index] else {
                        let blind = blind[index] ?? BlindLine(reason: "not asked", now: now)
                        return (
                            index,
                            OneShot.blind(config: config, reason: blind.reason, now: blind.now, width: size.width)
                        )
                    }
                    let window = await runner.fetcher.window(from: from, to: to, range: range, now: now)
                    return (
                        index,
                        BoardState(
                            config: runner.fetcher.config, bell: .off, now: now, size: size, range: range,
                            replay: ReplayClock(from: from, to: to, speed: speed, window: window))
                    )
                }
            }
            var boards: [(Int, BoardState)] = []
            for await board in group { boards.append(board) }
            return boards.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return (Lines(names: names, configs: configs, runners: runners, blind: blind, at: from), boards)
    }

    /// What answers one effect a line's board asked for.
    public enum Answer: Sendable {
        /// For one line.
        case line(Int, Event)
        /// The answers of a refresh of every shared line at once, each for its line.
        case shared([(line: Int, event: Event)])
    }

    /// The work that answers `asking`, for the board of its line as it is now (`board`: the instant it shows
    /// and the configuration it asks with), or nil when the effect fetches nothing or its line cannot be asked.
    /// The bell, hooks, reloads and quitting are the loop's.
    public func work(_ asking: LineEffect, board: BoardState) -> (@Sendable () async -> Answer?)? {
        let (line, effect) = (asking.line, asking.effect)
        switch effect {
        case .acknowledge, .climb, .callsGone, .readLatchAcks, .raiseCall:
            guard runners.indices.contains(line), let runner = runners[line] else { return nil }
            return { await runner.perform(effect, at: nil).map { .line(line, $0) } }
        case .refresh, .fetchTrends, .fetchDrill, .listVariables:
            // Fetches are for the instant the board shows when they are asked for (live, or history).
            guard runners.indices.contains(line), let runner = runners[line] else { return nil }
            return { [at = board.at, config = board.config] in
                await runner.perform(effect, at: at, config: config).map { .line(line, $0) }
            }
        case .bell, .quit, .hook, .reload, .close:
            return nil
        }
    }

    /// The work that refreshes every line of the shared engine at once: two requests for all of them.
    public func sharedWork() -> (@Sendable () async -> Answer?)? {
        guard let plantFetcher else { return nil }
        let clock = runners.compactMap { $0 }.first?.clock ?? EffectRunner.wallClock
        return { .shared(await plantFetcher.overview(now: clock()).map { ($0.line, Event.refreshed($0.data)) }) }
    }

    /// The work for what the lines asked in one step: the refreshes of the hidden lines of the shared engine are
    /// one shared refresh (none when `sharedUnderWay`: its answer is for every shared line), the other fetches
    /// each on its own (the open line asks its own refresh, with its culprits); whether a shared refresh is among
    /// them.
    public func works(_ asked: [LineEffect], plant: PlantState, sharedUnderWay: Bool = false) -> (
        works: [@Sendable () async -> Answer?], shared: Bool
    ) {
        var works: [@Sendable () async -> Answer?] = []
        var askedShared = false
        let sharedLines = shared
        for asking in asked where plant.lines.indices.contains(asking.line) {
            if asking.effect == .refresh, asking.line != plant.open, sharedLines.contains(asking.line) {
                askedShared = true
            } else if let work = work(asking, board: plant.lines[asking.line].board) {
                works.append(work)
            }
        }
        guard askedShared, !sharedUnderWay, let shared = sharedWork() else { return (works, false) }
        return ([shared] + works, true)
    }

    /// Every line's evaluation at `now` (`check`): the lines of the shared engine in one joined request and one
    /// for the alerts, the others one request per headline and the alerts, all at once; a blind line's every
    /// principle unknown with its reason. No culprits: a monitoring plugin asks for no more than it reports.
    public func evaluations(now: Double) async -> [Evaluation] {
        let shared = shared
        return await withTaskGroup(of: [(Int, Evaluation)].self) { group in
            if let plantFetcher {
                group.addTask { await plantFetcher.overview(now: now).map { ($0.line, $0.data.evaluation) } }
            }
            for (index, runner) in runners.enumerated() where !shared.contains(index) {
                guard let runner else { continue }
                group.addTask { [(index, await runner.fetcher.evaluation(now: now))] }
            }
            var found: [Int: Evaluation] = [:]
            for await answers in group {
                for (index, evaluation) in answers { found[index] = evaluation }
            }
            return configs.indices.map { index in
                found[index]
                    ?? Evaluation.blind(
                        configs[index], reason: blind[index]?.reason ?? "not asked",
                        at: at ?? blind[index]?.now ?? now)
            }
        }
    }

    /// Ends every transfer under way: the process is about to end.
    public func close() {
        plantFetcher?.client.transport.close()
        for runner in runners.compactMap({ $0 }) {
            runner.fetcher.client.transport.close()
            runner.fetcher.alertSource?.close()
        }
    }
}
