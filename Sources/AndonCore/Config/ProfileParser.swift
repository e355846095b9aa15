import AndonBuiltins

/// Parses a profile (`profiles/*.yaml`, docs/profiles.md) into a `Profile`. Everything a principle shows comes
/// from it; anything present must be right, and an error names file, line, column and key, as the
/// configuration's do.
public enum ProfileParser {
    /// Reads another profile for `from:` (a name or a path, the file that names it, the depth reached); nil: `from:`
    /// is not allowed (the loader passes one).
    public typealias Borrow = (_ source: String, _ referrer: String, _ depth: Int) throws(ConfigError) -> Profile

    public static func parse(yaml: String, file: String, depth: Int = 0, borrow: Borrow? = nil) throws(ConfigError)
        -> Profile
    {
        try parse(tree: try YAMLMap.tree(yaml, file: file), file: file, depth: depth, borrow: borrow)
    }

    /// A profile already composed (a built-in one, compiled at build time). `depth`: how many `from:` references
    /// led to this profile (a chain longer than a few is a cycle).
    public static func parse(tree: YAMLNode?, file: String, depth: Int = 0, borrow: Borrow? = nil) throws(ConfigError)
        -> Profile
    {
        guard let top = try YAMLMap.document(tree, file: file) else {
            throw ConfigError(file: file, message: "the profile is empty")
        }
        try top.checkKeys(["name", "description", "variables", "alerts", "plant", "principles", "detect"])
        guard let name = try top.string("name"), !name.isEmpty else {
            throw top.error("name", top.node("name"), "a profile needs a name")
        }
        guard let section = try top.map("principles") else {
            throw top.error("principles", nil, "a profile describes its principles under principles:")
        }
        try section.checkKeys(PrincipleID.allCases.map(\.rawValue))
        let plantLabel = try plant(top)
        var principles: [PrincipleProfile] = []
        for id in PrincipleID.allCases {
            // A principle left out (absent, or `off`) is not on the board, nor in check.
            guard let node = section.node(id.rawValue), node.text?.lowercased() != "off" else { continue }
            let map = try YAMLMap(node: node, path: section.keyPath(id.rawValue), file: section.file)
            if let source = try map.string("from") {
                principles.append(try borrowed(id, from: source, map, depth: depth, borrow: borrow))
            } else {
                principles.append(try principle(map, id: id))
            }
            if plantLabel == nil, principles.last?.byLine != nil {
                throw map.error(
                    "by_line", map.node("by_line"),
                    "by_line groups by the plant's label: name it with plant: {label: line}")
            }
        }
        guard !principles.isEmpty else {
            throw top.error(
                "principles", top.keyNode("principles"), "the profile leaves every principle out; describe at least one"
            )
        }
        var scope: [String] = []
        if let alerts = try top.map("alerts") {
            try alerts.checkKeys(["matchers"])
            scope = try matchers(alerts)
        }
        return Profile(
            name: TextSanitizer.inert(name, limit: 40),
            description: TextSanitizer.inert(try top.string("description") ?? "", limit: 200), principles: principles,
            alertScope: scope, variables: try variables(top), plantLabel: plantLabel,
            detect: try metricNames(top, "detect"))
    }

    /// A list of metric names (`detect:`, `needs:`): present, it names at least one, each a Prometheus metric name.
    static func metricNames(_ map: YAMLMap, _ key: String) throws(ConfigError) -> [String] {
        guard map.node(key) != nil else { return [] }
        let names = try strings(map, key)
        guard !names.isEmpty else {
            throw map.error(key, map.node(key), "\(key): names the metrics to look for; it names none")
        }
        for (index, name) in names.enumerated() where !isMetricName(name) {
            throw map.error(
                "\(key)[\(index)]", map.node(key)?.sequence?[index],
                "expected a metric name (letters, digits, _ and :), got \"\(TextSanitizer.inert(name, limit: 60))\"")
        }
        return names
    }

