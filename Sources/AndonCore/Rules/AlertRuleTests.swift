import Foundation
import Yams

/// `promtool` unit tests for the rules `AlertRules` generates (`andon rules --tests`): input series that drive each
/// headline through its thresholds (on each bound and one step either side), and at the end of each plateau the
/// alerts the board's own judgement (`Thresholds.status`) expects, with their labels and rendered annotations. A
/// threshold changed in the configuration changes the plateaus and the expectations with it.
///
/// Series can be written only for a headline whose query andon knows how to drive: the built-in profile's (the
/// metric contract of docs/metrics.md). Another profile's principles are listed as not covered.
public enum AlertRuleTests {
    /// The tests file and the principles it could not cover.
    public struct Output: Sendable, Equatable {
        public var yaml: String
        public var uncovered: [PrincipleID]
    }

    /// How to make one principle's headline take a value: the series for a value per plateau, and the step the
    /// metric can resolve (values are the bound and a step either side).
    struct Driver {
        var step: Double
        var range: ClosedRange<Double>
        /// For values per plateau and the minutes of a plateau: the input series (selector, promtool values).
        var series: (_ values: [Double], _ minutes: Int) -> [(String, String)]
    }

    /// The drivers of the built-in profile's headlines, by the query they drive.
    static func driver(for spec: PrincipleSpec) -> Driver? {
        guard let standard = Profile.standard.principle(spec.id), standard.spec.query == spec.query else { return nil }
        switch spec.id {
        case .jidoka:
            // 100 circuits, of which `value` are open: 1 % a step.
            return Driver(step: 1, range: 0...100) { values, minutes in
                (0..<100).map { circuit in
                    (
                        "tps_jidoka_circuit_state{component=\"andon_test_\(circuit)\"}",
                        gauge(values.map { Double(circuit) < $0.rounded() ? 1 : 0 }, minutes)
                    )
                }
            }
        case .kanban:
            return Driver(step: 1, range: 0...Double.greatestFiniteMagnitude) { values, minutes in
                [("tps_kanban_queue_depth{queue_name=\"andon_test\"}", gauge(values, minutes))]
            }
        case .andon:
            // 10,000 requests a minute, of which value × 100 fail: 0.01 % a step.
            return Driver(step: 0.01, range: 0...100) { values, minutes in
                [
                    (
                        "tps_andon_requests_total{service=\"andon_test\"}",
                        counter(values.map { _ in 10_000 }, minutes)
                    ),
                    (
                        "tps_andon_errors_total{service=\"andon_test\",error_type=\"test\"}",
                        counter(values.map { ($0 * 100).rounded() }, minutes)
                    ),
                ]
            }
        case .kaizen:
            return Driver(step: 0.1, range: 0...100) { values, minutes in
                [("tps_kaizen_slo_attainment{slo_name=\"andon_test\"}", gauge(values.map { $0 / 100 }, minutes))]
            }
        case .heijunka:
            return Driver(step: 0.1, range: 0...100) { values, minutes in
                [("tps_heijunka_pool_utilization{pool_name=\"andon_test\"}", gauge(values.map { $0 / 100 }, minutes))]
            }
        case .tracing:
            // A hundred observations a minute, all in one bucket whose bound puts the P99 on `value`: the
            // interpolation in (0, value / 0.99] gives 0.99 × that bound.
            return Driver(step: 0.01, range: 0.01...Double.greatestFiniteMagnitude) { values, minutes in
                let bounds = values.map { bucketBound($0) }
                var series: [(String, String)] = []
                for bound in Set(bounds).sorted() {
                    let perMinute = bounds.map { $0 == bound ? 100.0 : .nan }
                    series.append(
                        (
                            "tps_tracing_duration_seconds_bucket{component=\"andon_test\",le=\"\(bound)\"}",
                            counter(perMinute, minutes)
                        ))
                }
                series.append(
                    (
                        "tps_tracing_duration_seconds_bucket{component=\"andon_test\",le=\"+Inf\"}",
                        counter(values.map { _ in 100 }, minutes)
                    ))
                return series
            }
        }
    }

    /// The upper bound of the one bucket that puts the P99 on `value`, as the `le` label writes it.
    static func bucketBound(_ value: Double) -> String { "\(value / 0.99)" }

    /// A gauge holding each value for a plateau of `minutes` samples (promtool's `vxn` is n + 1 samples).
    static func gauge(_ values: [Double], _ minutes: Int) -> String {
        values.map { "\(AlertRules.number($0))x\(minutes - 1)" }.joined(separator: " ")
    }

    /// A counter growing by each value a minute over its plateau; NaN: no samples in that plateau (`_`).
    static func counter(_ perMinute: [Double], _ minutes: Int) -> String {
        var total = 0.0
        return perMinute.map { increase in
            // `_xn` is n missing samples (where `vxn` is n + 1 samples).
            guard !increase.isNaN else { return "_x\(minutes)" }
            defer { total += increase * Double(minutes) }
            return "\(AlertRules.number(total))+\(AlertRules.number(increase))x\(minutes - 1)"
        }.joined(separator: " ")
    }

    /// The values a principle is tested at: each bound and a step either side, in the metric's range.
    static func values(_ thresholds: Thresholds, step: Double, range: ClosedRange<Double>) -> [Double] {
        var values: [Double] = []
        for bound in [thresholds.green.bound, thresholds.red.bound] where bound.isFinite {
            for value in [bound - step, bound, bound + step]
            where range.contains(value) && !values.contains(where: { abs($0 - value) < step / 2 }) {
                values.append(value)
            }
        }
        return values.sorted()
    }

