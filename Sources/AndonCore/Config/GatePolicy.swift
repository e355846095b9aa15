/// What `andon gate` holds a deploy to (`--policy FILE`, docs/budgets.md): what stops the line, what only warns,
/// and what a board that cannot see means. Without a file: stop while a principle is red, an SLO has less than
/// 10 % of its budget left or a page-level burn holds; warn while one is yellow, below 25 %, or a ticket-level burn
/// holds; and a board that cannot see stops.
public struct GatePolicy: Sendable, Equatable {
    /// The workbook's burn conditions a rule reacts to: the page-level ones, or the ticket-level ones too.
    public enum Burn: String, Sendable, CaseIterable {
        case page, ticket
    }

    /// One level's conditions (stop or warn).
    public struct Rule: Sendable, Equatable {
        /// Any principle red.
        public var red: Bool
        /// Any principle yellow.
        public var yellow: Bool
        /// Any SLO with less than this fraction of its budget left.
        public var budgetBelow: Double?
        /// Any burn condition of this severity, or worse, holding.
        public var burn: Burn?

        public init(red: Bool = false, yellow: Bool = false, budgetBelow: Double? = nil, burn: Burn? = nil) {
            self.red = red
            self.yellow = yellow
            self.budgetBelow = budgetBelow
            self.burn = burn
        }
    }

    /// What a board that cannot see (a principle unknown, a budget that cannot be read) decides.
    public enum Unknown: String, Sendable, CaseIterable {
        case stop, warn, ship
    }

    public var stop = Rule(red: true, budgetBelow: 0.10, burn: .page)
    public var warn = Rule(yellow: true, budgetBelow: 0.25, burn: .ticket)
    public var unknown = Unknown.stop

    public init() {}

    /// A policy file: `stop:` and `warn:` (each `red`, `yellow`, `budget_below`, `burn`), `unknown:`; what it leaves
    /// out is the default's. An error names file, line and key.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> GatePolicy {
        var policy = GatePolicy()
        guard let top = try YAMLMap.document(yaml, file: file) else { return policy }
        try top.checkKeys(["stop", "warn", "unknown"])
        if let map = try top.map("stop") { policy.stop = try rule(map, over: policy.stop) }
        if let map = try top.map("warn") { policy.warn = try rule(map, over: policy.warn) }
        policy.unknown = try top.choice("unknown", Unknown.self) ?? .stop
        return policy
    }

    static func rule(_ map: YAMLMap, over base: Rule) throws(ConfigError) -> Rule {
        try map.checkKeys(["red", "yellow", "budget_below", "burn"])
        var rule = base
        rule.red = try map.bool("red") ?? base.red
        rule.yellow = try map.bool("yellow") ?? base.yellow
        if map.node("budget_below")?.text?.lowercased() == "off" {
            rule.budgetBelow = nil
        } else if let share = try map.percent("budget_below") {
            rule.budgetBelow = share
        }
        if map.node("burn")?.text?.lowercased() == "off" {
            rule.burn = nil
        } else if let burn = try map.choice("burn", Burn.self) {
            rule.burn = burn
        }
        return rule
    }
}
