/// Gives the profile's declared variables that have no value the first value Prometheus lists (as Grafana's
/// dashboards do), and lists a variable's values for the board's chooser (`v`).
public enum VariableResolver {
    /// The values of a declared variable, as Prometheus sorts them.
    public static func values(of variable: VariableDeclaration, client: PrometheusClient) async -> Result<
        [String], PrometheusError
    > {
        let answer = await client.send([PrometheusClient.labelValues(variable.label, match: variable.match)])[0]
        return answer.decoded(ResponseDecoder.labelValues)
    }

    /// Why a configuration's variables could not be given values.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// `config` with every unresolved variable given its first value and the queries expanded; unchanged when
    /// nothing is unresolved (no request).
    public static func resolve(_ config: Config, client: PrometheusClient) async -> Result<Config, Failure> {
        var config = config
        for variable in config.unresolved {
            switch await values(of: variable, client: client) {
            case .failure(let error):
                return .failure(
                    Failure(
                        description: "cannot list the values of $\(variable.name) (\(error.description)); give one"
                            + " with --var \(variable.name)=VALUE"))
            case .success(let values):
                guard let first = values.first else {
                    return .failure(
                        Failure(
                            description: "Prometheus lists no value of $\(variable.name) (label \(variable.label)"
                                + (variable.match.map { " of \($0)" } ?? "") + ")"))
                }
                config.variables[variable.name] = .one(first)
            }
        }
        do {
            try config.expandVariables()
        } catch {
            return .failure(Failure(description: error.description))
        }
        return .success(config)
    }

    /// `config` with the lines its `discover:` entries find: every value Prometheus lists of the variable, in its
    /// order, a line of the shared engine named by the value, after the lines written out (a value already a
    /// line's name is skipped). Unchanged when nothing is to be found (no request).
    /// A line's name for a discovered value: the value made inert and cut to 40 characters, and, when that is the
    /// name of a line already there (two values alike once cut or made inert), numbered: `north… (2)`. Every value
    /// is a line of its own: none is dropped for its name.
    static func uniqueName(_ value: String, among lines: [LineConfig]) -> String {
        let base = TextSanitizer.inert(value, limit: 40)
        let name = base.isEmpty ? "(empty)" : base
        guard lines.contains(where: { $0.name == name }) else { return name }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let candidate = TextSanitizer.inert(value, limit: 40 - suffix.count) + suffix
            if !lines.contains(where: { $0.name == candidate }) { return candidate }
            number += 1
        }
    }

    public static func discoverLines(_ config: Config, client: PrometheusClient) async -> Result<Config, Failure> {
        var config = config
        for discovery in config.discoverLines {
            guard let variable = config.profile.variables.first(where: { $0.name == discovery.variable }) else {
                continue
            }
            switch await values(of: variable, client: client) {
            case .failure(let error):
                return .failure(
                    Failure(description: "cannot list the lines ($\(variable.name)): \(error.description)"))
            case .success(let values):
                for value in values {
                    // The same line listed twice (configured too, or by two discoveries) is one line.
                    if config.lines.contains(where: { $0.variables == [variable.name: .one(value)] }) { continue }
                    config.lines.append(
                        LineConfig(
                            name: uniqueName(value, among: config.lines), variables: [variable.name: .one(value)]))
                }
            }
        }
        config.discoverLines = []
        return .success(config)
    }
}
