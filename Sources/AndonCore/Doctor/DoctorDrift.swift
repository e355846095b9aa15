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

    /// Every `HEADLINE OP NUMBER` (the headline bare or in parentheses) in `expression`, in order, compared with
    /// blanks removed.
    static func comparisons(of headline: String, in expression: String) -> [RuleComparison] {
        let squeeze: (String) -> [Character] = { Array($0.filter { !$0.isWhitespace }) }
        let text = squeeze(expression)
        let forms = [squeeze(headline), squeeze("(" + headline + ")")].sorted { $0.count > $1.count }
        var found: [RuleComparison] = []
        var index = 0
        while index < text.count {
            guard let form = forms.first(where: { text[index...].starts(with: $0) }) else {
                index += 1
                continue
            }
            var cursor = index + form.count
            let ops = [">=", "<=", "==", "!=", ">", "<"]
            if let op = ops.first(where: { text[cursor...].starts(with: Array($0)) }) {
                cursor += op.count
                var number = ""
                while cursor < text.count, text[cursor].isNumber || "+-.eE".contains(text[cursor]) {
                    number.append(text[cursor])
                    cursor += 1
                }
                if let bound = Double(number) { found.append(RuleComparison(op: op, bound: bound)) }
            }
            index = cursor
        }
        return found
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
                let found = comparisons(of: spec.query, in: rule.query)
                guard let first = found.first else { continue }
                let critical = (labels["severity"] ?? "").lowercased() == "critical"
                // The rules of `andon rules`: a critical compares with red; a warning is `unless` red and green.
                var pairs: [(board: Condition, rule: RuleComparison, colour: String)] = []
                if critical {
                    pairs = [(spec.thresholds.red, first, "red")]
                } else if found.count >= 2 && rule.query.contains("unless") {
                    pairs = [(spec.thresholds.red, found[0], "red"), (spec.thresholds.green, found[1], "green")]
                } else {
                    pairs = [(spec.thresholds.green, first, "green")]
                }
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
