import AndonCore
import ArgumentParser
import Foundation

/// `andon profiles`: the built-in profiles, what each measures and looks for; with a Prometheus, which fit it and
/// which principle each would supply (the detection the board makes when no profile is chosen).
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the built-in profiles; with a Prometheus, which fit it and what each would supply.",
        discussion: """
            Each line: the profile, the principles it describes and, with a Prometheus (--prometheus, \
            $ANDON_PROMETHEUS_URL or a configuration file), what it is there: "supplies" the principles the \
            board would read from it, "fits" when another profile is preferred for all it measures, "-" when its \
            metrics are not there, "by name" for a profile detection never chooses. Then the principles nothing \
            measures, and what would.

            Examples:
              andon profiles
              andon profiles --prometheus http://prometheus:9090
              andon profiles --prometheus http://prometheus:9090 --json | jq '.profiles[] | select(.fits)'
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        var config = try Setup.config(source, server, offline: true)
        let profiles = Profile.builtinNames.compactMap(Profile.builtin)
        var report = CatalogueReport(profiles: profiles)
        let asked =
            server.prometheus != nil || !(Setup.environment["ANDON_PROMETHEUS_URL"] ?? "").isEmpty
            || config.source != nil
        if asked {
            config.profileChosen = false
            config = await ProfileDetector.detect(
                config, client: Setup.pool().client(config.prometheus), alertmanager: false)
            report = CatalogueReport(profiles: profiles, detection: config.detection, prometheus: config.prometheus.url)
        }
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(), terminator: "")
        }
    }
}
