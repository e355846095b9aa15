/// The output of `andon check`: a short text summary or one JSON object, and the exit status.
public struct CheckReport: Sendable {
    public var evaluation: Evaluation
    public var config: Config
    /// The most alerts `--json` lists (`--max-alerts`); `alerts_left_out` counts the rest.
    public var maxAlerts: Int

    public init(evaluation: Evaluation, config: Config, maxAlerts: Int = Self.jsonAlerts) {
        self.evaluation = evaluation
        self.config = config
        self.maxAlerts = maxAlerts
    }

    /// 0 all green, 1 worst is yellow, 2 any red, 3 unknown.
    public var exitCode: Int32 { evaluation.overall.exitCode }

    /// The plugin line, one line per principle, the firing and pending alerts, and where and when it was read.
    /// Plain text; `ascii` avoids non-ASCII symbols.
    public func text(ascii: Bool) -> String {
        var lines: [String] = [pluginLine()]
        let titleWidth = PrincipleID.allCases.map(\.title.count).max()!
        let headlineWidth = evaluation.readings.map { config.spec($0.id).headline.count }.max() ?? 0
        for reading in evaluation.readings {
            let spec = config.spec(reading.id)
            let value = reading.value.map { NumberText.value($0, unit: spec.unit) } ?? "-"
            let label = ascii ? reading.status.asciiLabel : "\(reading.status.symbol) \(reading.status.word)"
            var line =
                "  " + pad(reading.id.title, titleWidth) + "  " + pad(spec.headline, headlineWidth) + "  "
                + padLeft(value, 12) + "  " + label
            if let reason = reading.reason { line += "  (" + TextSanitizer.inert(reason, limit: 200) + ")" }
            if let culprit = evaluation.culprits[reading.id] { line += "  " + culprit }
            if evaluation.firstOut == reading.id { line += "  FIRST OUT" }
            lines.append(line)
            if reading.id == .kaizen, let budgets = evaluation.budgets { lines += Self.text(budgets) }
        }
        if let detection = config.detection {
            let missing = detection.notMeasured.filter { missing in
                evaluation.readings.isEmpty || !evaluation.readings.contains { $0.id == missing.id }
            }
            if !missing.isEmpty {
                lines.append(
                    "Not measured here: "
                        + missing.map { "\($0.id.title) (\($0.reason))" }.joined(separator: ", ")
                        + "; andon doctor says what would")
            }
            if let problem = detection.problem, detection.fitting.isEmpty {
                lines.append("Profiles not detected: " + TextSanitizer.inert(problem, limit: 200))
            }
        }
        switch evaluation.alerts {
        case .failure(let error):
            lines.append("Alerts: cannot be read: \(TextSanitizer.inert(error.description, limit: 200))")
        case .success(let alerts):
            let firing = alerts.filter { $0.state == .firing }.count
            lines.append("Alerts: \(firing) firing, \(alerts.count - firing) pending")
            for alert in alerts.prefix(Self.textAlerts) {
                let since = alert.activeAt.map { " for " + DurationText.short(evaluation.evaluatedAt - $0) } ?? ""
                let principle = alert.principle.map { " [\($0.rawValue)]" } ?? ""
                lines.append(
                    "  " + pad(alert.state == .firing ? "FIRING" : "pending", 7) + " "
                        + pad(TextSanitizer.inert(alert.severity, limit: 10), 8) + " "
                        + TextSanitizer.inert(alert.name, limit: 80) + principle + since
                        + Self.answer(alert, now: evaluation.evaluatedAt)
                        + (alert.summary.isEmpty ? "" : "  " + TextSanitizer.inert(alert.summary, limit: 200)))
            }
            if alerts.count > Self.textAlerts {
                lines.append(
                    "  … \(NumberText.grouped(Double(alerts.count - Self.textAlerts))) more (--json lists up to "
                        + "\(NumberText.grouped(Double(maxAlerts))))")
            }
        }
        lines.append("Read from \(evaluation.prometheus) at \(RFC3339.format(evaluation.evaluatedAt))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The most alerts the text lists (the count of the rest follows), and the most `--json` lists by default
    /// (`alerts_left_out` counts the rest): 20,000 firing alerts once made 3.4 MB of output.
    public static let textAlerts = 20
    public static let jsonAlerts = 1_000

    /// The `--json` object: status, evaluated_at, prometheus, principles (always six, in order), alerts.
    /// The profiles the board reads: those detection chose, else the one it was given.
    var profileNames: [String] {
        if let chosen = config.detection?.profiles, !chosen.isEmpty { return chosen }
        return [config.profile.name]
    }

    public func json() -> JSONValue {
        let principles: [JSONValue] = evaluation.readings.map { reading in
            let spec = config.spec(reading.id)
            var pairs: [(String, JSONValue)] = [
                ("id", .string(reading.id.rawValue)), ("title", .string(reading.id.title)),
                ("headline", .string(spec.headline)), ("value", .number(reading.value)),
                ("unit", .string(spec.unit.rawValue)), ("status", .string(reading.status.rawValue)),
            ]
            if let reason = reading.reason { pairs.append(("reason", .string(reason))) }
            if let culprit = evaluation.culprits[reading.id] { pairs.append(("culprit", .string(culprit))) }
            pairs.append(("first_out", .bool(evaluation.firstOut == reading.id)))
            if !reading.warnings.isEmpty { pairs.append(("warnings", .array(reading.warnings.map { .string($0) }))) }
            pairs.append(("profile", .string(config.detection?.suppliers[reading.id] ?? config.profile.name)))
            return .object(pairs)
        }
        var pairs: [(String, JSONValue)] = [
            ("status", .string(evaluation.overall.rawValue)),
            ("evaluated_at", .string(RFC3339.format(evaluation.evaluatedAt))),
            ("prometheus", .string(evaluation.prometheus)),
            ("principles", .array(principles)),
            ("profiles", .array(profileNames.map { .string($0) })),
        ]
        if let detection = config.detection {
            pairs += detection.jsonMembers
        }
        if let source = config.alertSource { pairs.append((source.key, .string(source.endpoint.url))) }
        switch evaluation.budgets {
        case nil: break
        case .success(let readings): pairs.append(("budgets", .array(readings.map(Self.json))))
        case .failure(let error):
            pairs.append(("budgets", .array([])))
            pairs.append(("budgets_error", .string(error.description)))
        }
        switch evaluation.alerts {
        case .success(let alerts):
            pairs.append(("alerts", .array(alerts.prefix(maxAlerts).map(Self.json))))
            if alerts.count > maxAlerts {
                pairs.append(("alerts_left_out", .number(Double(alerts.count - maxAlerts))))
            }
        case .failure(let error):
            pairs.append(("alerts", .array([])))
            pairs.append(("alerts_error", .string(error.description)))
        }
        return .object(pairs)
    }

    /// Each SLO's budget under Kaizen's line: `SLO checkout: 31m06s of 43m12s left (72 %), burn 14.40 over 1h,
    /// runs out in 1d12h, page: 1h and 5m above 14.4`.
    static func text(_ budgets: Result<[BudgetReading], PrometheusError>) -> [String] {
        switch budgets {
        case .failure(let error):
            return ["    budgets: cannot be read: " + TextSanitizer.inert(error.description, limit: 200)]
        case .success(let readings):
            return readings.map { reading in
                let name = "    SLO " + TextSanitizer.inert(reading.name, limit: 60) + ": "
                guard let budget = reading.budget else { return name + "? (" + (reading.problem ?? "unknown") + ")" }
                var line =
                    name + ErrorBudget.signed(budget.leftTime) + " of " + DurationText.exact(budget.budgetTime)
                    + " left (" + ErrorBudget.percent(budget.left) + ")"
                if let burn = budget.currentBurn {
                    line += ", burn " + NumberText.fixed(burn, decimals: 2) + " over 1h"
                }
                if let exhaustion = budget.exhaustion { line += ", runs out in " + DurationText.short(exhaustion) }
                for pair in ErrorBudget.workbook where budget.burning(pair) == true {
                    line +=
                        ", \(pair.severity.rawValue): \(PromDuration.text(pair.long)) and "
                        + "\(PromDuration.text(pair.short)) above "
                        + NumberText.plain((pair.factor(window: budget.window) * 100).rounded() / 100)
                }
                return line
            }
        }
    }

    /// An SLO's budget in `--json`: every figure, seconds and ratios, and the workbook's conditions.
    static func json(_ reading: BudgetReading) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(reading.name))]
        guard let budget = reading.budget else {
            return .object(pairs + [("problem", .string(reading.problem ?? "unknown"))])
        }
        // Seconds to the millisecond, shares and rates to what a reader can use (0.72, not 0.7199999999999998).
        func round(_ value: Double?, _ places: Double) -> JSONValue {
            .number(value.map { ($0 * places).rounded() / places })
        }
        pairs += [
            ("objective", .number(budget.objective)), ("window_seconds", .number(budget.window)),
            ("error_ratio", .number(budget.errorRatio)), ("attainment", round(budget.attainment, 1e9)),
            ("budget_seconds", round(budget.budgetTime, 1e3)), ("spent_seconds", round(budget.spentTime, 1e3)),
            ("left", round(budget.left, 1e6)), ("left_seconds", round(budget.leftTime, 1e3)),
            (
                "burn_rates",
                .object(
                    ErrorBudget.windows(of: budget.window).dropFirst().map {
                        (PromDuration.text($0), round(budget.burnRate(over: $0), 1e4))
                    })
            ),
            ("exhausted_in_seconds", round(budget.exhaustion, 1e3)),
            (
                "burn_alerts",
                .array(
                    ErrorBudget.workbook.map { pair in
                        .object([
                            ("severity", .string(pair.severity.rawValue)),
                            ("long", .string(PromDuration.text(pair.long))),
                            ("short", .string(PromDuration.text(pair.short))),
                            ("factor", .number(pair.factor(window: budget.window))),
                            ("firing", budget.burning(pair).map { .bool($0) } ?? .null),
                        ])
                    })
            ),
        ]
        return .object(pairs)
    }

    static func json(_ alert: Alert) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(alert.name)), ("state", .string(alert.state.rawValue)),
            ("severity", .string(alert.severity)), ("summary", .string(alert.summary)),
            ("active_at", alert.activeAt.map { .string(RFC3339.format($0)) } ?? .null),
            ("labels", .object(alert.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        if let managed = alert.managed { pairs.append((AlertSourceConfig.stateKey, .string(managed))) }
        switch alert.suppression {
        case nil: break
        case .silenced(let silences):
            let silence = alert.ack ?? silences[0]
            pairs.append(
                (
                    alert.ack == nil ? "silence" : "ack",
                    .object([
                        ("by", .string(silence.createdBy)), ("comment", .string(silence.note)),
                        ("since", .string(RFC3339.format(silence.startsAt))),
                        ("until", .string(RFC3339.format(silence.endsAt))), ("silence_id", .string(silence.id)),
                    ])
                ))
        case .inhibited(let names):
            pairs.append(("inhibited_by", .array(names.map { .string($0) })))
        }
        return .object(pairs)
    }

    /// "  ACK ana@host 12m until 14:05Z", "  SILENCED by …", "  INHIBITED by …"; empty when nobody answers.
    static func answer(_ alert: Alert, now: Double) -> String {
        switch alert.suppression {
        case nil: return ""
        case .silenced(let silences):
            let silence = alert.ack ?? silences[0]
            return "  " + (alert.ack == nil ? "SILENCED by " : "ACK ") + silence.createdBy + " "
                + DurationText.coarse(now - silence.startsAt) + " ago, until " + RFC3339.format(silence.endsAt)
                + (silence.note.isEmpty ? "" : " \"" + silence.note + "\"")
        case .inhibited(let names):
            return "  INHIBITED by " + TextSanitizer.inert(names.joined(separator: ", "), limit: 120)
        }
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
