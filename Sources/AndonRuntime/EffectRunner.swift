import AndonCore
import Foundation

/// Carries out the effects that fetch: each becomes the event that answers it. The one runtime for the board's
/// loop and `andon snapshot` (`OneShot`); `andon check` reads the same `BoardFetcher`.
public struct EffectRunner: Sendable {
    public let fetcher: BoardFetcher
    /// The clock the answers are stamped with.
    public let clock: @Sendable () -> Double

    public init(fetcher: BoardFetcher, clock: @escaping @Sendable () -> Double = EffectRunner.wallClock) {
        self.fetcher = fetcher
        self.clock = clock
    }

    /// Seconds since the epoch.
    public static let wallClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// The event that answers `effect`, fetched for the instant `at` (nil: live) with the board's configuration
    /// `config` (its variables' values change when the board switches lines, and all of it on a reload; nil: the
    /// fetcher's), or nil for an effect that fetches nothing (the bell, quitting).
    public func perform(_ effect: Effect, at: Double?, config: Config? = nil) async -> Event? {
        var fetcher = self.fetcher
        if let config, config.variables != fetcher.config.variables || config.generation != fetcher.config.generation {
            fetcher = BoardFetcher(client: fetcher.client, config: config, alertSource: fetcher.alertSource)
        }
        fetcher.at = at
        switch effect {
        case .refresh: return .refreshed(await fetcher.overview(now: clock()))
        case .fetchTrends(let range, let points):
            return .trends(await fetcher.trends(range, points: points, now: clock()))
        case .fetchDrill(let id, let range, let points):
            return .drilled(await fetcher.drill(id, range: range, points: points, now: clock()))
        case .listVariables:
            var lists: [VariableValues] = []
            for variable in fetcher.config.declaredVariables {
                switch await VariableResolver.values(of: variable, client: fetcher.client) {
                case .success(let values): lists.append(VariableValues(name: variable.name, values: values))
                case .failure(let error):
                    lists.append(VariableValues(name: variable.name, values: [], error: error.description))
                }
            }
            return .variableValues(lists)
        case .acknowledge(let order):
            guard let source = fetcher.alertSource else {
                return .acknowledged(AckOutcome(order: order, created: 0, error: AlertSourceConfig.none))
            }
            let answers = await source.acknowledge(order.acks)
            return .acknowledged(
                AckOutcome(
                    order: order, created: answers.count { (try? $0.get()) != nil },
                    error: answers.lazy.compactMap {
                        if case .failure(let error) = $0 { error.description } else { nil }
                    }
                    .first))
        case .climb(let climb):
            return await Self.climb(climb, on: fetcher.alertSource, now: clock())
        case .readLatchAcks:
            guard let source = fetcher.alertSource, case .success(let holds) = await source.holds() else { return nil }
            return .latchAcks(holds)
        case .callsGone(let calls, let seenAt):
            return await Self.gone(calls, seenAt: seenAt, on: fetcher.alertSource, now: clock())
        case .raiseCall(let type, let note):
            guard let source = fetcher.alertSource else {
                return .callRaised(.failure(.source("calls", AlertSourceConfig.none)))
            }
            // The board asks only for its configured types; a reload between the key and here may have taken it.
            guard let kind = fetcher.config.calls?.type(type) else {
                return .callRaised(.failure(.source("calls", "no call type '\(type)' in the configuration")))
            }
            let now = clock()
            let call = kind.raise(
                line: fetcher.config.lineName, note: note, by: fetcher.config.alertmanager?.ackBy ?? "andon", now: now)
            return .callRaised(await source.post([call], until: now + Call.holds).map { call.id })
        case .bell, .quit, .hook, .reload, .close: return nil
        }
    }

    /// Calls gone from the source since `seenAt`: lost, when the source started after that (Alertmanager keeps
    /// alerts in memory only), and then written again as they were; else closed. A source that cannot say when
    /// it started, or refuses the write, leaves them said closed: nothing is kept that the source does not hold.
    static func gone(_ calls: [Call], seenAt: Double, on source: (any AlertSource)?, now: Double) async -> Event {
        guard let source, case .success(let started) = await source.startedAt(), started > seenAt else {
            return .callsClosed(calls)
        }
        if case .failure = await source.post(calls, until: now + Call.holds) { return .callsClosed(calls) }
        return .callsRestored(calls)
    }

    /// Runs each step's target, one after another, with the call's variables; then writes the call with its new
    /// tier to the source, to hold a day unless renewed. A target that fails, or a source that refuses, is said
    /// on the board (`hookFailed`); the tier is written all the same, so that the page is not sent again.
    static func climb(_ climb: CallClimb, on source: (any AlertSource)?, now: Double) async -> Event? {
        var failure: Event?
        for step in climb.steps where !step.command.isEmpty {
            let hook = HookConfig(
                name: "calls.notify.\(step.target)", command: step.command, passEnvironment: step.passEnvironment)
            let environment = hook.environment(
                board: ProcessInfo.processInfo.environment, event: climb.environment(step, now: now))
            let reason = await withCheckedContinuation { done in
                DispatchQueue.global().async { done.resume(returning: HookRunner.run(hook, environment: environment)) }
            }
            if let reason, failure == nil { failure = .hookFailed(name: hook.name, reason: reason) }
        }
        guard let source else { return .hookFailed(name: "calls", reason: AlertSourceConfig.none) }
        // Read again just before writing: what changed since the board read it (an arrival, a close, a tier
        // another board reached) is kept, and a call closed meanwhile is not brought back.
        var call = climb.call
        if case .success(let calls) = await source.calls() {
            if let fresh = calls.first(where: { $0.id == call.id }) {
                call = call.merged(into: fresh)
            } else if !climb.raising {
                return failure
            }
        }
        if case .failure(let error) = await source.post([call], until: now + Call.holds) {
            return .hookFailed(name: "calls", reason: error.description)
        }
        return failure
    }
}
