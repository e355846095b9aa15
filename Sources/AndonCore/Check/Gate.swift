/// `andon gate`'s answer: ship (0), warn (1) or stop (2), with the reasons, from one refresh of a board or of a
/// plant's lines judged by a `GatePolicy`. It never ships what it cannot see, unless the policy says so.
public struct GateReport: Sendable {
    public enum Verdict: String, Sendable, Comparable {
        case ship, warn, stop

        var rank: Int { self == .ship ? 0 : self == .warn ? 1 : 2 }
        public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }
    }

    public var verdict: Verdict
    /// Why: what stops, then what warns, then what cannot be seen, each naming its line on a plant.
    public var reasons: [String]
    public var evaluatedAt: Double

    public var exitCode: Int32 { Int32(verdict.rank) }

    public init(_ lines: [(name: String?, evaluation: Evaluation)], policy: GatePolicy) {
        var stop: [String] = []
        var warn: [String] = []
        var blind: [String] = []
        for (name, evaluation) in lines {
            var unseen: [(prefix: String, titles: [String], why: String)] = []
            let prefix = name.map { "line " + TextSanitizer.inert($0, limit: 60) + ": " } ?? ""
            for reading in evaluation.readings {
                let what = "\(reading.id.title) \(reading.status.rawValue)"
                switch reading.status {
                case .red:
                    if policy.stop.red {
                        stop.append(prefix + what)
                    } else if policy.warn.red {
                        warn.append(prefix + what)
                    }
                case .yellow:
                    if policy.stop.yellow {
                        stop.append(prefix + what)
                    } else if policy.warn.yellow {
                        warn.append(prefix + what)
                    }
                case .green: break
                case .unknown:
                    let why = reading.reason.map { " (" + TextSanitizer.inert($0, limit: 120) + ")" } ?? ""
                    // Principles unknown for one reason are one reason: `Jidoka, Kanban unknown (refused)`.
                    if let same = unseen.firstIndex(where: { $0.prefix == prefix && $0.why == why }) {
                        unseen[same].titles.append(reading.id.title)
                    } else {
                        unseen.append((prefix, [reading.id.title], why))
                    }
                }
            }
            blind += unseen.map { $0.prefix + $0.titles.joined(separator: ", ") + " unknown" + $0.why }
            switch evaluation.budgets {
            case nil: break
            case .failure(let error):
                blind.append(
                    prefix + "budgets cannot be read (" + TextSanitizer.inert(error.description, limit: 120) + ")")
            case .success(let readings):
                for reading in readings {
                    let slo = prefix + "SLO " + reading.name
                    guard let budget = reading.budget else {
                        blind.append(slo + " unknown (" + (reading.problem ?? "no figures") + ")")
                        continue
                    }
                    let left = slo + " has " + ErrorBudget.percent(budget.left) + " of its budget left"
                    if let below = policy.stop.budgetBelow, budget.left < below {
                        stop.append(left + " (< " + ErrorBudget.percent(below) + ")")
                    } else if let below = policy.warn.budgetBelow, budget.left < below {
                        warn.append(left + " (< " + ErrorBudget.percent(below) + ")")
                    }
                    for pair in ErrorBudget.workbook where budget.burning(pair) == true {
                        let burning =
                            slo + " burns its budget over " + PromDuration.text(pair.long) + " and "
                            + PromDuration.text(pair.short) + " (" + pair.severity.rawValue + ")"
                        if Self.reacts(policy.stop.burn, to: pair.severity) {
                            stop.append(burning)
                        } else if Self.reacts(policy.warn.burn, to: pair.severity) {
                            warn.append(burning)
                        }
                    }
                }
            }
        }
        var verdict = Verdict.ship
        if !warn.isEmpty { verdict = .warn }
        if !blind.isEmpty { verdict = max(verdict, Verdict(rawValue: policy.unknown.rawValue) ?? .stop) }
        if !stop.isEmpty { verdict = .stop }
        self.verdict = verdict
        reasons = stop + warn + blind.map { "cannot see: " + $0 }
        evaluatedAt = lines.map(\.evaluation.evaluatedAt).max() ?? 0
    }

    /// A gate that could read nothing at all (Prometheus unreachable before the first question).
    public init(blind reason: String, policy: GatePolicy, at time: Double = 0) {
        verdict = Verdict(rawValue: policy.unknown.rawValue) ?? .stop
        reasons = ["cannot see: " + TextSanitizer.inert(reason, limit: 200)]
        evaluatedAt = time
    }

    /// Whether a rule reacting to `burn` reacts to a condition of `severity` (a ticket-level rule to pages too).
    static func reacts(_ burn: GatePolicy.Burn?, to severity: ErrorBudget.BurnWindow.Severity) -> Bool {
        switch burn {
        case nil: false
        case .page: severity == .page
        case .ticket: true
        }
    }

    /// One line: `andon gate: STOP - Kanban red; SLO checkout has 8 % of its budget left (< 10 %)`.
    public func text() -> String {
        let why =
            reasons.isEmpty ? "every principle green, every budget above its levels" : reasons.joined(separator: "; ")
        return "andon gate: \(verdict.rawValue.uppercased()) - \(why)\n"
    }

    /// `{"decision": "stop", "exit": 2, "reasons": [...], "evaluated_at": ...}`.
    public func json() -> JSONValue {
        .object([
            ("decision", .string(verdict.rawValue)), ("exit", .number(Double(exitCode))),
            ("reasons", .array(reasons.map { .string($0) })),
            ("evaluated_at", .string(RFC3339.format(evaluatedAt))),
        ])
    }
}