    /// Whether `name` is a Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isMetricName(_ name: String) -> Bool {
        let allowed: (UInt8) -> Bool = { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        }
        guard let first = name.utf8.first, allowed(first) else { return false }
        return name.utf8.allSatisfy { allowed($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// What detection reads of a profile, without the rest: its name, `detect:`, and each principle it describes
    /// with its `needs:` (none for one taken `from:` another profile: detection finds it through that one).
    public static func evidence(tree: YAMLNode?, file: String) throws(ConfigError) -> ProfileEvidence {
        guard let top = try YAMLMap.document(tree, file: file) else {
            throw ConfigError(file: file, message: "the profile is empty")
        }
        var needs: [PrincipleID: [String]] = [:]
        if let section = try top.map("principles") {
            for id in PrincipleID.allCases {
                guard let node = section.node(id.rawValue), node.text?.lowercased() != "off" else { continue }
                let map = try YAMLMap(node: node, path: section.keyPath(id.rawValue), file: section.file)
                needs[id] = map.node("from") == nil ? try metricNames(map, "needs") : []
            }
        }
        return ProfileEvidence(
            name: try top.string("name") ?? "", detect: try metricNames(top, "detect"), needs: needs)
    }

    /// `plant: {label: NAME}`: the label that tells the lines of a shared engine apart (a Prometheus label name).
    static func plant(_ top: YAMLMap) throws(ConfigError) -> String? {
        guard let plant = try top.map("plant") else { return nil }
        try plant.checkKeys(["label"])
        guard let label = try plant.string("label") else {
            throw plant.error("label", nil, "plant: names the label that tells the lines apart (label: line)")
        }
        let letter: (Unicode.Scalar) -> Bool = { $0.isASCII && ($0.properties.isAlphabetic || $0 == "_") }
        guard let first = label.unicodeScalars.first, letter(first),
            label.unicodeScalars.allSatisfy({ letter($0) || ("0"..."9").contains($0) })
        else {
            throw plant.error("label", plant.node("label"), "expected a label name (letters, digits and _)")
        }
        return label
    }

    /// `variables:`: each a name with `values: label_values(SELECTOR, LABEL)` (or `label_values(LABEL)`), an
    /// optional `default:` and `all: true` to offer every value on the board.
    static func variables(_ top: YAMLMap) throws(ConfigError) -> [VariableDeclaration] {
        guard let section = try top.map("variables") else { return [] }
        var out: [VariableDeclaration] = []
        for pair in section.mapping {
            guard let name = pair.key.text, QueryTemplate.variables(in: "$" + name) == [name] else {
                throw section.error(pair.key.text ?? "?", pair.key, "a variable's name is letters, digits and _")
            }
            let entry = try YAMLMap(node: pair.value, path: section.keyPath(name), file: section.file)
            try entry.checkKeys(["values", "default", "all"])
            let text = try required(entry, "values")
            guard let (match, label) = labelValues(text) else {
                throw entry.error(
                    "values", entry.node("values"),
                    "expected label_values(METRIC, LABEL) or label_values(LABEL), got \"\(TextSanitizer.inert(text, limit: 60))\""
                )
            }
            out.append(
                VariableDeclaration(
                    name: name, label: label, match: match, defaultValue: try entry.string("default"),
                    offersAll: try entry.bool("all") ?? false))
        }
        return out
    }

    /// The selector and label of `label_values(SELECTOR, LABEL)` or `label_values(LABEL)`, as Grafana writes them.
    static func labelValues(_ text: String) -> (match: String?, label: String)? {
        let body = text.trimmingBlanks()
        guard body.hasPrefix("label_values("), body.hasSuffix(")") else { return nil }
        let inside = body.dropFirst("label_values(".count).dropLast()
        let isName: (Substring) -> Bool = { name in
            guard let first = name.first, !first.isNumber else { return false }
            return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
        guard let comma = inside.lastIndex(of: ",") else {
            let label = Substring(inside.trimmingBlanks())
            return isName(label) ? (nil, String(label)) : nil
        }
        let match = inside[..<comma].trimmingBlanks()
        let label = Substring(inside[inside.index(after: comma)...].trimmingBlanks())
        guard isName(label), !match.isEmpty else { return nil }
        return (match, String(label))
    }

    /// `matchers:`: label matchers, each checked here (a variable in one is checked again once expanded).
    static func matchers(_ map: YAMLMap) throws(ConfigError) -> [String] {
        let list = try strings(map, "matchers")
        for (index, text) in list.enumerated() where !text.contains("$") {
            do {
                _ = try LabelMatcher(parsing: text)
            } catch {
                var node = map.node("matchers")
                if let items = node?.sequence { node = items[index] }
                throw map.error("matchers[\(index)]", node, error.description)
            }
        }
        return list
    }

    /// `from: NAME`: the principle as another profile (a built-in name, or a file beside this one) describes it,
    /// so that a profile composes sources without copying their queries.
    static func borrowed(_ id: PrincipleID, from source: String, _ map: YAMLMap, depth: Int, borrow: Borrow?)
        throws(ConfigError) -> PrincipleProfile
    {
        try map.checkKeys(["from"], hint: ["headline": "a principle taken `from:` another profile is taken whole"])
        guard depth < 4 else {
            throw map.error(
                "from", map.node("from"), "from: references nest too deep (do two profiles name each other?)")
        }
        guard let borrow else { throw map.error("from", map.node("from"), "from: is read by the profile loader") }
        let other = try borrow(source, map.file, depth + 1)
        guard var principle = other.principle(id) else {
            throw map.error(
                "from", map.node("from"), "the profile \(other.name) leaves \(id.rawValue) out")
        }
        // Detection finds the principle through the profile it comes from, not through one that borrows it.
        principle.needs = []
        return principle
    }

    static func principle(_ map: YAMLMap, id: PrincipleID) throws(ConfigError) -> PrincipleProfile {
        try map.checkKeys(
            ["headline", "query", "unit", "green", "red", "culprit", "alerts", "panels", "by_line", "needs"]
                + (id == .kaizen ? ["budget"] : []))
        let headline = try required(map, "headline")
        let spec = PrincipleSpec(
            id: id, headline: TextSanitizer.inert(headline, limit: 40), query: try query(map, "query"),
            unit: try unit(map, "unit") ?? .none,
            thresholds: Thresholds(green: try condition(map, "green"), red: try condition(map, "red")))
        var culprit: Culprit?
        if let entry = try map.map("culprit") {
            try entry.checkKeys(["query", "label", "unit", "line", "names"])
            culprit = Culprit(
                query: try query(entry, "query"), label: try entry.string("label") ?? "",
                unit: try unit(entry, "unit") ?? .none, line: try entry.string("line") ?? "{name}: {value}",
                names: Int(try entry.number("names") ?? 5))
        }
        // The alerts that belong to the principle; by default those labelled with its id, as the shipped rules are.
        var matchers = ["principle=\"\(id.rawValue)\""]
        if let alerts = try map.map("alerts") {
            try alerts.checkKeys(["matchers"])
            matchers = try self.matchers(alerts)
        }
        var panels: [Panel] = []
        if let node = map.node("panels") {
            guard let sequence = node.sequence else {
                throw map.error("panels", node, "expected a list of panels")
            }
            for (index, item) in sequence.enumerated() {
                let entry = try YAMLMap(node: item, path: map.keyPath("panels[\(index)]"), file: map.file)
                panels.append(try panel(entry, headline: spec))
            }
        }
        let byLine = map.node("by_line") == nil ? nil : try query(map, "by_line")
        return PrincipleProfile(
            spec: spec, culprit: culprit, panels: panels, alertMatchers: matchers, byLine: byLine,
            needs: try metricNames(map, "needs"), budget: try map.map("budget").map(budget))
    }

    /// Kaizen's `budget:`: the label naming each SLO, the errors query over `{window}`, the objective (a percentage
    /// for every SLO, or a query giving each one's as a ratio) and the window (30 days when not said).
    static func budget(_ map: YAMLMap) throws(ConfigError) -> BudgetSource {
        try map.checkKeys(["label", "errors", "objective", "window"])
        let label = try required(map, "label")
        guard isLabelName(label) else {
            throw map.error(
                "label", map.node("label"),
                "expected a label name (letters, digits and _), got \"\(TextSanitizer.inert(label, limit: 60))\"")
        }
        let errors = try query(map, "errors")
        guard errors.contains("{window}") else {
            throw map.error(
                "errors", map.node("errors"),
                "the errors query reads each window through {window} (slo:sli_error:ratio_rate{window})")
        }
        let window = try map.duration("window") ?? 30 * 86400
        let text = try required(map, "objective")
        var number = text.trimmingBlanks()
        if number.hasSuffix("%") { number = String(number.dropLast()).trimmingBlanks() }
        let objective: BudgetSource.Objective
        // A percentage to a ratio without a rounding on the way (99.9 / 100 is 0.9990000000000001).
        if Double(number) != nil, let ratio = Double(number + "e-2") {
            if let problem = BudgetSource.problem(objective: ratio, window: window) {
                throw map.error("objective", map.node("objective"), problem + " (got \(text))")
            }
            objective = .fixed(ratio)
        } else {
            objective = .query(text)
        }
        return BudgetSource(label: label, errors: errors, objective: objective, window: window)
    }

    /// Whether `name` is a Prometheus label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0))
        }
    }

    /// A drill-down panel. `query: headline` and `thresholds: headline` take the principle's own.
    static func panel(_ map: YAMLMap, headline: PrincipleSpec) throws(ConfigError) -> Panel {
        try map.checkKeys(["title", "query", "kind", "label", "unit", "thresholds", "sort", "metric", "series"])
        let title = TextSanitizer.inert(try required(map, "title"), limit: 80)
        let query = try map.string("query") == "headline" ? headline.query : try query(map, "query")
        let kindName = try map.string("kind") ?? "bars"
        guard let kind = Self.kinds[kindName] else {
            throw map.error("kind", map.node("kind"), "expected one of: bars, states, trend (got \"\(kindName)\")")
        }
        var thresholds: Thresholds?
        if let node = map.node("thresholds") {
            if node.text == "headline" {
                thresholds = headline.thresholds
            } else {
                let bands = try YAMLMap(node: node, path: map.keyPath("thresholds"), file: map.file)
                try bands.checkKeys(["green", "red"])
                thresholds = Thresholds(green: try condition(bands, "green"), red: try condition(bands, "red"))
            }
        }
        let sort = try map.string("sort") ?? "value"
        guard ["value", "ascending", "label"].contains(sort) else {
            throw map.error(
                "sort", map.node("sort"),
                "expected value (largest first), ascending (smallest first) or label (got \"\(sort)\")")
        }
        var panel = Panel(
            title, query, kind: kind, label: try map.string("label") ?? "", unit: try unit(map, "unit") ?? .none,
            thresholds: thresholds, metric: try map.string("metric") ?? "", sortByValue: sort != "label",
            smallestFirst: sort == "ascending")
        if map.node("series") != nil {
            guard kind == .trend else {
                throw map.error("series", map.node("series"), "series: names the series of a trend (kind: trend)")
            }
            panel.series = try strings(map, "series").map { TextSanitizer.inert($0, limit: 40) }
        }
        return panel
    }

    static let kinds: [String: Panel.Kind] = ["bars": .bars, "states": .circuitStates, "trend": .trend]
    static let unitNames: [String: Unit] = [
        "percent": .percent, "seconds": .seconds, "per_second": .perSecond, "per_minute": .perMinute,
        "none": Unit.none,
    ]

    static func required(_ map: YAMLMap, _ key: String) throws(ConfigError) -> String {
        guard let text = try map.string(key), !text.isEmpty else { throw map.error(key, nil, "missing") }
        return text
    }

    static func query(_ map: YAMLMap, _ key: String) throws(ConfigError) -> String {
        let text = try required(map, key)
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw map.error(key, map.node(key), "the query is empty")
        }
        return text
    }

