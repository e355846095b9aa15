/// A deep-dive panel of a drill-down: its PromQL, how to show it, and what its rows mean.
public struct Panel: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// One row per series, labelled by `label`, with a bar scaled to the largest value and threshold marks.
        case bars
        /// One row per series showing a circuit state word (0 closed, 1 open, 2 half-open).
        case circuitStates
        /// A range query drawn as a sparkline per series (`label` names each).
        case trend
    }

    public var title: String
    public var query: String
    public var kind: Kind
    /// The label whose value names a row; empty for a single unlabelled value.
    public var label: String
    public var unit: Unit
    /// Per-row status, when the panel has thresholds.
    public var thresholds: Thresholds?
    /// The metric to name when the result is empty ("no tps_kanban_dlq_depth series").
    public var metric: String
    /// Sort rows by value, largest first (else by label).
    public var sortByValue: Bool
    /// With `sortByValue`: smallest first (where fewer is worse, as workers available).
    public var smallestFirst: Bool

    public init(
        _ title: String, _ query: String, kind: Kind = .bars, label: String, unit: Unit, thresholds: Thresholds? = nil,
        metric: String, sortByValue: Bool = true, smallestFirst: Bool = false
    ) {
        self.title = title
        self.query = query
        self.kind = kind
        self.label = label
        self.unit = unit
        self.thresholds = thresholds
        self.metric = metric
        self.sortByValue = sortByValue
        self.smallestFirst = smallestFirst
    }
}

extension Panel {
    /// The most rows a panel shows.
    public static let maxRows = 12

    /// The label that marks the row count in the answer to `fetchQuery`.
    public static let rowCountMark = "andon_rows"

    /// What the board asks Prometheus for this panel. A panel sorted by value shows only its top rows and how
    /// many there are, so it asks for just that: `topk` (`bottomk` when smallest first) and a `count` marked by
    /// `label_replace`, joined by `or`.
    /// A drill-down over 10,000 queues then receives a few dozen series instead of 70,000.
    public var fetchQuery: String {
        guard kind != .trend, sortByValue else { return query }
        return "\(smallestFirst ? "bottomk" : "topk")(\(Self.maxRows), \(query)) or "
            + "label_replace(count(\(query)), \"\(Self.rowCountMark)\", \"total\", \"\", \"\")"
    }

    static func above(_ warn: Double, _ crit: Double) -> Thresholds {
        Thresholds(green: Condition(.less, warn), red: Condition(.greater, crit))
    }

    static func below(_ warn: Double, _ crit: Double) -> Thresholds {
        Thresholds(green: Condition(.greater, warn), red: Condition(.less, crit))
    }

