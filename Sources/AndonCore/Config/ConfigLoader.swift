import Foundation

/// Finds, reads and checks the configuration: `--config FILE`, else `$ANDON_CONFIG`, else
/// `$XDG_CONFIG_HOME/andon/config.yaml` (or `~/.config/andon/config.yaml`); then `$ANDON_PROMETHEUS_URL` and
/// `--prometheus URL` override the URL, `$ANDON_ALERTMANAGER_URL` and `--alertmanager URL` Alertmanager's.
public enum ConfigLoader {
    /// The text of a file the configuration names (a calendar): a regular UTF-8 file of a bounded size, or an
    /// error that names it.
    public static func text(of path: String, what: String) throws(ConfigError) -> String {
        try YAMLMap.read(path, what: what)
    }

    /// The file to read and whether it was asked for explicitly (an explicit file must exist).
    public static func locate(flag: String?, environment: [String: String]) -> (path: String, explicit: Bool)? {
        if let flag, !flag.isEmpty { return (flag, true) }
        if let env = environment["ANDON_CONFIG"], !env.isEmpty { return (env, true) }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return (xdg + "/andon/config.yaml", false) }
        if let home = environment["HOME"], !home.isEmpty { return (home + "/.config/andon/config.yaml", false) }
        return nil
    }

    /// Loads the configuration; any problem is a `ConfigError` (exit status 78), never a half-configured start.
    /// `profileFlag` (`--profile`) chooses the profile over `$ANDON_PROFILE`, and that over the configuration's
    /// `profile:`; the configuration's `principles:` overrides apply to any. With none of them, the commands that
    /// reach Prometheus detect the profiles (`ProfileDetector`).
    public static func load(
        configFlag: String?, prometheusFlag: String?, profileFlag: String? = nil, variableFlags: [String] = [],
        alertmanagerFlag: String? = nil, environment: [String: String]
    ) throws(ConfigError) -> Config {
        var config = Config()
        if let (path, explicit) = locate(flag: configFlag, environment: environment) {
            let expanded = expandHome(path, environment: environment)
            if FileManager.default.fileExists(atPath: expanded) || explicit {
                let yaml = try YAMLMap.read(expanded, what: "file", shownAs: path)
                let directory = (expanded as NSString).deletingLastPathComponent
                config = try ConfigParser.parse(
                    yaml: yaml, file: path, directory: directory.isEmpty ? "." : directory,
                    probe: { SecretReader.problem(with: $0, environment: environment) })
            }
        }
        let fromEnvironment = environment["ANDON_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let choice = profileFlag ?? fromEnvironment ?? config.profileChoice {
            config.use(try ProfileLoader.load(expandHome(choice, environment: environment)))
            config.profileChosen = true
        }
        try checkHookEnvironment(config)
        var fromFile = Set(config.variables.keys)
        if profileFlag ?? fromEnvironment != nil {
            // The file's variables are for the profile it names; the one chosen instead may not use them.
            for name in fromFile where !config.profileUses(name) { config.variables[name] = nil }
            fromFile = Set(config.variables.keys)
        }
        try setVariables(variableFlags, in: &config)
        try checkVariableNames(config, fromFile: fromFile)
        for declaration in config.profile.variables where config.variables[declaration.name] == nil {
            if let value = declaration.defaultValue { config.variables[declaration.name] = .one(value) }
        }
        for discovery in config.discoverLines
        where !config.profile.variables.contains(where: { $0.name == discovery.variable }) {
            throw ConfigError(
                file: config.source ?? "config", line: discovery.line, key: discovery.key,
                message: "the profile \(config.profile.name) declares no variable \(discovery.variable)"
                    + (config.profile.variables.isEmpty
                        ? "" : " (it declares " + config.profile.variables.map(\.name).joined(separator: ", ") + ")"))
        }
        for id in config.overrides.keys.sorted(by: { $0.rawValue < $1.rawValue })
        where config.profile.principle(id) == nil {
            throw ConfigError(
                file: config.source ?? "config", key: "principles.\(id.rawValue)",
                message: "the profile \(config.profile.name) leaves \(id.rawValue) out")
        }
        // A declared variable without a value takes Prometheus' first (`VariableResolver`), which the commands that
        // reach Prometheus ask for; until then the queries stay as written.
        if config.unresolved.isEmpty { try config.expandVariables() }
        if let env = environment["ANDON_PROMETHEUS_URL"], !env.isEmpty {
            config.prometheus.url = try override(env, origin: "$ANDON_PROMETHEUS_URL")
        }
        if let flag = prometheusFlag {
            config.prometheus.url = try override(flag, origin: "--prometheus")
        }
        for (url, origin) in [
            (environment["ANDON_ALERTMANAGER_URL"], "$ANDON_ALERTMANAGER_URL"), (alertmanagerFlag, "--alertmanager"),
        ] {
            guard let url, !url.isEmpty else { continue }
            // A URL alone reads alerts and silences; acknowledging needs `allow_ack` in the configuration.
            if config.alertmanager == nil {
                config.alertmanager = AlertmanagerConfig()
                if config.escalation == nil { config.escalation = EscalationConfig() }
            }
            config.alertmanager?.endpoint.url = try override(url, origin: origin)
        }
        return config
    }

    /// `--var name=value`, repeatable: several for one name make it multi-valued, `name=*` is all its values; the
    /// command line wins over `variables:`.
    static func setVariables(_ flags: [String], in config: inout Config) throws(ConfigError) {
        var given: [String: [String]] = [:]
        var order: [String] = []
        for flag in flags {
            guard let equals = flag.firstIndex(of: "="),
                QueryTemplate.variables(in: "$" + flag[..<equals]) == [String(flag[..<equals])]
            else {
                throw ConfigError(
                    file: "--var",
                    message: "expected name=value (a name of letters, digits and _), got \""
                        + TextSanitizer.inert(flag, limit: 60) + "\"")
            }
            let name = String(flag[..<equals])
            if given[name] == nil { order.append(name) }
            given[name, default: []].append(String(flag[flag.index(after: equals)...]))
        }
        for name in order { config.variables[name] = Config.variableValue(given[name]!) }
    }

    /// No hook is given a variable the board reads a credential from (`bearer_token_env`, `password_env`).
    static func checkHookEnvironment(_ config: Config) throws(ConfigError) {
        let endpoints =
            [config.prometheus.auth, config.alertmanager?.endpoint.auth]
            + config.lines.flatMap { [$0.prometheus?.auth, $0.alertmanager?.endpoint.auth] }
        var secret: Set<String> = []
        for auth in endpoints.compactMap({ $0 }) {
            for case .environment(let name) in [auth.password, auth.bearerToken].compactMap({ $0 }) {
                secret.insert(name)
            }
        }
        for (index, hook) in config.hooks.enumerated() {
            if let name = hook.passEnvironment.first(where: secret.contains) {
                throw ConfigError(
                    file: config.source ?? "config", key: "hooks[\(index)].pass_environment",
                    message: "\(name) holds a credential the board reads: a hook is never given it")
            }
        }
    }

    /// Every variable given (`variables:`, `--var`, a line's `variables:`) is one the profile declares or a query
    /// uses: a misspelled name would otherwise be ignored, and the board show its default line, green.
    static func checkVariableNames(_ config: Config, fromFile: Set<String>) throws(ConfigError) {
        let declared = config.profile.variables.map(\.name)
        func problem(_ name: String) -> String {
            "no query of the profile \(config.profile.name) uses $\(name) ("
                + (declared.isEmpty ? "it declares no variable" : "it declares " + declared.joined(separator: ", "))
                + ")"
        }
        for name in config.variables.keys.sorted() where !config.profileUses(name) {
            guard fromFile.contains(name) else { throw ConfigError(file: "--var", key: name, message: problem(name)) }
            throw ConfigError(
                file: config.source ?? "config", line: config.variableLines[name], key: "variables.\(name)",
                message: problem(name))
        }
        for (index, line) in config.lines.enumerated() {
            for name in line.variables.keys.sorted() where !config.profileUses(name) {
                throw ConfigError(
                    file: config.source ?? "config", key: "lines[\(index)].variables.\(name)", message: problem(name))
            }
        }
    }

    static func override(_ url: String, origin: String) throws(ConfigError) -> String {
        switch URLCheck.validate(url) {
        case .success(let clean): return clean
        case .failure(let problem): throw ConfigError(file: origin, message: problem.message)
        }
    }

    static func expandHome(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~/"), let home = environment["HOME"] else { return path }
        return home + path.dropFirst()
    }
}
