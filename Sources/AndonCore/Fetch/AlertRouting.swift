/// Which alerts a board shows and to which principle each belongs, by the profile's label matchers: the scope
/// (`alerts:` at the top of a profile, `line="$line"`) keeps only the alerts of the board's line, so that it shows
/// and rings for nothing else; then the first principle whose matchers all hold owns the alert (the tiles' counts,
/// the drill-down's list, `check --principle`). Built once per configuration; the matchers were checked when the
/// configuration was loaded.
public struct AlertRouting: Sendable {
    let scope: [LabelMatcher]
    let principles: [(id: PrincipleID, matchers: [LabelMatcher])]

    public init(profile: Profile) {
        let parse: ([String]) -> [LabelMatcher] = { $0.compactMap { try? LabelMatcher(parsing: $0) } }
        scope = parse(profile.alertScope)
        principles = profile.principles.map { ($0.id, parse($0.alertMatchers)) }
    }

    /// The principle whose matchers all hold for `labels` (the board's scope aside): where an alerting rule's
    /// own labels put its alerts.
    public func principle(of labels: Labels) -> PrincipleID? {
        principles.first { !$0.matchers.isEmpty && $0.matchers.allSatisfy { $0.matches(labels) } }?.id
    }

    /// What the alerting rules of each principle (by the rules' own labels) tell a drift: their longest `for:`,
    /// and which of them compare the principle's headline (`headlines`, the queries the board asks) with a bound.
    public func watch(_ groups: [RuleGroup], headlines: [PrincipleID: String]) -> [PrincipleID: RuleWatch] {
        var watches: [PrincipleID: RuleWatch] = [:]
        for rule in groups.flatMap(\.rules) where rule.type == "alerting" {
            var labels = rule.labels
            labels["alertname"] = rule.name
            guard let id = principle(of: labels) else { continue }
            var watch = watches[id] ?? RuleWatch(hold: 0)
            watch.hold = max(watch.hold, rule.duration)
            if let headline = headlines[id], HeadlineRule.comparisons(of: headline, in: rule.query) != nil {
                watch.onHeadline.insert(rule.name)
            }
            watches[id] = watch
        }
        return watches
    }

    /// The alerts in scope, each with its principle (nil: none of the board's principles).
    public func route(_ alerts: [Alert]) -> [Alert] {
        alerts.compactMap { alert in
            guard scope.allSatisfy({ $0.matches(alert.labels) }) else { return nil }
            var routed = alert
            routed.principle = principle(of: alert.labels)
            return routed
        }
    }
}
