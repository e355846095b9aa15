import AndonBuiltins
import Foundation

/// Finds a profile by `--profile NAME|FILE` (or `profile:` in the configuration): a path (it has a `/` or ends in
/// `.yaml`/`.yml`) is read as a file; a name is one of the built-in profiles.
public enum ProfileLoader {
    public static func isPath(_ choice: String) -> Bool {
        choice.contains("/") || choice.hasSuffix(".yaml") || choice.hasSuffix(".yml")
    }

    public static func load(_ choice: String) throws(ConfigError) -> Profile {
        if isPath(choice) {
            var profile = try ProfileParser.parse(yaml: try YAMLMap.read(choice, what: "profile file"), file: choice)
            profile.source = choice
            return profile
        }
        guard let profile = Profile.builtins[choice] else {
            throw ConfigError(
                file: "--profile",
                message: "no profile \"\(TextSanitizer.inert(choice, limit: 40))\"; the built-in ones are "
                    + Profile.builtinNames.joined(separator: ", ") + ", or give a file's path")
        }
        return profile
    }
}

extension Profile {
    /// The built-in profiles by name (`profiles/*.yaml`, built in: `Builtins.profiles`).
    public static let builtins: [String: Profile] = YAMLMap.builtins(Builtins.profiles, folder: "profiles") {
        (tree, file) throws(ConfigError) in try ProfileParser.parse(tree: tree, file: file)
    }

    /// The names of the built-in profiles.
    public static var builtinNames: [String] { Builtins.profiles.map(\.name) }

    /// The profile a board reads unless told otherwise: `profiles/tps.yaml`, the metric contract.
    public static var standard: Profile { builtins["tps"]! }
}

extension PrincipleSpec {
    /// The built-in profile's headline of a principle (docs/metrics.md); every field can be overridden in the
    /// configuration.
    public static func standard(_ id: PrincipleID) -> PrincipleSpec {
        Profile.standard.principle(id)!.spec
    }
}
