/// `doctor`'s half of Hansei: the loaded alerting rules compared with the board's thresholds. A rule of a
/// principle (by its own labels and the profile's matchers) that compares the principle's headline query with a
/// number is read back: a critical rule's bound is the board's red, a warning rule's the edge of green (or, for the
/// rules `andon rules` writes, both). A bound that differs is a drift, named with both thresholds and the fix.
extension Doctor {
    /// A comparison of the headline with a number, as the rule writes it.
    struct RuleComparison: Equatable {
        var op: String
        var bound: Double
    }

    /// The bounds a rule puts on the headline, when its expression is one of two shapes (blanks ignored, the
    /// headline bare or in parentheses): `HEADLINE OP NUMBER` (a hand-written rule on the headline), or the
    /// yellow rule of `andon rules`, `(H) == (H) unless (H) OP RED unless (H) OP GREEN`. Any other expression
    /// (a ratio of two windows, a conjunction with another query) says nothing about the thresholds: nil.
    static func comparisons(of headline: String, in expression: String) -> [RuleComparison]? {
        let squeeze: (String) -> [Character] = { Array($0.filter { !$0.isWhitespace }) }
        let text = squeeze(expression)
        let bare = squeeze(headline)
        let wrapped = squeeze("(" + headline + ")")
        /// `OP NUMBER` at `index`: the comparison and where it ends.
        func comparison(at index: Int) -> (RuleComparison, Int)? {
            let ops = [">=", "<=", "==", "!=", ">", "<"]
            guard let op = ops.first(where: { text[index...].starts(with: Array($0)) }) else { return nil }
            var cursor = index + op.count
            var number = ""
            while cursor < text.count,
                text[cursor].isNumber || ".eE".contains(text[cursor])
                    || ("+-".contains(text[cursor]) && (number.isEmpty || "eE".contains(number.last!)))
            {
                number.append(text[cursor])
                cursor += 1
            }
            guard let bound = Double(number) else { return nil }
            // A second comparison chained to it (`>= LOW <= HIGH`, how `andon rules` writes `== BOUND`): the
            // first bound stands for both.
            if let (_, end) = comparison(at: cursor) { cursor = end }
            return (RuleComparison(op: op, bound: bound), cursor)
        }
        // HEADLINE OP NUMBER, to the end.
        for form in [wrapped, bare] where text.starts(with: form) {
            if let (found, end) = comparison(at: form.count), end == text.count { return [found] }
        }
        // (H) == (H) unless (H) OP RED unless (H) OP GREEN.
        let unless = Array("unless")
        let head = wrapped + Array("==") + wrapped + unless + wrapped
        guard text.starts(with: head), let (red, redEnd) = comparison(at: head.count) else { return nil }
        let middle = unless + wrapped
        guard text[redEnd...].starts(with: middle), let (green, end) = comparison(at: redEnd + middle.count),
            end == text.count
        else { return nil }
        return [red, green]
    }

    /// Whether a rule's bound is the board's (the generated rules carry a relative 1e-9 of tolerance).
    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(b)) }

    /// The drift checks: one failure per rule that disagrees, or one success saying how many agree.
    static func driftChecks(_ groups: [RuleGroup], config: Config) -> [DoctorCheck] {
        let routing = AlertRouting(profile: config.profile)
        var failures: [DoctorCheck] = []
        var agreeing = 0
        for group in groups {
            for rule in group.rules where rule.type == "alerting" {
                var labels = rule.labels
                labels["alertname"] = rule.name
                guard let id = routing.principle(of: labels), let spec = config.principles.first(where: { $0.id == id })
                else { continue }
                guard let found = comparisons(of: spec.query, in: rule.query), let first = found.first else { continue }
                let critical = (labels["severity"] ?? "").lowercased() == "critical"
                // A critical compares with red; a warning with the edge of green; the yellow rule of `andon rules`
                // with both.
                let pairs: [(board: Condition, rule: RuleComparison, colour: String)] =
                    found.count == 2
                    ? [(spec.thresholds.red, found[0], "red"), (spec.thresholds.green, found[1], "green")]
                    : [(critical ? spec.thresholds.red : spec.thresholds.green, first, critical ? "red" : "green")]
                let differing = pairs.filter { !same($0.rule.bound, $0.board.bound) }
                guard let drift = differing.first else {
                    agreeing += 1
                    continue
                }
                let name = TextSanitizer.inert(rule.name, limit: 80)
                let file = group.file.isEmpty ? "" : " (\(TextSanitizer.inert(group.file, limit: 120)))"
                let ruleBound = "\(drift.rule.op) \(NumberText.plain(drift.rule.bound))"
                let key = "principles.\(id.rawValue).\(drift.colour)"
                let config = config.source.map { " in \($0)" } ?? ""
                failures.append(
                    DoctorCheck(
                        "drift", ok: false,
                        "\(id.title): the board's \(drift.colour) is \(drift.board), but \(name)\(file) compares the"
                            + " headline with \(ruleBound)",
                        fix: "make them one: regenerate the rules from the board (`andon rules > FILE`, then reload"
                            + " Prometheus), or set \(key) to \"\(ruleBound)\"\(config)"))
            }
        }
        if failures.isEmpty && agreeing > 0 {
            return [
                DoctorCheck(
                    "drift", ok: true,
                    "\(agreeing) alerting rule\(agreeing == 1 ? "" : "s") on the headlines agree"
                        + " with the board's thresholds")
            ]
        }
        return failures
    }
}
