import AndonSimCore
import Prometheus
import Synchronization

/// Turns the plant's ticks into swift-prometheus collectors, which serve the text exposition on `/metrics`.
final class MetricsSink: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let collectors = Mutex(Collectors())

    struct Collectors {
        var gauges: [String: Gauge] = [:]
        var counters: [String: Counter] = [:]
        var histograms: [String: ValueHistogram] = [:]
    }

    /// Buckets in seconds; they include the board's Tracing thresholds (3 s, 5 s) so the P99 is exact there.
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5, 10, 30]

    static let help: [String: String] = [
        "tps_jidoka_circuit_state": "Circuit breaker state: 0 closed, 1 open, 2 half-open.",
        "tps_jidoka_failures_total": "Calls that failed, by component.",
        "tps_jidoka_requests_rejected_total": "Calls rejected by an open circuit, by component.",
        "tps_jidoka_failure_types_total": "Failures by type.",
        "tps_jidoka_recovery_time_seconds": "Duration of the last open-to-closed recovery.",
        "tps_jidoka_halfopen_success_rate": "Share of successful half-open probes (0-1).",
        "tps_kanban_queue_depth": "Items waiting in the queue.",
        "tps_kanban_dlq_depth": "Items in the dead-letter queue.",
        "tps_kanban_workers_available": "Idle workers that can pull work.",
        "tps_kanban_queue_utilization": "Queue depth over capacity (0-1).",
        "tps_kanban_throughput_total": "Items completed.",
        "tps_kanban_latency_seconds": "Lead time from enqueue to done.",
        "tps_andon_requests_total": "Requests handled.",
        "tps_andon_errors_total": "Requests that failed.",
        "tps_andon_alerts_total": "Alerts raised by the application.",
        "tps_andon_mttd_seconds": "Mean time to detect a problem.",
        "tps_kaizen_slo_attainment": "SLO attainment over the SLO window (0-1).",
        "tps_kaizen_slo_attainment_weekly": "SLO attainment of each week (0-1).",
        "tps_kaizen_outliers_detected_total": "Latency outliers detected.",
        "tps_kaizen_recommendations_total": "Improvement recommendations made.",
        "tps_heijunka_pool_utilization": "Busy workers over pool size (0-1).",
        "tps_heijunka_balance_coefficient": "Evenness of load across pools (0-1, 1 is even).",
        "tps_heijunka_scaling_events_total": "Pool resizes.",
        "tps_heijunka_burst_detected_total": "Load bursts detected.",
        "tps_heijunka_scaling_cost_total": "Cost units spent on scaling.",
        "tps_tracing_duration_seconds": "Latency of a component on a request's path.",
        "tps_tracing_requests_total": "Requests per endpoint.",
        "tps_tracing_component_latency_seconds": "Mean recent latency of a component.",
        "tps_tracing_error_traces_total": "Traces that ended in an error, by failing component.",
    ]

    static func key(_ metric: MetricValue) -> String {
        metric.name + "{" + metric.labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    /// Applies a tick; `line` (a plant of several lines) is added to every series as the `line` label.
    func apply(_ tick: Tick, line: String? = nil) {
        let tick = line.map { tick.labelled("line", $0) } ?? tick
        collectors.withLock { collectors in
            for metric in tick.gauges {
                let key = Self.key(metric)
                let gauge =
                    collectors.gauges[key]
                    ?? registry.makeGauge(descriptor: Self.descriptor(metric.name), labels: metric.labels)
                collectors.gauges[key] = gauge
                gauge.set(metric.value)
            }
            for metric in tick.counters {
                let key = Self.key(metric)
                let counter =
                    collectors.counters[key]
                    ?? registry.makeCounter(descriptor: Self.descriptor(metric.name), labels: metric.labels)
                collectors.counters[key] = counter
                if metric.value > 0 { counter.increment(by: metric.value) }
            }
            for metric in tick.observations {
                let key = Self.key(metric)
                let histogram =
                    collectors.histograms[key]
                    ?? registry.makeValueHistogram(
                        descriptor: Self.descriptor(metric.name), labels: metric.labels, buckets: Self.latencyBuckets)
                collectors.histograms[key] = histogram
                histogram.record(metric.value)
            }
        }
    }

    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
