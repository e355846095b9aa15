import AndonCore
import AndonRuntime
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
        let pool = Setup.pool()
        let client = pool.client(config.prometheus)
        config = await Setup.detect(config, client: client, at: at)
        for id in chosen ?? [] where config.profile.principle(id) == nil {
            let reason = config.detection?.notMeasured.first { $0.id == id }.map { ": " + $0.reason } ?? ""
            throw ValidationError("the profile \(config.profile.name) leaves \(id.rawValue) out" + reason)
        }
        // Every request has its own timeout; this is the last word if something still does not come back.
        // It reports in the form asked for (text or JSON): every principle unknown, with the reason.
        let watchdog = Watchdog(seconds: config.prometheus.timeout + 2) { [json, ignorePending, config] in
            let blind = Evaluation.blind(
                config, reason: "no complete answer within \(NumberText.plain(config.prometheus.timeout)) s",
                at: at ?? Date().timeIntervalSince1970, kind: .timeout
            ).restricted(to: chosen, ignoringPending: ignorePending)
            return Self.emit(CheckReport(evaluation: blind, config: config), json: json)
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
                let blind = Evaluation.blind(
                    config, reason: failure.description, at: at ?? Date().timeIntervalSince1970
                ).restricted(to: chosen, ignoringPending: ignorePending)
                await watchdog.cancel()
                throw ExitCode(Self.emit(CheckReport(evaluation: blind, config: config), json: json))
            }
        }
        let evaluation = await Lines.board(config, at: at, pool: pool).evaluations(now: Date().timeIntervalSince1970)[
            0
        ].restricted(to: chosen, ignoringPending: ignorePending)
        await watchdog.cancel()
        throw ExitCode(Self.emit(CheckReport(evaluation: evaluation, config: config), json: json))
    }

    /// The plant: every line checked at once, as the board asks (the lines of a shared engine in one joined
    /// request); the worst line's status and exit code. A line that cannot be read is unknown with its reason, and
    /// the others are read all the same.
    func plant(_ config: Config, at: Double?, chosen: Set<PrincipleID>?) async throws -> Never {
        let timeout = config.longestTimeout
        let watchdog = Watchdog(seconds: timeout + 2) { [json, ignorePending] in
            let reason = "no complete answer within \(NumberText.plain(timeout)) s"
            let lines = (try? config.lines.map { (name: $0.name, config: try config.line($0)) }) ?? []
            let report = PlantReport(
                title: config.title,
                lines: lines.map { line in
                    let blind = Evaluation.blind(line.config, reason: reason, at: at ?? Date().timeIntervalSince1970)
                    return (
                        line.name,
                        CheckReport(
                            evaluation: blind.restricted(to: chosen, ignoringPending: ignorePending),
                            config: line.config)
                    )
                })
            return Self.emit(report, json: json)
        }
        let lines = try await Setup.plant(config, at: at)
        let evaluations = await lines.evaluations(now: Date().timeIntervalSince1970)
        await watchdog.cancel()
        let report = PlantReport(
            title: config.title,
            lines: zip(lines.names, zip(lines.configs, evaluations)).map { name, line in
                (
                    name,
                    CheckReport(
                        evaluation: line.1.restricted(to: chosen, ignoringPending: ignorePending), config: line.0)
                )
            })
        throw ExitCode(Self.emit(report, json: json))
    }

    /// Prints `report` as one JSON object or as the plugin line and its summary; its exit status.
    static func emit(_ report: some PluginReport, json: Bool) -> Int32 {
        print(json ? report.json().serialized() : report.text(ascii: !Setup.utf8Locale), terminator: json ? "\n" : "")
        return report.exitCode
    }
}

/// What `check` prints: one line's report or a plant's.
protocol PluginReport {
    func json() -> JSONValue
    func text(ascii: Bool) -> String
    var exitCode: Int32 { get }
}

extension CheckReport: PluginReport {}
extension PlantReport: PluginReport {}
