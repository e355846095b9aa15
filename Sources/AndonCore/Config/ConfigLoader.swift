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

/// Reads secrets at the moment they are needed, so that a rotated token file is picked up on the next refresh.
public enum SecretReader {
    /// The secret's value with surrounding whitespace (a trailing newline) removed.
    public static func read(_ source: SecretSource, environment: [String: String]) -> Result<String, SecretError> {
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(SecretError(message: "environment variable \(name) is not set or empty"))
            }
            return .success(value.trimmingCharacters(in: .whitespacesAndNewlines))
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(
                    SecretError(
                        message: FileManager.default.fileExists(atPath: path)
                            ? "cannot read \(path) (permissions?)" : "no such file: \(path)"))
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(SecretError(message: "\(path) is empty")) }
            return .success(value)
        }
    }

    /// A problem reading the secret, or nil; never the secret itself.
    public static func problem(with source: SecretSource, environment: [String: String]) -> String? {
        if case .failure(let error) = read(source, environment: environment) { return error.message }
        return nil
    }

    /// Whether a secret file can be read by users other than its owner (worth a warning).
    public static func isReadableByOthers(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else { return false }
        return permissions.intValue & 0o044 != 0
    }
}

/// Why a secret could not be read; the message never contains the secret.
public struct SecretError: Error, Sendable, Equatable {
    public var message: String
}
