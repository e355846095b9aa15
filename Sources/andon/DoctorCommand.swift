import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon doctor`: the whole chain from the machine andon runs on to the board's numbers, checked link by link.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check everything between andon and the board's numbers; print the fix for each fault.",
        discussion: """
            Checks, in order: the URL answers; TLS and authentication; Prometheus' version and readiness; the \
            scrape targets and which job exposes tps_ series; every metric of the contract and its series; every \
            headline and drill-down query (data, and the age of the newest sample); the clock difference between \
            andon's machine and Prometheus; the alert and recording rules and their health; millisecond histograms of \
            the reference design. Exit status 0 when every check passes, 1 otherwise.

            Examples:
              andon doctor
              andon doctor --prometheus https://prom.example:9090 --json |
                  jq '.checks[] | select(.ok | not)'
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    /// For tests: pretend the local clock is off by this many seconds (a skewed clock, without root).
    @Option(name: .customLong("clock-skew"), help: .hidden)
    var clockSkew: Double = 0

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        config = try Launch.line(plant.line, of: config)
        let client = Setup.pool().client(config.prometheus)
        config = try await Launch.resolve(config, client: client)
        let skew = clockSkew
        var report = await Doctor.run(client: client, config: config) {
            Date().timeIntervalSince1970 + skew
        }
        if let settings = config.alertmanager,
            let check = await AlertmanagerDoctor.check(client: Setup.pool().client(settings.endpoint), config: config)
        {
            report.checks.append(check)
        }
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(ascii: !Setup.utf8Locale), terminator: "")
        }
        throw ExitCode(report.exitCode)
    }
}