    /// The reference design's deep-dive panels for each principle, with corrected PromQL (rates of counters,
    /// `sum by (le)` before `histogram_quantile`, units as labelled). Listed with their PromQL in docs/board.md ("Panels and their PromQL").
    public static func panels(for id: PrincipleID) -> [Panel] {
        switch id {
        case .jidoka:
            return [
                Panel(
                    "Circuit state by component", "max by (component) (tps_jidoka_circuit_state)",
                    kind: .circuitStates, label: "component", unit: .none, metric: "tps_jidoka_circuit_state",
                    sortByValue: false),
                Panel(
                    "Failure rate by component (/s)", "sum by (component) (rate(tps_jidoka_failures_total[5m]))",
                    label: "component", unit: .perSecond, thresholds: above(0.5, 1), metric: "tps_jidoka_failures_total"
                ),
                Panel(
                    "Failure types (/s)", "sum by (failure_type) (rate(tps_jidoka_failure_types_total[5m]))",
                    label: "failure_type", unit: .perSecond, metric: "tps_jidoka_failure_types_total"),
                Panel(
                    "Recovery time by component", "max by (component) (tps_jidoka_recovery_time_seconds)",
                    label: "component", unit: .seconds, thresholds: above(30, 60),
                    metric: "tps_jidoka_recovery_time_seconds"),
                Panel(
                    "Rejected requests (/s)", "sum by (component) (rate(tps_jidoka_requests_rejected_total[5m]))",
                    label: "component", unit: .perSecond, thresholds: above(0.5, 1),
                    metric: "tps_jidoka_requests_rejected_total"),
                Panel(
                    "Half-open success rate", "100 * max by (component) (tps_jidoka_halfopen_success_rate)",
                    label: "component", unit: .percent, thresholds: below(80, 50),
                    metric: "tps_jidoka_halfopen_success_rate"),
            ]
        case .kanban:
            return [
                Panel(
                    "Depth by queue", "max by (queue_name) (tps_kanban_queue_depth)", label: "queue_name",
                    unit: .items, thresholds: PrincipleSpec.standard(.kanban).thresholds,
                    metric: "tps_kanban_queue_depth"),
                Panel(
                    "Throughput by queue (/s)", "sum by (queue_name) (rate(tps_kanban_throughput_total[5m]))",
                    label: "queue_name", unit: .perSecond, metric: "tps_kanban_throughput_total"),
                Panel(
                    "Lead time P50 by queue",
                    "histogram_quantile(0.5, sum by (queue_name, le) (rate(tps_kanban_latency_seconds_bucket[5m])))",
                    label: "queue_name", unit: .seconds, metric: "tps_kanban_latency_seconds_bucket"),
                Panel(
                    "Lead time P99 by queue",
                    "histogram_quantile(0.99, sum by (queue_name, le) (rate(tps_kanban_latency_seconds_bucket[5m])))",
                    label: "queue_name", unit: .seconds, thresholds: above(3, 5),
                    metric: "tps_kanban_latency_seconds_bucket"),
                Panel(
                    "Dead-letter depth", "max by (queue_name) (tps_kanban_dlq_depth)", label: "queue_name",
                    unit: .items, thresholds: above(50, 100), metric: "tps_kanban_dlq_depth"),
                Panel(
                    "Workers available", "max by (queue_name) (tps_kanban_workers_available)", label: "queue_name",
                    unit: .none, thresholds: Thresholds(green: Condition(.greater, 0), red: Condition(.equal, 0)),
                    metric: "tps_kanban_workers_available", smallestFirst: true),
                Panel(
                    "Queue utilization", "100 * max by (queue_name) (tps_kanban_queue_utilization)",
                    label: "queue_name", unit: .percent, thresholds: above(70, 85),
                    metric: "tps_kanban_queue_utilization"),
            ]
        case .andon:
            return [
                Panel(
                    "Error rate by service", PanelQueries.errorRateByService,
                    label: "service", unit: .percent, thresholds: PrincipleSpec.standard(.andon).thresholds,
                    metric: "tps_andon_requests_total"),
                Panel(
                    "Alert frequency by type (/min)", "60 * sum by (alert_type) (rate(tps_andon_alerts_total[5m]))",
                    label: "alert_type", unit: .perMinute, thresholds: above(5, 10), metric: "tps_andon_alerts_total"),
                Panel(
                    "Mean time to detect by service", "max by (service) (tps_andon_mttd_seconds)", label: "service",
                    unit: .seconds, thresholds: above(120, 300), metric: "tps_andon_mttd_seconds"),
                Panel(
                    "Top error types (/s)", "topk(5, sum by (error_type) (rate(tps_andon_errors_total[5m])))",
                    label: "error_type", unit: .perSecond, metric: "tps_andon_errors_total"),
                Panel(
                    "Error rate (%) against throughput (/s)", PrincipleSpec.standard(.andon).query, kind: .trend,
                    label: "error rate %", unit: .percent, metric: "tps_andon_requests_total"),
                Panel(
                    "Throughput (/s)", "sum(rate(tps_andon_requests_total[5m]))", kind: .trend,
                    label: "requests/s", unit: .perSecond, metric: "tps_andon_requests_total"),
            ]
        case .kaizen:
            return [
                Panel(
                    "Attainment by SLO (target 95 %)", "100 * min by (slo_name) (tps_kaizen_slo_attainment)",
                    label: "slo_name", unit: .percent, thresholds: PrincipleSpec.standard(.kaizen).thresholds,
                    metric: "tps_kaizen_slo_attainment", sortByValue: false),
                Panel(
                    "Weekly trend", "100 * max by (week) (tps_kaizen_slo_attainment_weekly)", label: "week",
                    unit: .percent, thresholds: PrincipleSpec.standard(.kaizen).thresholds,
                    metric: "tps_kaizen_slo_attainment_weekly", sortByValue: false),
                Panel(
                    "Latency outliers (/min)", "60 * sum(rate(tps_kaizen_outliers_detected_total[5m]))", label: "",
                    unit: .perMinute, thresholds: above(5, 10), metric: "tps_kaizen_outliers_detected_total"),
                Panel(
                    "Recommendations by type (1h)",
                    "sum by (recommendation_type) (increase(tps_kaizen_recommendations_total[1h]))",
                    label: "recommendation_type", unit: .none, metric: "tps_kaizen_recommendations_total"),
                Panel(
                    "Week-over-week P99 latency", PanelQueries.weekOverWeek,
                    label: "window", unit: .seconds, thresholds: PrincipleSpec.standard(.tracing).thresholds,
                    metric: "tps_tracing_duration_seconds_bucket", sortByValue: false),
            ]
        case .heijunka:
            return [
                Panel(
                    "Utilization by pool", "100 * max by (pool_name) (tps_heijunka_pool_utilization)",
                    label: "pool_name", unit: .percent, thresholds: PrincipleSpec.standard(.heijunka).thresholds,
                    metric: "tps_heijunka_pool_utilization"),
                Panel(
                    "Load-balance coefficient (1 = even)", "min(tps_heijunka_balance_coefficient)", label: "",
                    unit: .none, thresholds: below(0.8, 0.7), metric: "tps_heijunka_balance_coefficient"),
                Panel(
                    "Scaling events (1h)", "sum by (pool_name) (increase(tps_heijunka_scaling_events_total[1h]))",
                    label: "pool_name", unit: .none, metric: "tps_heijunka_scaling_events_total"),
                Panel(
                    "Bursts (15m)", "sum by (pool_name) (increase(tps_heijunka_burst_detected_total[15m]))",
                    label: "pool_name", unit: .none, thresholds: above(3, 5),
                    metric: "tps_heijunka_burst_detected_total"),
                Panel(
                    "Scaling cost (1h)", "sum by (pool_name) (increase(tps_heijunka_scaling_cost_total[1h]))",
                    label: "pool_name", unit: .none, thresholds: above(50, 100),
                    metric: "tps_heijunka_scaling_cost_total"),
            ]
        case .tracing:
            return [
                Panel(
                    "P99 latency by component",
                    "histogram_quantile(0.99, sum by (component, le) (rate(tps_tracing_duration_seconds_bucket[5m])))",
                    label: "component", unit: .seconds, thresholds: PrincipleSpec.standard(.tracing).thresholds,
                    metric: "tps_tracing_duration_seconds_bucket"),
                Panel(
                    "P50 / P95 / P99 over time", PanelQueries.quantiles,
                    kind: .trend, label: "quantile", unit: .seconds, metric: "tps_tracing_duration_seconds_bucket"),
                Panel(
                    "Request volume by endpoint (/s)", "sum by (endpoint) (rate(tps_tracing_requests_total[5m]))",
                    label: "endpoint", unit: .perSecond, metric: "tps_tracing_requests_total"),
                Panel(
                    "Error traces by component (/s)",
                    "sum by (error_component) (rate(tps_tracing_error_traces_total[5m]))", label: "error_component",
                    unit: .perSecond, metric: "tps_tracing_error_traces_total"),
                Panel(
                    "Top 5 slowest components (mean)",
                    "topk(5, max by (component) (tps_tracing_component_latency_seconds))", label: "component",
                    unit: .seconds, metric: "tps_tracing_component_latency_seconds"),
            ]
        }
    }

