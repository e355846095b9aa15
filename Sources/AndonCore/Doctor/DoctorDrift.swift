/// `doctor`'s half of Hansei: the loaded alerting rules compared with the board's thresholds. A rule of a
/// principle (by its own labels and the profile's matchers) that compares the principle's headline query with a
/// number is read back: a critical rule's bound is the board's red, a warning rule's the edge of green (or, for the
/// rules `andon rules` writes, both). A bound that differs is a drift, named with both thresholds and the fix.
extension Doctor {
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
                guard let found = HeadlineRule.comparisons(of: spec.query, in: rule.query), let first = found.first
                else { continue }
                let critical = (labels["severity"] ?? "").lowercased() == "critical"
                // A critical compares with red; a warning with the edge of green; the yellow rule of `andon rules`
                // with both.
                let pairs: [(board: Condition, rule: HeadlineRule.Comparison, colour: String)] =
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
