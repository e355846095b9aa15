import AndonBuiltins

/// Reads a theme file (`themes/*.yaml`): a name, a description, and for each role its colours and attributes.
/// Every error names the file, the line and the key.
public enum ThemeParser {
    static let attributes = ["bold", "dim", "reverse", "underline", "blink"]

    public static func parse(yaml: String, file: String) throws(ConfigError) -> Theme {
        try parse(tree: try YAMLMap.tree(yaml, file: file), file: file)
    }

    /// A theme already composed (a shipped one, compiled at build time).
    public static func parse(tree: YAMLNode?, file: String) throws(ConfigError) -> Theme {
        guard let top = try YAMLMap.document(tree, file: file) else {
            throw ConfigError(file: file, message: "the theme is empty")
        }
        try top.checkKeys(["name", "description", "roles"])
        guard let name = try top.string("name"), !name.isEmpty else {
            throw top.error("name", nil, "a theme needs a name")
        }
        guard let roles = try top.map("roles") else { throw top.error("roles", nil, "a theme needs roles") }
        try roles.checkKeys(Role.allCases.map(\.rawValue))
        var styles: [Role: RoleStyle] = [:]
        for role in Role.allCases {
            guard let entry = try roles.map(role.rawValue) else { continue }
            try entry.checkKeys(["fg", "bg"] + attributes)
            var style = RoleStyle()
            style.foreground = try color(entry, "fg")
            style.background = try color(entry, "bg")
            style.bold = try entry.bool("bold") ?? false
            style.dim = try entry.bool("dim") ?? false
            style.reverse = try entry.bool("reverse") ?? false
            style.underline = try entry.bool("underline") ?? false
            style.blink = try entry.bool("blink") ?? false
            styles[role] = style
        }
        return Theme(name: TextSanitizer.inert(name, limit: 60), styles: styles)
    }

    /// A colour: a basic name, `default`, an index 0–255, or `#rrggbb`.
    static func color(_ map: YAMLMap, _ key: String) throws(ConfigError) -> ThemeColor? {
        guard let node = map.node(key) else { return nil }
        guard let text = node.text?.trimmingBlanks().lowercased() else {
            throw map.error(key, node, "expected a colour")
        }
        if text == "default" { return nil }
        if let index = ThemeColor.names.firstIndex(of: text) { return .basic(index) }
        if let number = Int(text) {
            guard (0...255).contains(number) else {
                throw map.error(key, node, "a colour index is 0 to 255, got \(number)")
            }
            return .indexed(number)
        }
        if text.hasPrefix("#"), text.count == 7, let value = UInt32(text.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
        }
        throw map.error(
            key, node,
            "unknown colour \(map.describe(node)); use a name (\(ThemeColor.names.prefix(8).joined(separator: ", ")), "
                + "bright-…), an index 0-255, or #rrggbb")
    }
}
