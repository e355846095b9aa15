import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon init`: asks Prometheus what it exports and writes a commented configuration that gives the board
/// detection gives, with the Alertmanager found and the labels that could tell lines apart.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented configuration for what a Prometheus exports.",
        discussion: """
            Detects the profiles that fit (as the board does with no profile chosen), finds the Alertmanager \
            Prometheus sends to, lists the labels that could tell lines apart (job, instance, namespace, service \
            and others) with their values, and writes it all as a configuration to edit: by default where andon \
            reads one ($XDG_CONFIG_HOME/andon/config.yaml or ~/.config/andon/config.yaml). An existing file is \
            kept unless --force is given. No secret is written.

            Examples:
              andon init --prometheus http://prometheus:9090
              andon init --prometheus http://prometheus:9090 --output line3.yaml && andon --config line3.yaml
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @Option(name: .long, help: ArgumentHelp("Where to write (- for standard output).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Overwrite the file if it exists.")
    var force = false

    func run() async throws {
        let config = try Setup.config(source, server, manager, offline: true)
        let path =
            output
            ?? ConfigLoader.locate(flag: nil, environment: Setup.environment.filter { $0.key != "ANDON_CONFIG" })?
            .path
        guard let path else { throw ValidationError("no HOME or XDG_CONFIG_HOME to write to: give --output FILE") }
        if path != "-", FileManager.default.fileExists(atPath: path), !force {
            throw LaunchFailure(
                "\(path) exists: it is kept (--force overwrites it, --output writes elsewhere)", status: 73)
        }
        let (starter, detected) = try await Launch.starter(config, pool: Setup.pool())
        if path == "-" {
            print(starter, terminator: "")
            return
        }
        try Launch.write(starter, to: path, replacing: force)
        let names = detected.detection?.profiles ?? []
        Setup.report(
            "wrote \(path)" + (names.isEmpty ? "" : " (profiles: " + names.joined(separator: ", ") + ")")
                + "; open the board with: andon --config \(path)")
    }
}
