import AndonCore
import Foundation

/// What `check` prints: one line's report or a plant's.
public protocol PluginReport: Sendable {
    func json() -> JSONValue
    func text(ascii: Bool) -> String
    var exitCode: Int32 { get }
}

extension CheckReport: PluginReport {}
extension PlantReport: PluginReport {}

/// `andon check` once its command line is read: one refresh of a board or of every line of a plant, as the board
/// asks it, with a watchdog that has the last word when an answer never comes. `emit` prints a report in the form
/// asked for and answers its exit status.
public struct Checking: Sendable {
    public var at: Double?
    /// The principles checked (nil: all).
    public var chosen: Set<PrincipleID>?
    public var ignoringPending: Bool
    /// The most alerts a report's JSON lists.
    public var maxAlerts = CheckReport.jsonAlerts
    public var emit: @Sendable (any PluginReport) -> Int32

    public init(
        at: Double?, chosen: Set<PrincipleID>?, ignoringPending: Bool,
        emit: @escaping @Sendable (any PluginReport) -> Int32
    ) {
        self.at = at
        self.chosen = chosen
        self.ignoringPending = ignoringPending
        self.emit = emit
    }

    /// The exit status of one board's check, its profiles detected already (`Launch.detect`).
    public func board(_ detected: Config, pool: ClientPool) async -> Int32 {
        var config = detected
        let at = at
        // Every request has its own timeout; this is the last word if something still does not come back.
        // It reports in the form asked for (text or JSON): every principle unknown, with the reason.
        let watchdog = Watchdog(seconds: config.prometheus.timeout + 2) { [self, config] in
            let reason = "no complete answer within \(NumberText.plain(config.prometheus.timeout)) s"
            return emit(report(.blind(config, reason: reason, at: at ?? Self.now, kind: .timeout), config))
        }
        // Detection that got no answer (refused, reset, a timeout) says the same of every query: reported at once,
        // so that --timeout bounds the whole check, not twice over.
        let unreachable = config.detection.flatMap { $0.unreachable ? $0.problem : nil }
        if unreachable != nil || !config.unresolved.isEmpty {
            // The variables' values come from Prometheus; when they cannot, nothing can be checked: unknown.
            let resolved: Result<Config, VariableResolver.Failure> =
                if let unreachable {
                    .failure(VariableResolver.Failure(description: unreachable))
                } else {
                    await VariableResolver.resolve(config, client: pool.client(config.prometheus))
                }
            switch resolved {
            case .success(let resolved): config = resolved
            case .failure(let failure):
                await watchdog.cancel()
                return emit(report(.blind(config, reason: failure.description, at: at ?? Self.now), config))
            }
        }
        // The status histories for the first out, read at the same time (one round, within the same timeout); only
        // a board with a principle red uses them.
        let lines = Lines.board(config, at: at, pool: pool)
        let now = Self.now
        let fetcher = config.alarms.firstOut == nil ? nil : (lines.runners.first ?? nil)?.fetcher
        async let histories = fetcher?.histories(now: now)
        let evaluation = await lines.evaluations(now: now)[0].markingFirstOut(
            await histories, quiet: config.alarms.firstOut)
        await watchdog.cancel()
        return emit(report(evaluation, config))
    }

    /// The exit status of a plant's check: every line checked at once, as the board asks (the lines of a shared
    /// engine in one joined request); the worst line's status. A line that cannot be read is unknown with its
    /// reason, and the others are read all the same.
    public func plant(_ config: Config, pool: ClientPool) async throws(LaunchFailure) -> Int32 {
        let (timeout, at) = (config.longestTimeout, at)
        let watchdog = Watchdog(seconds: timeout + 2) { [self] in
            let reason = "no complete answer within \(NumberText.plain(timeout)) s"
            let lines = (try? config.lines.map { (name: $0.name, config: try config.line($0)) }) ?? []
            return emit(
                PlantReport(
                    title: config.title,
                    lines: lines.map {
                        ($0.name, report(.blind($0.config, reason: reason, at: at ?? Self.now), $0.config))
                    }
                ))
        }
        let lines = try await Launch.plant(config, at: at, pool: pool)
        let evaluations = await lines.evaluations(now: Self.now)
        await watchdog.cancel()
        return emit(
            PlantReport(
                title: config.title,
                lines: zip(lines.names, zip(lines.configs, evaluations)).map { ($0, report($1.1, $1.0)) }))
    }

    /// One line's report of `evaluation`, restricted to the principles checked.
    func report(_ evaluation: Evaluation, _ config: Config) -> CheckReport {
        CheckReport(
            evaluation: evaluation.restricted(to: chosen, ignoringPending: ignoringPending), config: config,
            maxAlerts: maxAlerts)
    }

    static var now: Double { Date().timeIntervalSince1970 }
}
