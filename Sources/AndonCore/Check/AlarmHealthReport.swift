/// The alarm-health figures of a window as `andon report` and `andon check --alarm-health` write them: text,
/// Markdown and JSON with the same facts, the verdict against the targets, and the plugin line with its exit status
/// (0 within the targets, 1 past what is acceptable, 2 past the limit, 3 when the alerts could not be read).
public struct AlarmHealthReport: Sendable, Equatable {
    public var health: AlarmHealth?
    /// Why the figures could not be read (then `health` is nil).
    public var problem: String?
    public var targets: AlarmHealthTargets
    public var from: Double
    public var to: Double

    public init(_ answer: Result<AlarmHealth, PrometheusError>, targets: AlarmHealthTargets, from: Double, to: Double) {
        switch answer {
        case .success(let health): self.health = health
        case .failure(let error): problem = error.description
        }
        self.targets = targets
        self.from = from
        self.to = to
    }

    /// The report of figures that could not be read, and why.
    public init(problem: String, targets: AlarmHealthTargets, from: Double, to: Double) {
        self.problem = problem
        self.targets = targets
        self.from = from
        self.to = to
    }

    public var verdict: (status: Int, reasons: [String]) {
        guard let health else { return (3, ["the alerts cannot be read: " + (problem ?? "no answer")]) }
        return health.verdict(targets)
    }

    public var exitCode: Int32 { Int32(verdict.status) }

    static func number(_ value: Double) -> String { NumberText.fixed(value, decimals: 1) }

    /// `ALARM HEALTH WARNING - 1.5 raised per 10 minutes on average (target 1.0) | raised=… average=…;1;2 …`
    public func pluginLine() -> String {
        let (status, reasons) = verdict
        let state = ["OK", "WARNING", "CRITICAL", "UNKNOWN"][status]
        let summary =
            reasons.isEmpty
            ? "within the targets over " + DurationText.short(to - from)
            : reasons.map { TextSanitizer.inert($0, limit: 200) }.joined(separator: ", ")
        guard let health else { return "ALARM HEALTH \(state) - \(summary)" }
        let flood = health.floodShare(targets.flood) * 100
        let critical = health.raised == 0 ? 0 : Double(health.mix["critical"] ?? 0) / Double(health.raised) * 100
        let data = [
            "raised=\(health.raised)",
            "average=\(Self.number(health.averagePerTenMinutes));\(NumberText.plain(targets.steady));\(NumberText.plain(targets.steadyLimit))",
            "worst=\(health.perTenMinutes.max() ?? 0);;\(targets.flood)",
            "flood=\(Self.number(flood))%;\(NumberText.plain(targets.floodShare * 100));\(NumberText.plain(targets.floodShareLimit * 100))",
            "peak_hour=\(health.peakPerHour)", "peak_minute=\(health.peakPerMinute)",
            "chattering=\(health.chattering.count);0", "standing=\(health.standing.count);0",
            "critical=\(Self.number(critical))%;\(NumberText.plain(targets.critical * 200))",
        ]
        return "ALARM HEALTH \(state) - \(summary) | " + data.joined(separator: " ")
    }

    /// The figures as lines of text, each indented by two spaces (no heading).
    public func lines() -> [String] {
        guard let health else {
            return ["cannot be read: " + TextSanitizer.inert(problem ?? "no answer", limit: 200)]
        }
        let steady = "target \(Self.number(targets.steady)), limit \(Self.number(targets.steadyLimit))"
        var out = [
            "raised          \(health.raised) in \(DurationText.short(to - from))",
            "per 10 minutes  \(Self.number(health.averagePerTenMinutes)) on average (\(steady)),"
                + " \(health.perTenMinutes.max() ?? 0) at worst",
            "in flood        \(AlarmHealth.percent(health.floodShare(targets.flood))) of the time (more than"
                + " \(targets.flood) in 10 minutes; target \(AlarmHealth.percent(targets.floodShare)),"
                + " limit \(AlarmHealth.percent(targets.floodShareLimit)))",
            "peaks           \(health.peakPerHour) in an hour, \(health.peakPerMinute) in a minute",
            "priority mix    " + mixText(health) + " (target \(AlarmHealth.percent(targets.critical)) critical)",
            "acknowledged    " + ackText(health),
        ]
        out.append("chattering      " + (health.chattering.isEmpty ? "none" : ""))
        for chatter in health.chattering.prefix(10) {
            out.append("  \(chatter.raises)× " + Self.alert(chatter.name, chatter.detail))
        }
        out.append("standing        " + (health.standing.isEmpty ? "none" : ""))
        for standing in health.standing.prefix(10) {
            out.append(
                "  since " + RFC3339.format(standing.since) + " (" + DurationText.short(to - standing.since) + ") "
                    + Self.alert(standing.name, standing.detail))
        }
        out.append("raised most     " + (health.top.isEmpty ? "none" : ""))
        for top in health.top { out.append("  \(top.count)× " + TextSanitizer.inert(top.name, limit: 80)) }
        return out.map { $0.trimmingTrailingBlanks() }
    }

