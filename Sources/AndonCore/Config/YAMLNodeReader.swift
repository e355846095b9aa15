import Yams

/// A mapping of the configuration file with its position, so that every error names file, line and key.
struct YAMLMap {
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
