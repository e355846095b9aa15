/// The metrics andon reads (docs/metrics.md), for checks such as "is every contract metric scraped?".
public enum MetricContract {
    public enum Kind: String, Sendable {
        case gauge
        case counter
        case histogram
    }

    public struct Metric: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var labels: [String]
        public var principle: PrincipleID

        /// The series name to look for: histograms are stored as `_bucket`, `_sum` and `_count` series.
        public var seriesName: String { kind == .histogram ? name + "_bucket" : name }
    }

    public static let metrics: [Metric] = [
        Metric(name: "tps_jidoka_circuit_state", kind: .gauge, labels: ["component"], principle: .jidoka),
        Metric(name: "tps_jidoka_failures_total", kind: .counter, labels: ["component"], principle: .jidoka),
        Metric(name: "tps_jidoka_requests_rejected_total", kind: .counter, labels: ["component"], principle: .jidoka),
        Metric(name: "tps_jidoka_failure_types_total", kind: .counter, labels: ["failure_type"], principle: .jidoka),
        Metric(name: "tps_jidoka_recovery_time_seconds", kind: .gauge, labels: ["component"], principle: .jidoka),
        Metric(name: "tps_jidoka_halfopen_success_rate", kind: .gauge, labels: ["component"], principle: .jidoka),
        Metric(name: "tps_kanban_queue_depth", kind: .gauge, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_kanban_dlq_depth", kind: .gauge, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_kanban_workers_available", kind: .gauge, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_kanban_queue_utilization", kind: .gauge, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_kanban_throughput_total", kind: .counter, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_kanban_latency_seconds", kind: .histogram, labels: ["queue_name"], principle: .kanban),
        Metric(name: "tps_andon_requests_total", kind: .counter, labels: ["service"], principle: .andon),
        Metric(name: "tps_andon_errors_total", kind: .counter, labels: ["service", "error_type"], principle: .andon),
        Metric(name: "tps_andon_alerts_total", kind: .counter, labels: ["alert_type"], principle: .andon),
        Metric(name: "tps_andon_mttd_seconds", kind: .gauge, labels: ["service"], principle: .andon),
        Metric(name: "tps_kaizen_slo_attainment", kind: .gauge, labels: ["slo_name"], principle: .kaizen),
        Metric(name: "tps_kaizen_slo_attainment_weekly", kind: .gauge, labels: ["week"], principle: .kaizen),
        Metric(name: "tps_kaizen_outliers_detected_total", kind: .counter, labels: [], principle: .kaizen),
        Metric(
            name: "tps_kaizen_recommendations_total", kind: .counter, labels: ["recommendation_type"],
            principle: .kaizen),
        Metric(name: "tps_heijunka_pool_utilization", kind: .gauge, labels: ["pool_name"], principle: .heijunka),
        Metric(name: "tps_heijunka_balance_coefficient", kind: .gauge, labels: [], principle: .heijunka),
        Metric(name: "tps_heijunka_scaling_events_total", kind: .counter, labels: ["pool_name"], principle: .heijunka),
        Metric(name: "tps_heijunka_burst_detected_total", kind: .counter, labels: ["pool_name"], principle: .heijunka),
        Metric(name: "tps_heijunka_scaling_cost_total", kind: .counter, labels: ["pool_name"], principle: .heijunka),
        Metric(
            name: "tps_tracing_duration_seconds", kind: .histogram, labels: ["component", "endpoint"],
            principle: .tracing),
        Metric(name: "tps_tracing_requests_total", kind: .counter, labels: ["endpoint"], principle: .tracing),
        Metric(
            name: "tps_tracing_component_latency_seconds", kind: .gauge, labels: ["component"], principle: .tracing),
        Metric(
            name: "tps_tracing_error_traces_total", kind: .counter, labels: ["error_component"], principle: .tracing),
    ]
}
