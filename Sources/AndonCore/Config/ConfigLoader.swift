import Foundation

/// Finds, reads and checks the configuration: `--config FILE`, else `$ANDON_CONFIG`, else
/// `$XDG_CONFIG_HOME/andon/config.yaml` (or `~/.config/andon/config.yaml`); then `$ANDON_PROMETHEUS_URL` and
/// `--prometheus URL` override the URL.
public enum ConfigLoader {
    /// The file to read and whether it was asked for explicitly (an explicit file must exist).
    public static func locate(flag: String?, environment: [String: String]) -> (path: String, explicit: Bool)? {
        if let flag, !flag.isEmpty { return (flag, true) }
        if let env = environment["ANDON_CONFIG"], !env.isEmpty { return (env, true) }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return (xdg + "/andon/config.yaml", false) }
        if let home = environment["HOME"], !home.isEmpty { return (home + "/.config/andon/config.yaml", false) }
        return nil
    }

    /// Loads the configuration; any problem is a `ConfigError` (exit status 78), never a half-configured start.
    public static func load(configFlag: String?, prometheusFlag: String?, environment: [String: String])
        throws(ConfigError) -> Config
    {
        var config = Config()
        if let (path, explicit) = locate(flag: configFlag, environment: environment) {
            let expanded = expandHome(path, environment: environment)
            if FileManager.default.fileExists(atPath: expanded) || explicit {
                guard let data = FileManager.default.contents(atPath: expanded) else {
                    throw ConfigError(
                        file: path,
                        message: FileManager.default.fileExists(atPath: expanded)
                            ? "cannot read the file (permissions?)" : "no such file")
                }
                guard let yaml = String(data: data, encoding: .utf8) else {
                    throw ConfigError(file: path, message: "the file is not UTF-8 text")
                }
                let directory = (expanded as NSString).deletingLastPathComponent
                config = try ConfigParser.parse(
                    yaml: yaml, file: path, directory: directory.isEmpty ? "." : directory,
                    probe: { SecretReader.problem(with: $0, environment: environment) })
            }
        }
        if let env = environment["ANDON_PROMETHEUS_URL"], !env.isEmpty {
            config.prometheus.url = try override(env, origin: "$ANDON_PROMETHEUS_URL")
        }
        if let flag = prometheusFlag {
            config.prometheus.url = try override(flag, origin: "--prometheus")
        }
        return config
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
