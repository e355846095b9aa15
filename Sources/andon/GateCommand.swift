import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Say whether a deploy may go: exit 0 ship, 1 warn, 2 stop, with the reason.",
        discussion: """
            One refresh of the board (or of every line of a plant, or of --line), judged by a policy: by default \
            stop while a principle is red, an SLO has less than 10 % of its error budget left or a page-level burn \
            holds; warn while one is yellow, below 25 % or a ticket-level burn holds. A board that cannot see \
            stops, unless the policy says otherwise (unknown: warn or ship). docs/budgets.md has the policy's keys \
            and examples for CI pipelines.

            Examples:
              andon gate && make deploy
              andon gate --config lines.yaml --line north --policy gate.yaml
              andon gate --json | jq -r .reasons[]

            Exit status: 0 ship, 1 warn, 2 stop (and when nothing can be seen); 78 bad configuration or policy.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @Option(name: .long, help: ArgumentHelp("The gate's policy (YAML).", valueName: "file"))
    var policy: String?

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let policy = try readPolicy()
        let emit: @Sendable (GateReport) -> Int32 = { [json] gate in
            print(json ? gate.json().serialized() : gate.text(), terminator: json ? "\n" : "")
            return gate.exitCode
        }
        do {
            var config = try Setup.config(source, server, manager)
            let pool = Setup.pool()
            config = try await Launch.discover(config, pool: pool, plugin: false)
            config = try Launch.line(plant.line, of: config)
            let checking = Checking(at: nil, chosen: nil, ignoringPending: false) { report in
                if let plant = report as? PlantReport {
                    return emit(GateReport(plant.lines.map { ($0.name, $0.report.evaluation) }, policy: policy))
                }
                let evaluation = (report as? CheckReport)?.evaluation
                return emit(GateReport(evaluation.map { [(nil, $0)] } ?? [], policy: policy))
            }
            if config.lines.count > 1 { throw ExitCode(try await checking.plant(config, pool: pool)) }
            config = await Launch.detect(config, client: pool.client(config.prometheus), at: nil)
            throw ExitCode(await checking.board(config, pool: pool))
        } catch let failure as LaunchFailure where failure.status != ConfigError.exitCode {
            // Nothing could be read: the gate cannot see, and says so in its own words and status.
            throw ExitCode(
                emit(GateReport(blind: failure.message, policy: policy, at: Date().timeIntervalSince1970)))
        }
    }

    func readPolicy() throws -> GatePolicy {
        guard let path = policy else { return GatePolicy() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, message: "the gate's policy cannot be read")
        }
        return try GatePolicy.parse(yaml: text, file: path)
    }
}