    static func condition(_ map: YAMLMap, _ key: String) throws(ConfigError) -> Condition {
        let text = try required(map, key)
        guard let condition = Condition(parsing: text) else {
            throw map.error(
                key, map.node(key),
                "expected a condition such as \"< 500\", \"> 1000\" or \"== 0\", got \"\(TextSanitizer.inert(text, limit: 40))\""
            )
        }
        return condition
    }

    static func strings(_ map: YAMLMap, _ key: String) throws(ConfigError) -> [String] {
        guard let node = map.node(key) else { return [] }
        guard let sequence = node.sequence else { throw map.error(key, node, "expected a list") }
        var out: [String] = []
        for item in sequence {
            guard let text = item.text else { throw map.error(key, item, "expected text") }
            out.append(text)
        }
        return out
    }

    /// A unit by its symbol or its name: `%`/`percent`, `items`, `s`/`seconds`, `/s`/`per_second`,
    /// `/min`/`per_minute`, `""`/`none`.
    static func unit(_ map: YAMLMap, _ key: String) throws(ConfigError) -> Unit? {
        guard let text = try map.string(key) else { return nil }
        guard let unit = Unit(rawValue: text) ?? unitNames[text] else {
            throw map.error(
                key, map.node(key),
                "expected one of: percent (%), items, seconds (s), per_second (/s), per_minute (/min), none (got \"\(TextSanitizer.inert(text, limit: 20))\")"
            )
        }
        return unit
    }
}
