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

    /// The alerts in scope, each with its principle (nil: none of the board's principles).
    public func route(_ alerts: [Alert]) -> [Alert] {
        alerts.compactMap { alert in
            guard scope.allSatisfy({ $0.matches(alert.labels) }) else { return nil }
            var routed = alert
            routed.principle =
                principles.first { !$0.matchers.isEmpty && $0.matchers.allSatisfy { $0.matches(alert.labels) } }?.id
            return routed
        }
    }
}
