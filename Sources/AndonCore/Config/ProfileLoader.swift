import AndonBuiltins
import Foundation

/// Finds a profile by `--profile NAME|FILE` (or `profile:` in the configuration): a path (it has a `/` or ends in
/// `.yaml`/`.yml`) is read as a file; a name is one of the built-in profiles.
public enum ProfileLoader {
    public static func isPath(_ choice: String) -> Bool {
        choice.contains("/") || choice.hasSuffix(".yaml") || choice.hasSuffix(".yml")
    }

    public static func load(_ choice: String) throws(ConfigError) -> Profile {
        try load(choice, from: nil, depth: 0)
    }

    /// A profile by name or path; `from` is the file that names it (a relative path is read beside it), `depth`
    /// how many `from:` references led here.
    static func load(_ choice: String, from referrer: String?, depth: Int) throws(ConfigError) -> Profile {
        if isPath(choice) {
            var path = choice
            if let referrer, !choice.hasPrefix("/") {
                path = (referrer as NSString).deletingLastPathComponent
                path = path.isEmpty ? choice : path + "/" + choice
            }
            var profile = try ProfileParser.parse(
                yaml: try YAMLMap.read(path, what: "profile file"), file: path, depth: depth, borrow: borrow)
            profile.source = path
            return profile
        }
        if let parsed = parsedBuiltins.withLock({ $0[choice] }) { return parsed }
        guard let tree = Builtins.profiles.first(where: { $0.name == choice })?.tree else {
            throw ConfigError(
                file: referrer ?? "--profile",
                message: "no profile \"\(TextSanitizer.inert(choice, limit: 40))\"; the built-in ones are "
                    + Profile.builtinNames.joined(separator: ", ") + ", or give a file's path")
        }
        let profile = try ProfileParser.parse(
            tree: tree(), file: "profiles/\(choice).yaml", depth: depth, borrow: borrow)
        parsedBuiltins.withLock { $0[choice] = profile }
        return profile
    }

    /// The built-in profiles read so far: each is read once per process (the standard one, the one named, those
    /// detection composes and a principle's `profile:` may all be the same).
    static let parsedBuiltins = Locked<[String: Profile]>([:])

    /// `from:` in a profile: another profile, by name or beside the referring file.
    static func borrow(_ source: String, _ referrer: String, _ depth: Int) throws(ConfigError) -> Profile {
        try load(source, from: referrer, depth: depth)
    }
}

extension Profile {
    /// A built-in profile by name (`profiles/*.yaml`, built in: `Builtins.profiles`), read when asked for: a start
    /// reads only the profile it uses.
    public static func builtin(_ name: String) -> Profile? {
        guard Builtins.profiles.contains(where: { $0.name == name }) else { return nil }
        return try! ProfileLoader.load(name)  // the tests read every built-in profile
    }

    /// What detection reads of each built-in profile that names evidence, in the catalogue's order (the order of
    /// preference), read once per process.
    public static let detectable: [ProfileEvidence] = Builtins.profiles.compactMap { builtin in
        // The tests read every built-in profile whole.
        let evidence = try! ProfileParser.evidence(tree: builtin.tree(), file: "profiles/\(builtin.name).yaml")
        return evidence.metrics.isEmpty ? nil : evidence
    }

    /// The names of the built-in profiles.
    public static var builtinNames: [String] { Builtins.profiles.map(\.name) }

    /// The profile a board reads unless told otherwise: `profiles/tps.yaml`, the metric contract.
    public static let standard: Profile = builtin("tps")!
}

extension PrincipleSpec {
    /// The built-in profile's headline of a principle (docs/metrics.md); every field can be overridden in the
    /// configuration.
    public static func standard(_ id: PrincipleID) -> PrincipleSpec {
        Profile.standard.principle(id)!.spec
    }
}
