import Foundation
import Yams

/// A mapping of the configuration file with its position, so that every error names file, line and key.
struct YAMLMap {
    /// The top-level mapping of a YAML document (a configuration, a theme, a profile), or nil for an empty one;
    /// YAML that does not parse is an error at its line and column.
    static func document(_ yaml: String, file: String) throws(ConfigError) -> YAMLMap? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        guard let root else { return nil }
        return try YAMLMap(node: root, path: "", file: file)
    }

    /// A YAML syntax error at its line and column.
    static func yamlError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(
                file: file, line: context.mark.line, column: context.mark.column, key: duplicates.first,
                message: "duplicate key")
        case .reader(let problem, _, _, _):
            return ConfigError(file: file, message: "not valid YAML: \(problem)")
        default:
            return ConfigError(file: file, message: "not valid YAML: \(error)")
        }
    }

    /// Files built into the binary (`Builtins`), parsed by name. One that does not parse is a build defect, which
    /// the tests would have caught: they parse every one.
    static func builtins<Value>(
        _ files: [(name: String, yaml: [UInt8])], folder: String,
        _ parse: (_ yaml: String, _ file: String) throws(ConfigError) -> Value
    ) -> [String: Value] {
        var parsed: [String: Value] = [:]
        for file in files {
            parsed[file.name] = try! parse(String(decoding: file.yaml, as: UTF8.self), "\(folder)/\(file.name).yaml")
        }
        return parsed
    }

    /// The text of a file named by the user (`what`: "profile", "theme file", ...), or an error that says why not.
    static func read(_ path: String, what: String, shownAs shown: String? = nil) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                file: shown ?? path,
                message: FileManager.default.fileExists(atPath: path)
                    ? "cannot read the \(what) (permissions?)" : "no such \(what)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: shown ?? path, message: "the \(what) is not UTF-8 text")
        }
        return text
    }

    let mapping: Node.Mapping
    let path: String
    let file: String
    let mark: Mark?

    init(node: Node, path: String, file: String) throws(ConfigError) {
        guard case .mapping(let mapping) = node else {
            throw ConfigError(
                file: file, line: node.mark?.line, column: node.mark?.column, key: path.isEmpty ? nil : path,
                message: "expected a mapping of keys to values")
        }
        self.mapping = mapping
        self.path = path
        self.file = file
        self.mark = node.mark
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ node: Node?, _ message: String) -> ConfigError {
        let mark = node?.mark ?? self.mark
        return ConfigError(file: file, line: mark?.line, column: mark?.column, key: keyPath(key), message: message)
    }

    /// Rejects keys that are not in `allowed` (a typo must not be ignored silently) and duplicate keys.
    func checkKeys(_ allowed: [String], hint: [String: String] = [:]) throws(ConfigError) {
        var seen: Set<String> = []
        for (keyNode, _) in mapping {
            guard let key = keyNode.string else {
                throw ConfigError(
                    file: file, line: keyNode.mark?.line, column: keyNode.mark?.column, key: path,
                    message: "keys must be strings")
            }
            if !seen.insert(key).inserted {
                throw error(key, keyNode, "duplicate key")
            }
            if let message = hint[key] { throw error(key, keyNode, message) }
            if !allowed.contains(key) {
                throw error(key, keyNode, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
        }
    }

    /// The node under `key`, or nil if absent or written as `null`/`~`.
    func node(_ key: String) -> Node? {
        for (keyNode, value) in mapping where keyNode.string == key {
            if case .scalar(let scalar) = value, scalar.style == .plain,
                ["", "~", "null", "Null", "NULL"].contains(
                    scalar.string)
            {
                return nil
            }
            return value
        }
        return nil
    }

    func keyNode(_ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.key
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(key, node, "expected text") }
        return scalar.string
    }

    func number(_ key: String, positive: Bool = true) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)),
            value.isFinite
        else {
            throw error(key, node, "expected a number of seconds, got \(describe(node))")
        }
        if positive && value <= 0 { throw error(key, node, "must be greater than 0, got \(scalar.string)") }
        return value
    }

    /// Seconds, written as a number (`900`) or a Prometheus duration (`15m`, `1h30m`); must be positive.
    func duration(_ key: String) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw error(key, node, "expected a duration, got \(describe(node))")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard let value = Double(text) ?? PromDuration.seconds(text), value.isFinite, value > 0 else {
            throw error(
                key, node, "expected a positive duration such as 15m, 1h or 900 (seconds), got \(describe(node))")
        }
        return value
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(key, node, "expected true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(key, node, "expected true or false, got \(describe(node))")
        }
    }

    func map(_ key: String) throws(ConfigError) -> YAMLMap? {
        guard let node = node(key) else { return nil }
        return try YAMLMap(node: node, path: keyPath(key), file: file)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "\"\(TextSanitizer.inert(scalar.string, limit: 60))\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