    /// The query that names the member driving a headline (the tile's culprit).
    /// How many open circuits the Jidoka culprit line names.
    public static let jidokaCulpritNames = 5

    /// The label that marks which principle a series of `culpritsQuery` belongs to.
    public static let culpritPrinciple = "andon_principle"

    /// The six culprit queries as one: each marked with its principle by `label_replace`, joined by `or` (the marks
    /// keep every series apart). Part of `OverviewQuery.joined`, and a request of its own when the board asks
    /// again; culprits carry no status, so when it fails only the culprit lines are missing.
    public static let culpritsQuery: String = PrincipleID.allCases.map { id in
        "label_replace(\(culpritQuery(for: id).query), \"\(culpritPrinciple)\", \"\(id.rawValue)\", \"\", \"\")"
    }.joined(separator: " or ")

    public static func culpritQuery(for id: PrincipleID) -> (query: String, label: String, unit: Unit) {
        switch id {
        // At most `jidokaCulpritNames` + 1 open circuits: the line names a few and says when there are more (the
        // headline says how many), so the answer stays small when thousands of circuits open at once.
        case .jidoka:
            ("topk(\(jidokaCulpritNames + 1), max by (component) (tps_jidoka_circuit_state) == 1)", "component", .none)
        case .kanban: ("topk(1, max by (queue_name) (tps_kanban_queue_depth))", "queue_name", .items)
        case .andon: ("topk(1, sum by (service) (rate(tps_andon_errors_total[5m])))", "service", .perSecond)
        case .kaizen: ("bottomk(1, 100 * min by (slo_name) (tps_kaizen_slo_attainment))", "slo_name", .percent)
        case .heijunka: ("topk(1, 100 * max by (pool_name) (tps_heijunka_pool_utilization))", "pool_name", .percent)
        case .tracing:
            (
                "topk(1, histogram_quantile(0.99, sum by (component, le) (rate(tps_tracing_duration_seconds_bucket[5m]))))",
                "component", .seconds
            )
        }
    }
}

/// The longer panel queries, built once here so the panel list stays a plain table.
enum PanelQueries {
    static let errorRateByService: String = {
        let errors = "sum by (service) (rate(tps_andon_errors_total[5m]))"
        let requests = "sum by (service) (rate(tps_andon_requests_total[5m]))"
        return "100 * (\(errors) or 0 * \(requests)) / \(requests)"
    }()

    static func p99(offset: String) -> String {
        "histogram_quantile(0.99, sum by (le) (rate(tps_tracing_duration_seconds_bucket[5m]\(offset))))"
    }

    static let weekOverWeek: String = {
        let now = "label_replace(\(p99(offset: "")), \"window\", \"this week\", \"\", \"\")"
        let before = "label_replace(\(p99(offset: " offset 1w")), \"window\", \"a week earlier\", \"\", \"\")"
        return "\(now) or \(before)"
    }()

    static let quantiles: String = {
        var parts: [String] = []
        for (q, name) in [("0.5", "P50"), ("0.95", "P95"), ("0.99", "P99")] {
            let quantile = "histogram_quantile(\(q), sum by (le) (rate(tps_tracing_duration_seconds_bucket[5m])))"
            parts.append("label_replace(\(quantile), \"quantile\", \"\(name)\", \"\", \"\")")
        }
        return parts.joined(separator: " or ")
    }()
}