    static func alert(_ name: String, _ detail: String) -> String {
        TextSanitizer.inert(name, limit: 80)
            + (detail.isEmpty ? "" : " {" + TextSanitizer.inert(detail, limit: 160) + "}")
    }

    /// `critical 4 (5.0 %), warning 12 (15.0 %), info 64 (80.0 %)`: most severe first.
    func mixText(_ health: AlarmHealth) -> String {
        guard health.raised > 0 else { return "none raised" }
        return Self.mixOrder(health.mix).map { severity, count in
            "\(TextSanitizer.inert(severity, limit: 20)) \(count) (\(AlarmHealth.percent(Double(count) / Double(health.raised))))"
        }.joined(separator: ", ")
    }

    /// The severities raised, critical first, then warning, then the rest by name.
    static func mixOrder(_ mix: [String: Int]) -> [(String, Int)] {
        let rank = ["critical": 0, "page": 0, "error": 1, "warning": 2, "info": 3, "none": 5]
        return mix.filter { $0.value > 0 }.sorted { (rank[$0.key] ?? 4, $0.key) < (rank[$1.key] ?? 4, $1.key) }
            .map { ($0.key, $0.value) }
    }

    func ackText(_ health: AlarmHealth) -> String {
        guard !health.ackAfter.isEmpty else {
            return health.unacknowledged == 0 ? "nothing raised" : "none of \(health.unacknowledged)"
        }
        let median = CallFacts.median(health.ackAfter) ?? 0
        return "\(health.ackAfter.count) of \(health.ackAfter.count + health.unacknowledged), after "
            + DurationText.exact(median) + " (median), " + DurationText.exact(health.ackAfter.last ?? 0) + " at worst"
    }

    /// The verdict as a line: `within EEMUA 191's targets` or what is past them.
    public func verdictLine() -> String {
        let (status, reasons) = verdict
        guard status > 0 else { return "within the targets" }
        return (status == 2 ? "past the limit: " : status == 3 ? "" : "past the target: ")
            + reasons.map { TextSanitizer.inert($0, limit: 200) }.joined(separator: "; ")
    }

    public func json() -> JSONValue {
        func at(_ t: Double) -> JSONValue { .string(RFC3339.format(t)) }
        let (status, reasons) = verdict
        var pairs: [(String, JSONValue)] = [
            ("from", at(from)), ("to", at(to)),
            ("status", .string(["ok", "warning", "critical", "unknown"][status])),
            ("reasons", .array(reasons.map { .string($0) })),
            (
                "targets",
                .object([
                    ("steady", .number(targets.steady)), ("steady_limit", .number(targets.steadyLimit)),
                    ("flood", .number(Double(targets.flood))), ("flood_share", .number(targets.floodShare)),
                    ("flood_share_limit", .number(targets.floodShareLimit)), ("critical", .number(targets.critical)),
                ])
            ),
        ]
        guard let health else {
            pairs.append(("problem", .string(problem ?? "no answer")))
            return .object(pairs)
        }
        pairs += [
            ("raised", .number(Double(health.raised))),
            ("per_10_minutes", .array(health.perTenMinutes.map { .number(Double($0)) })),
            ("average_per_10_minutes", .number(health.averagePerTenMinutes)),
            ("worst_per_10_minutes", .number(Double(health.perTenMinutes.max() ?? 0))),
            ("flood_share", .number(health.floodShare(targets.flood))),
            ("peak_per_hour", .number(Double(health.peakPerHour))),
            ("peak_per_minute", .number(Double(health.peakPerMinute))),
            (
                "chattering",
                .array(
                    health.chattering.map {
                        .object([
                            ("alertname", .string($0.name)), ("labels", .string($0.detail)),
                            ("raised", .number(Double($0.raises))),
                        ])
                    })
            ),
            (
                "standing",
                .array(
                    health.standing.map {
                        .object([
                            ("alertname", .string($0.name)), ("labels", .string($0.detail)), ("since", at($0.since)),
                        ])
                    })
            ),
            ("mix", .object(Self.mixOrder(health.mix).map { ($0.0, .number(Double($0.1))) })),
            (
                "top",
                .array(
                    health.top.map {
                        .object([("alertname", .string($0.name)), ("raised", .number(Double($0.count)))])
                    })
            ),
            ("ack_seconds", .array(health.ackAfter.map { .number($0) })),
            ("unacknowledged", .number(Double(health.unacknowledged))),
        ]
        return .object(pairs)
    }
}
