import AndonCore
import AndonCurl
import ArgumentParser
import Foundation

/// `andon check`: one refresh, a summary in the monitoring-plugin format, and the Nagios/Icinga exit code.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.",
        discussion: """
            The first line is in the monitoring-plugin format (Nagios, Icinga, Sensu):
              ANDON CRITICAL - andon 1.10% > 1% | jidoka=0%;0;30 kanban=12;500;1000 ...
            with performance data for every principle checked and its warning and critical thresholds.

            Examples:
              andon check
              andon check --principle kanban --principle tracing --timeout 5
              andon check --json | jq .status
              andon check --at 2026-11-29T03:00:00Z   what the board showed at 03:00 UTC
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var time: TimeOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check only this principle (repeatable): \(PrincipleID.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "id"))
    var principle: [String] = []

    @Flag(name: .long, help: "Leave pending alerts out of the summary.")
    var ignorePending = false

    @Option(help: ArgumentHelp("Of a plant (lines: in the configuration), check this line only.", valueName: "name"))
    var line: String?

    func validate() throws {
        for id in principle where PrincipleID(rawValue: id.lowercased()) == nil {
            throw ValidationError(
                "unknown principle '\(id)'; use one of \(PrincipleID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        var config = try Setup.config(source)
        config = try await Setup.discover(config, plugin: !json)
        config = try Setup.line(line, of: config)
        let at = try time.instant(now: Date().timeIntervalSince1970)
        let chosen = principle.isEmpty ? nil : Set(principle.compactMap { PrincipleID(rawValue: $0.lowercased()) })
        if config.lines.count > 1 {
            for id in chosen ?? [] where config.profile.principle(id) == nil {
                throw ValidationError("the profile \(config.profile.name) leaves \(id.rawValue) out")
            }
            try await plant(config, at: at, chosen: chosen)
        }
        let client = Setup.client(config)
        config = await Setup.detect(config, client: client, at: at)
        for id in chosen ?? [] where config.profile.principle(id) == nil {
            let reason = config.detection?.notMeasured.first { $0.id == id }.map { ": " + $0.reason } ?? ""
            throw ValidationError("the profile \(config.profile.name) leaves \(id.rawValue) out" + reason)
        }
        // Every request has its own timeout; this is the last word if something still does not come back.
        // It reports in the form asked for (text or JSON): every principle unknown, with the reason.
        let watchdog = Watchdog(seconds: config.prometheus.timeout + 2) { [json, ignorePending, config] in
            let error = PrometheusError.transport(
                TransportError(
                    .timeout, "no complete answer within \(NumberText.plain(config.prometheus.timeout)) s"))
            let blind = Evaluation(
                evaluatedAt: at ?? Date().timeIntervalSince1970, prometheus: config.prometheus.url,
                readings: config.principles.map { Reading.evaluate($0, .failure(error)) }, alerts: .failure(error)
            ).restricted(to: chosen, ignoringPending: ignorePending)
            let report = CheckReport(evaluation: blind, config: config)
            print(
                json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale), terminator: json ? "\n" : "")
            return report.exitCode
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
                    await VariableResolver.resolve(config, client: client)
                }
            switch resolved {
            case .success(let resolved): config = resolved
            case .failure(let failure):
                let error = PrometheusError.transport(TransportError(.other, failure.description))
                let blind = Evaluation(
                    evaluatedAt: at ?? Date().timeIntervalSince1970, prometheus: config.prometheus.url,
                    readings: config.principles.map { Reading.evaluate($0, .failure(error)) }, alerts: .failure(error)
                ).restricted(to: chosen, ignoringPending: ignorePending)
                await watchdog.cancel()
                let report = CheckReport(evaluation: blind, config: config)
                print(
                    json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale),
                    terminator: json ? "\n" : "")
                throw ExitCode(report.exitCode)
            }
        }
        let evaluation = await BoardFetcher(
            client: client, config: config, at: at, alertmanager: Setup.alertmanager(config)
        ).evaluation(
            now: Date().timeIntervalSince1970
        ).restricted(to: chosen, ignoringPending: ignorePending)
        await watchdog.cancel()
        let report = CheckReport(evaluation: evaluation, config: config)
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(ascii: !Setup.utf8Locale), terminator: "")
        }
        throw ExitCode(report.exitCode)
    }

    /// The plant: every line checked at once, each on its own transport; the worst line's status and exit code.
    /// A line that cannot be read is unknown with its reason, and the others are read all the same.
    func plant(_ config: Config, at: Double?, chosen: Set<PrincipleID>?) async throws -> Never {
        let lines = try config.lines.map { (name: $0.name, config: try Setup.line($0.name, of: config)) }
        let timeout = lines.map(\.config.prometheus.timeout).max() ?? config.prometheus.timeout
        let blind: @Sendable (Config, String) -> CheckReport = { [ignorePending] config, reason in
            let error = PrometheusError.transport(TransportError(.other, reason))
            return CheckReport(
                evaluation: Evaluation(
                    evaluatedAt: at ?? Date().timeIntervalSince1970, prometheus: config.prometheus.url,
                    readings: config.principles.map { Reading.evaluate($0, .failure(error)) }, alerts: .failure(error)
                ).restricted(to: chosen, ignoringPending: ignorePending), config: config)
        }
        let watchdog = Watchdog(seconds: timeout + 2) { [json, title = config.title] in
            let reason = "no complete answer within \(NumberText.plain(timeout)) s"
            let report = PlantReport(title: title, lines: lines.map { ($0.name, blind($0.config, reason)) })
            print(
                json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale), terminator: json ? "\n" : "")
            return report.exitCode
        }
        let reports = await withTaskGroup(of: (Int, CheckReport).self) { group in
            for (index, line) in lines.enumerated() {
                group.addTask { [ignorePending] in
                    let client = Setup.client(line.config)
                    switch await VariableResolver.resolve(line.config, client: client) {
                    case .failure(let failure): return (index, blind(line.config, failure.description))
                    case .success(let resolved):
                        let evaluation = await BoardFetcher(
                            client: client, config: resolved, at: at, alertmanager: Setup.alertmanager(resolved)
                        ).evaluation(now: Date().timeIntervalSince1970)
                        return (
                            index,
                            CheckReport(
                                evaluation: evaluation.restricted(to: chosen, ignoringPending: ignorePending),
                                config: resolved)
                        )
                    }
                }
            }
            var reports: [(Int, CheckReport)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
        await watchdog.cancel()
        let report = PlantReport(title: config.title, lines: zip(lines, reports).map { ($0.name, $1) })
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(ascii: !Setup.utf8Locale), terminator: "")
        }
        throw ExitCode(report.exitCode)
    }
}

/// After `seconds`, unless disarmed first, runs `report` and ends the process with the status it returns.
/// Exactly one of the two reports: whichever of the watchdog and the finished command claims the output first.
struct Watchdog {
    private let claim: Claim

    final class Claim: Sendable {
        private let taken = Locked(false)

        /// True for the first caller only.
        func take() -> Bool {
            taken.withLock { taken in
                defer { taken = true }
                return !taken
            }
        }
    }

    init(seconds: Double, _ report: @escaping @Sendable () -> Int32) {
        let claim = Claim()
        self.claim = claim
        Task.detached {
            guard (try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))) != nil, claim.take() else { return }
            exit(report())
        }
    }

    /// Disarms the watchdog: when its time comes it finds the output claimed and does nothing. (Its task is not
    /// cancelled: the process ends long before the task would wake, and waking it only to throw its cancellation
    /// was work on the way to every exit.) When it has already fired, it is printing its report and ending the
    /// process: the caller must print nothing, and waits here for the end.
    func cancel() async {
        guard claim.take() else {
            while true { try? await Task.sleep(for: .seconds(60)) }
        }
    }
}
