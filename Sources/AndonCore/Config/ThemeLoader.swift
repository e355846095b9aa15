import AndonBuiltins
import Foundation

/// Finds a theme by `--theme NAME|FILE` (or `theme:` in the configuration): a path (it has a `/` or ends in
/// `.yaml`/`.yml`) is read as a file; a name is looked up in the user's theme folders first, then among the
/// shipped themes.
public enum ThemeLoader {
    /// The user's theme folders: `themes/` beside the configuration file, and `$XDG_CONFIG_HOME/andon/themes`
    /// (else `~/.config/andon/themes`).
    public static func folders(configFile: String?, environment: [String: String]) -> [String] {
        var folders: [String] = []
        if let configFile {
            folders.append(
                URL(fileURLWithPath: configFile).deletingLastPathComponent().appendingPathComponent("themes").path)
        }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            folders.append(xdg + "/andon/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            folders.append(home + "/.config/andon/themes")
        }
        var seen: Set<String> = []
        return folders.filter { seen.insert($0).inserted }
    }

    public static func load(_ nameOrFile: String, folders: [String]) throws(ConfigError) -> Theme {
        if nameOrFile.contains("/") || nameOrFile.hasSuffix(".yaml") || nameOrFile.hasSuffix(".yml") {
            return try read(nameOrFile)
        }
        for folder in folders {
            for ext in ["yaml", "yml"] {
                let path = "\(folder)/\(nameOrFile).\(ext)"
                if FileManager.default.fileExists(atPath: path) { return try read(path) }
            }
        }
        if let theme = Theme.builtin[nameOrFile] { return theme }
        throw ConfigError(
            file: nameOrFile,
            message: "no such theme; the shipped ones are \(Theme.builtinNames.joined(separator: ", ")), "
                + "and user themes are read from \(folders.map { $0 + "/" }.joined(separator: " and "))")
    }

    static func read(_ path: String) throws(ConfigError) -> Theme {
        try ThemeParser.parse(yaml: try YAMLMap.read(path, what: "theme file"), file: path)
    }
}

extension Theme {
    /// The shipped themes by name (`themes/*.yaml`, built in: `Builtins.themes`).
    public static let builtin: [String: Theme] = YAMLMap.builtins(Builtins.themes, folder: "themes") {
        (tree, file) throws(ConfigError) in try ThemeParser.parse(tree: tree, file: file)
    }

    /// The names of the shipped themes, in their documented order.
    public static var builtinNames: [String] { Builtins.themes.map(\.name) }

    /// For a dark terminal (`themes/default.yaml`).
    public static var standard: Theme { builtin["default"]! }

    /// Attributes only, for terminals without colour and for `NO_COLOR` (`themes/monochrome.yaml`).
    public static var monochrome: Theme { builtin["monochrome"]! }
}
