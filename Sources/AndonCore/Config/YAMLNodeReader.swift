import AndonBuiltins
import Foundation
import Yams

/// A mapping of the configuration file with its position, so that every error names file, line and key.
struct YAMLMap {
    /// The top-level mapping of a YAML document (a configuration, a theme, a profile), or nil for an empty one;
    /// YAML that does not parse is an error at its line and column.
    static func document(_ yaml: String, file: String) throws(ConfigError) -> YAMLMap? {
        try document(try tree(yaml, file: file), file: file)
    }

    /// The top-level mapping of a document already composed (a built-in file, compiled at build time).
    static func document(_ root: YAMLNode?, file: String) throws(ConfigError) -> YAMLMap? {
        guard let root else { return nil }
        return try YAMLMap(node: root, path: "", file: file)
    }

    /// A YAML document composed by Yams (with its basic resolver: every scalar stays text, which the readers
    /// interpret) as a `YAMLNode`, or nil for an empty one.
    static func tree(_ yaml: String, file: String) throws(ConfigError) -> YAMLNode? {
        guard yaml.utf8.count <= maximumBytes else {
            throw ConfigError(file: file, message: "larger than \(maximumBytes / 1_048_576) MiB: not a configuration")
        }
        // The parser stays alive while the tree is read: a node's anchor is held weakly, by the parser.
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: yaml, resolver: Resolver.basic)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw yamlError(error, file: file, yaml: yaml)
        } catch {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        return try withExtendedLifetime(parser) { () throws(ConfigError) -> YAMLNode? in
            var budget = maximumNodes
            return try root.map { node throws(ConfigError) in try convert(node, file: file, budget: &budget) }
        }
    }

    /// The largest YAML file andon reads: a configuration, a profile or a theme is a few kilobytes.
    static let maximumBytes = 4 * 1_048_576
    /// The most nodes a document may hold (the largest shipped profile has about 2,000).
    static let maximumNodes = 200_000

    /// A composed node as a `YAMLNode`. Anchors (`&name`) are refused where they stand, before any alias to them
    /// is read: an alias is composed as the node it names, so that a few hundred bytes of aliases to aliases
    /// would expand to gigabytes. `budget`: the nodes still allowed.
    static func convert(_ node: Node, file: String, budget: inout Int) throws(ConfigError) -> YAMLNode {
        let mark = YAMLMark(line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        budget -= 1
        guard budget >= 0 else {
            throw ConfigError(file: file, message: "more than \(maximumNodes) values: not a configuration")
        }
        if node.anchor != nil {
            throw ConfigError(
                file: file, line: mark.line, column: mark.column,
                message: "YAML anchors and aliases (&name, *name) are not supported")
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, plain: scalar.style == .plain, at: mark)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                pairs.append(
                    YAMLPair(
                        key: try convert(key, file: file, budget: &budget),
                        value: try convert(value, file: file, budget: &budget)))
            }
            return .mapping(pairs, at: mark)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return .sequence(items, at: mark)
        case .alias:
            throw ConfigError(
                file: file, line: mark.line, column: mark.column,
                message: "YAML anchors and aliases (&name, *name) are not supported")
        }
    }

    /// A YAML syntax error at its line and column.
    static func yamlError(_ error: YamlError, file: String, yaml: String = "") -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams names the first of the keys; the mistake is the second, at the same indentation below it.
            let key = duplicates.first ?? ""
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let first = context.mark.line
            if first >= 1, first <= lines.count {
                let indent = lines[first - 1].prefix { $0 == " " }.count
                for number in (first + 1)...max(first + 1, lines.count) where number <= lines.count {
                    let line = lines[number - 1]
                    let depth = line.prefix { $0 == " " }.count
                    let rest = line.dropFirst(depth)
                    if depth == indent, rest.hasPrefix(key + ":") || rest.hasPrefix("\"" + key + "\":") {
                        return ConfigError(
                            file: file, line: number, column: depth + 1, key: key,
                            message: "duplicate key (first at line \(first))")
                    }
                }
            }
            return ConfigError(
                file: file, line: context.mark.line, column: context.mark.column, key: key, message: "duplicate key")
        case .reader(let problem, _, _, _):
            return ConfigError(file: file, message: "not valid YAML: \(problem)")
        default:
            return ConfigError(file: file, message: "not valid YAML: \(error)")
        }
    }

    /// Files built into the binary (`Builtins`, compiled at build time), read by name. One that does not read is a
    /// build defect, which the tests would have caught: they read every one.
    static func builtins<Value>(
        _ files: [(name: String, tree: @Sendable () -> YAMLNode)], folder: String,
        _ parse: (_ tree: YAMLNode, _ file: String) throws(ConfigError) -> Value
    ) -> [String: Value] {
        var parsed: [String: Value] = [:]
        for file in files {
            parsed[file.name] = try! parse(file.tree(), "\(folder)/\(file.name).yaml")
        }
        return parsed
    }

    /// The text of a file named by the user (`what`: "profile", "theme file", ...), or an error that says why not.
    static func read(_ path: String, what: String, shownAs shown: String? = nil) throws(ConfigError) -> String {
        // Only a regular file: a directory, a FIFO or a device (`/dev/zero` never ends) is said to be one.
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                if status.st_size > maximumBytes {
                    throw ConfigError(
                        file: shown ?? path,
                        message: "the \(what) is larger than \(maximumBytes / 1_048_576) MiB: not a configuration")
                }
            case S_IFDIR: throw ConfigError(file: shown ?? path, message: "a directory, not a \(what) file")
            default:
                throw ConfigError(
                    file: shown ?? path, message: "not a regular file (a FIFO or a device): not a \(what)")
            }
        }
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

    let mapping: [YAMLPair]
    let path: String
    let file: String
    let mark: YAMLMark?

    init(node: YAMLNode, path: String, file: String) throws(ConfigError) {
        guard let mapping = node.mapping else {
            throw ConfigError(
                file: file, line: node.mark.line, column: node.mark.column, key: path.isEmpty ? nil : path,
                message: "expected a mapping of keys to values")
        }
        self.mapping = mapping
        self.path = path
        self.file = file
        self.mark = node.mark
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ node: YAMLNode?, _ message: String) -> ConfigError {
        let mark = node?.mark ?? self.mark
        return ConfigError(file: file, line: mark?.line, column: mark?.column, key: keyPath(key), message: message)
    }

    /// Rejects keys that are not in `allowed` (a typo must not be ignored silently) and duplicate keys.
    func checkKeys(_ allowed: [String], hint: [String: String] = [:]) throws(ConfigError) {
        for (index, pair) in mapping.enumerated() {
            let keyNode = pair.key
            guard let key = keyNode.text else {
                throw ConfigError(
                    file: file, line: keyNode.mark.line, column: keyNode.mark.column, key: path,
                    message: "keys must be strings")
            }
            // A mapping has a handful of keys: a scan is cheaper than a set.
            if mapping[..<index].contains(where: { $0.key.text == key }) {
                throw error(key, keyNode, "duplicate key")
            }
            if let message = hint[key] { throw error(key, keyNode, message) }
            if !allowed.contains(key) {
                throw error(key, keyNode, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
        }
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    /// The node under `key`, or nil if absent or written as `null`/`~`.
    func node(_ key: String) -> YAMLNode? {
        for pair in mapping where pair.key.text == key {
            if pair.value.isPlain, let text = pair.value.text, Self.isNull(text) {
                return nil
            }
            return pair.value
        }
        return nil
    }

    func keyNode(_ key: String) -> YAMLNode? {
        mapping.first { $0.key.text == key }?.key
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let node = node(key) else { return nil }
        guard let text = node.text else { throw error(key, node, "expected text") }
        return text
    }

    /// One of the values of `Choice` (`log_format: json`, `bell: off`); another is an error that lists them.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _: Choice.Type) throws(ConfigError) -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw error(
                key, node(key)!,
                "expected one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(text)\")")
        }
        return value
    }

    func number(_ key: String, positive: Bool = true, what: String = "a number of seconds") throws(ConfigError)
        -> Double?
    {
        guard let node = node(key) else { return nil }
        guard let text = node.text, let value = Double(text.trimmingBlanks()), value.isFinite
        else {
            throw error(key, node, "expected \(what), got \(describe(node))")
        }
        if positive && value <= 0 { throw error(key, node, "must be greater than 0, got \(text)") }
        return value
    }

    /// A share written as a percentage (`5%` or `5`), from 0 to 100; as a fraction (0.05).
    func percent(_ key: String) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        var text = node.text?.trimmingBlanks() ?? ""
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingBlanks() }
        guard let value = Double(text), value.isFinite, value >= 0, value <= 100 else {
            throw error(key, node, "expected a percentage from 0 to 100 such as 5%, got \(describe(node))")
        }
        return value / 100
    }

    /// A count: a whole number of at least `least`.
    func count(_ key: String, least: Int = 1) throws(ConfigError) -> Int? {
        guard let node = node(key) else { return nil }
        guard let text = node.text?.trimmingBlanks(), let value = Int(text), value >= least else {
            throw error(key, node, "expected a whole number of at least \(least), got \(describe(node))")
        }
        return value
    }

    /// Seconds written as a number, within `Span`'s range (from `least`).
    func seconds(_ key: String, least: Double = Span.shortest) throws(ConfigError) -> Double? {
        guard let value = try number(key) else { return nil }
        if let problem = Span.problem(value, least: least) { throw error(key, node(key), problem) }
        return value
    }

    /// Seconds, written as a number (`900`) or a Prometheus duration (`15m`, `1h30m`); must be positive.
    func duration(_ key: String) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        guard let text = node.text?.trimmingBlanks() else {
            throw error(key, node, "expected a duration, got \(describe(node))")
        }
        guard let value = Double(text) ?? PromDuration.seconds(text), value.isFinite, value > 0 else {
            throw error(
                key, node, "expected a positive duration such as 15m, 1h or 900 (seconds), got \(describe(node))")
        }
        if let problem = Span.problem(value) { throw error(key, node, problem) }
        return value
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let node = node(key) else { return nil }
        guard let text = node.text else { throw error(key, node, "expected true or false") }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(key, node, "expected true or false, got \(describe(node))")
        }
    }

    func map(_ key: String) throws(ConfigError) -> YAMLMap? {
        guard let node = node(key) else { return nil }
        return try YAMLMap(node: node, path: keyPath(key), file: file)
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar: "\"\(TextSanitizer.inert(node.text ?? "", limit: 60))\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