    /// The tests file for `config`'s rules, read from `rulesFile` (relative to the tests file), with `for` from
    /// `options`.
    public static func yaml(for config: Config, options: AlertRules.Options = .init(), rulesFile: String) -> Output {
        let holdMinutes = Int(((PromDuration.seconds(options.holdFor) ?? 300) / 60).rounded(.up))
        // A plateau: five minutes for the rate windows to see only it, then `for`, then three to spare.
        let minutes = holdMinutes + 8
        var drivers: [(spec: PrincipleSpec, driver: Driver, values: [Double])] = []
        var uncovered: [PrincipleID] = []
        for spec in config.principles {
            guard let driver = driver(for: spec) else {
                uncovered.append(spec.id)
                continue
            }
            drivers.append((spec, driver, values(spec.thresholds, step: driver.step, range: driver.range)))
        }
        let plateaus = drivers.map(\.values.count).max() ?? 0
        var inputs: [Node] = []
        var tests: [Node] = []
        let rules = AlertRules.rules(for: config)
        for (spec, driver, values) in drivers where !values.isEmpty {
            // Every principle has as many plateaus; a shorter list holds its last value.
            let padded = values + Array(repeating: values[values.count - 1], count: plateaus - values.count)
            for (selector, series) in driver.series(padded, minutes) {
                inputs.append(mapping([("series", quoted(selector)), ("values", quoted(series))]))
            }
            for (index, value) in padded.enumerated() {
                let status = spec.thresholds.status(for: value)
                for rule in rules where rule.principle == spec.id {
                    let colour = rule.severity == "critical" ? "red" : "yellow"
                    let fires = (colour == "red" && status == .red) || (colour == "yellow" && status == .yellow)
                    let expected: [Node] =
                        fires
                        ? [
                            mapping([
                                (
                                    "exp_labels",
                                    mapping([
                                        ("severity", plain(rule.severity)), ("principle", plain(spec.id.rawValue)),
                                    ])
                                ),
                                (
                                    "exp_annotations",
                                    mapping([
                                        (
                                            "summary",
                                            quoted(
                                                AlertRules.summary(
                                                    spec, colour, value: rendered(value, unit: spec.unit)))
                                        ),
                                        ("action", quoted(rule.action)),
                                    ])
                                ),
                            ])
                        ] : []
                    tests.append(
                        mapping([
                            ("eval_time", plain("\(index * minutes + minutes - 1)m")),
                            ("alertname", plain(rule.name)),
                            ("exp_alerts", Node(expected)),
                        ]))
                }
            }
        }
        let document = mapping([
            ("rule_files", Node([plain(rulesFile)])),
            ("evaluation_interval", plain("1m")),
            (
                "tests",
                Node([
                    mapping([
                        ("interval", plain("1m")), ("input_series", Node(inputs)),
                        ("alert_rule_test", Node(tests)),
                    ])
                ])
            ),
        ])
        let source = config.source.map { "the configuration \($0)" } ?? "the default configuration"
        var header = """
            # promtool unit tests generated by `andon rules --tests` from \(source), for the rules of
            # `andon rules` in \(rulesFile): each headline is held on its bounds and one step either side, a plateau
            # of \(minutes) minutes each, and at its end exactly the alerts of the board's colour fire. Run:
            #   promtool test rules THIS_FILE

            """
        if !uncovered.isEmpty {
            header +=
                "# Not covered (andon can drive only the built-in profile's headline queries): "
                + uncovered.map(\.rawValue).joined(separator: ", ") + "\n"
        }
        let body = (try? serialize(node: document, indent: 2, width: 200, allowUnicode: true)) ?? ""
        return Output(yaml: header + body, uncovered: uncovered)
    }

    /// `$value` as the rule's template renders it (Go's `printf`, Prometheus' `humanizeDuration`).
    static func rendered(_ value: Double, unit: Unit) -> String {
        switch unit {
        case .percent: String(format: "%.2f", value) + "%"
        case .seconds: humanizeDuration(value)
        case .items: String(format: "%.0f", value)
        case .perSecond: String(format: "%.3g", value) + "/s"
        case .perMinute: String(format: "%.3g", value) + "/min"
        case .none: String(format: "%.4g", value)
        }
    }

    /// Prometheus' `humanizeDuration` for a finite value.
    static func humanizeDuration(_ value: Double) -> String {
        if value == 0 { return "0s" }
        if abs(value) >= 1 {
            let sign = value < 0 ? "-" : ""
            let v = abs(value)
            let whole = Int64(v)
            let (days, hours, minutes) = (whole / 86400, whole / 3600 % 24, whole / 60 % 60)
            let seconds = String(format: "%.4g", v.truncatingRemainder(dividingBy: 60))
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return "\(sign)\(seconds)s"
        }
        var v = value
        var prefix = ""
        for next in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = next
            v *= 1000
        }
        return String(format: "%.4g", v) + prefix + "s"
    }

    static func plain(_ text: String) -> Node { Node(text, .implicit, .plain) }
    static func quoted(_ text: String) -> Node { Node(text, .implicit, .singleQuoted) }

    static func mapping(_ pairs: [(String, Node)]) -> Node {
        Node(pairs.map { (plain($0.0), $0.1) })
    }
}
