/// `andon snapshot --json`: what the board shows, as one JSON object. The members are `check --json`'s, from the
/// board's own answers after the freshness rules (a principle that did not answer is unknown with its reason), so
/// that its status is the snapshot's exit status; with a drill-down, `"drill"` holds the principle's panels, each
/// with its rows (label and value) or why it is empty.
extension BoardState {
    /// The board's answers as an evaluation: each principle as it is shown, the alerts or why they cannot be read.
    public var evaluation: Evaluation {
        let readings = principles.map { id in
            let shown = shown(id)
            return Reading(
                id: id, value: shown.value, status: shown.shown.effective, reason: shown.reason,
                warnings: known[id]?.reading?.warnings ?? [], answered: known[id]?.failure == nil)
        }
        var evaluation = Evaluation(
            evaluatedAt: at ?? lastRefresh ?? now, prometheus: config.prometheus.url, readings: readings,
            alerts: alertsError.map { .failure(.transport(TransportError(.other, $0))) } ?? .success(alerts))
        evaluation.culprits = known.compactMapValues(\.culprit)
        return evaluation
    }

    public func json() -> JSONValue {
        guard case .object(var pairs) = CheckReport(evaluation: evaluation, config: config).json() else {
            return .null
        }
        // The board's words, not a transport's: the reason as the board shows it.
        if let alertsError, let index = pairs.firstIndex(where: { $0.0 == "alerts_error" }) {
            pairs[index].1 = .string(alertsError)
        }
        if let at { pairs.append(("at", .string(RFC3339.format(at)))) }
        // The annunciator: the first out of the cascade on now, and the cleared reds still latched.
        if let index = pairs.firstIndex(where: { $0.0 == "principles" }), case .array(let items) = pairs[index].1 {
            pairs[index].1 = .array(
                items.map { item in
                    guard case .object(var members) = item, case .string(let raw)? = item["id"],
                        let id = PrincipleID(rawValue: raw)
                    else { return item }
                    members.append(("first_out", .bool(firstOut == id)))
                    members.append(("latched_since", latched[id].map { .string(RFC3339.format($0)) } ?? .null))
                    return .object(members)
                })
        }
        if case .principle(let id) = pane {
            let specs = config.profile.panels(id)
            let panels = (known[id]?.drill?.panels ?? []).enumerated().map { index, result -> JSONValue in
                let panel = index < specs.count ? specs[index] : nil
                var members: [(String, JSONValue)] = [
                    ("title", .string(panel?.title ?? "")), ("unit", .string((panel?.unit ?? .none).rawValue)),
                    (
                        "rows",
                        .array(
                            result.rows.map { .object([("label", .string($0.label)), ("value", .number($0.value))]) })
                    ),
                ]
                if result.total > result.rows.count { members.append(("total", .number(Double(result.total)))) }
                if let problem = result.problem { members.append(("problem", .string(problem))) }
                return .object(members)
            }
            pairs.append(("drill", .object([("principle", .string(id.rawValue)), ("panels", .array(panels))])))
        }
        return .object(pairs)
    }
}

extension PlantState {
    /// `andon snapshot --json` of a plant: `check --json`'s form for a plant, `{status, title, lines: [{name,
    /// ...}]}`, each line as its board shows it.
    public func json() -> JSONValue {
        let items: [JSONValue] = lines.map { line in
            guard case .object(let pairs) = line.board.json() else { return .null }
            return .object([("name", .string(line.name)), ("first_out", .bool(firstOutLine == line.name))] + pairs)
        }
        return .object([("status", .string(overall.rawValue)), ("title", .string(title)), ("lines", .array(items))])
    }
}
