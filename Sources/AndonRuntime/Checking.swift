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
        let lines = Lines.board(config, at: at, pool: pool)
        let now = Self.now
        var evaluation = await lines.evaluations(now: now)[0]
        // A principle red: its first out from the status histories of the last hour and the calm before it, a value
        // every 15 s (reds a minute apart are told apart), asked for then, within what is left of the timeout
        // (without an answer by then, no principle is marked). A green board asks nothing more.
        if let quiet = config.alarms.firstOut, evaluation.readings.contains(where: { $0.status == .red }),
            let fetcher = (lines.runners.first ?? nil)?.fetcher
        {
            let left = config.prometheus.timeout - (Self.now - now)
            let histories = await Self.within(left) {
                await fetcher.histories(now: now, seconds: ((3600 + quiet) / 15).rounded(.up) * 15, step: 15)
            }
            evaluation = evaluation.markingFirstOut(histories ?? nil, quiet: quiet)
        }
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
        let now = Self.now
        let evaluations = await lines.evaluations(now: now)
        // A line red: the plant's first out from every line's status histories, as for a line's principles.
        var firstOut: String?
        if let red = evaluations.firstIndex(where: { $0.overall == .red }),
            let quiet = lines.configs[red].alarms.firstOut
        {
            let runners = lines.runners
            let left = timeout - (Self.now - now)
            let histories = await Self.within(left) {
                await withTaskGroup(of: (Int, [(id: PrincipleID, history: StatusHistory)]?).self) { group in
                    for (index, runner) in runners.enumerated() {
                        guard let fetcher = runner?.fetcher else { continue }
                        group.addTask {
                            let seconds = ((3600 + quiet) / 15).rounded(.up) * 15
                            return (index, await fetcher.histories(now: now, seconds: seconds, step: 15))
                        }
                    }
                    var found: [Int: [(id: PrincipleID, history: StatusHistory)]] = [:]
                    for await (index, read) in group { found[index] = read }
                    return found
                }
            }
            if let histories {
                firstOut = FirstOut.line(
                    lines.names.indices.map { (lines.names[$0], evaluations[$0], histories[$0]) }, quiet: quiet)
            }
        }
        await watchdog.cancel()
        return emit(
            PlantReport(
                title: config.title,
                lines: zip(lines.names, zip(lines.configs, evaluations)).map { ($0, report($1.1, $1.0)) },
                firstOutLine: firstOut))
    }

    /// One line's report of `evaluation`, restricted to the principles checked.
    func report(_ evaluation: Evaluation, _ config: Config) -> CheckReport {
        CheckReport(
            evaluation: evaluation.restricted(to: chosen, ignoringPending: ignoringPending), config: config,
            maxAlerts: maxAlerts)
    }

    static var now: Double { Date().timeIntervalSince1970 }

    /// What `work` gives within `seconds`, or nil when it has not given it by then (the work goes on unawaited:
    /// the command is about to end).
    static func within<T: Sendable>(_ seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
        guard seconds > 0 else { return nil }
        let answered = Locked(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            func answer(_ value: T?) {
                let first = answered.withLock { answered in
                    defer { answered = true }
                    return !answered
                }
                if first { continuation.resume(returning: value) }
            }
            Task { answer(await work()) }
            Task {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                answer(nil)
            }
        }
    }
}
