import AndonCore
import AndonCurl
import ArgumentParser
import Foundation

/// `andon check`: one refresh, a summary in the monitoring-plugin format, and the Nagios/Icinga exit code.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.",
        discussion: """
            The first line is in the monitoring-plugin format (Nagios, Icinga, Sensu):
              ANDON CRITICAL - andon 1.10% > 1% | jidoka=0%;0;30 kanban=12;500;1000 andon=1.1%;0.5;1 ...
            with performance data for every principle checked and its warning and critical thresholds.

            Examples:
              andon check
              andon check --principle kanban --principle tracing --timeout 5
              andon check --json | jq .status
            """)

    @OptionGroup var source: SourceOptions

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

    func validate() throws {
        for id in principle where PrincipleID(rawValue: id.lowercased()) == nil {
            throw ValidationError(
                "unknown principle '\(id)'; use one of \(PrincipleID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let config = try Setup.config(source)
        let chosen = principle.isEmpty ? nil : Set(principle.compactMap { PrincipleID(rawValue: $0.lowercased()) })
        // Every request has its own timeout; this is the last word if something still does not come back.
        let watchdog = Watchdog(seconds: config.prometheus.timeout + 2) {
            print(
                "ANDON UNKNOWN - no complete answer from \(config.prometheus.url) within "
                    + "\(NumberText.plain(config.prometheus.timeout)) s")
        }
        let client = Setup.client(config)
        let snapshot = await Snapshot.fetch(
            client: client, config: config, at: nil, now: Date().timeIntervalSince1970
        ).restricted(to: chosen, ignoringPending: ignorePending)
        watchdog.cancel()
        let report = CheckReport(snapshot: snapshot, config: config)
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(ascii: !Setup.utf8Locale), terminator: "")
        }
        throw ExitCode(report.exitCode)
    }
}

/// Ends the process with status 3 (unknown) after `seconds`, unless cancelled first.
struct Watchdog {
    private let task: Task<Void, Never>

    init(seconds: Double, _ message: @escaping @Sendable () -> Void) {
        task = Task.detached {
            guard (try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))) != nil else { return }
            message()
            exit(Status.unknown.exitCode)
        }
    }

    func cancel() { task.cancel() }
}
