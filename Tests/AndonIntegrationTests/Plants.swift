import AndonCore
import AndonTestSupport

/// Plants whose headline figures are known exactly, for the status and boundary tests.
enum Plants {
    /// Headline targets of a plant: circuits open out of ten, deepest queue, errors per 200 requests/s,
    /// worst SLO (fraction), average pool utilization (fraction), and the tracing histogram's cumulative
    /// rates at 2.5 s, 3 s, 5 s and 10 s out of 100 observations/s.
    struct Figures {
        var openCircuits: Int
        var deepestQueue: Double
        var errorsPerSecond: Double?
        var worstSLO: Double
        var poolUtilization: Double
        var latencyBuckets: (Double, Double, Double, Double)
    }

    static func plant(_ f: Figures) -> Plant {
        var plant = Plant()
        // Ten circuits: the open ones, one half-open (which is not open), the rest closed.
        for index in 0..<10 {
            let state: Double = index < f.openCircuits ? 1 : (index == f.openCircuits ? 2 : 0)
            plant.gauges.append(.init("tps_jidoka_circuit_state", ["component": "c\(index)"], state))
        }
        plant.gauges.append(.init("tps_kanban_queue_depth", ["queue_name": "orders"], f.deepestQueue))
        plant.gauges.append(.init("tps_kanban_queue_depth", ["queue_name": "billing"], 3))
        plant.counters.append(.init("tps_andon_requests_total", ["service": "api"], 150))
        plant.counters.append(.init("tps_andon_requests_total", ["service": "web"], 50))
        if let errors = f.errorsPerSecond {
            plant.counters.append(
                .init("tps_andon_errors_total", ["service": "api", "error_type": "timeout"], errors / 2))
            plant.counters.append(.init("tps_andon_errors_total", ["service": "web", "error_type": "5xx"], errors / 2))
        }
        plant.gauges.append(.init("tps_kaizen_slo_attainment", ["slo_name": "checkout"], f.worstSLO))
        plant.gauges.append(.init("tps_kaizen_slo_attainment", ["slo_name": "search"], 0.999))
        // Two pools whose average is the target.
        plant.gauges.append(.init("tps_heijunka_pool_utilization", ["pool_name": "a"], f.poolUtilization - 0.05))
        plant.gauges.append(.init("tps_heijunka_pool_utilization", ["pool_name": "b"], f.poolUtilization + 0.05))
        let (b25, b3, b5, b10) = f.latencyBuckets
        plant.histogram(
            "tps_tracing_duration_seconds", ["component": "db", "endpoint": "/checkout"],
            buckets: [(0.5, b25 / 2), (2.5, b25), (3, b3), (5, b5), (10, b10)], total: 100, sum: 150)
        return plant
    }

    /// Just inside green everywhere: 0 open, 499 deep, 0.49 %, 95.1 %, 69.9 %, P99 2.5 s.
    static let green = Figures(
        openCircuits: 0, deepestQueue: 499, errorsPerSecond: 0.98, worstSLO: 0.951, poolUtilization: 0.699,
        latencyBuckets: (99, 99.5, 100, 100))
    /// Exactly on the lower boundaries of yellow: 30 %, 500, 0.5 %, 95 %, 70 %, P99 3 s.
    static let yellowLow = Figures(
        openCircuits: 3, deepestQueue: 500, errorsPerSecond: 1, worstSLO: 0.95, poolUtilization: 0.70,
        latencyBuckets: (50, 99, 100, 100))
    /// Exactly on the upper boundaries of yellow: 30 %, 1000, 1 %, 90 %, 85 %, P99 5 s.
    static let yellowHigh = Figures(
        openCircuits: 3, deepestQueue: 1000, errorsPerSecond: 2, worstSLO: 0.90, poolUtilization: 0.85,
        latencyBuckets: (50, 60, 99, 100))
    /// Just past red: 40 %, 1001, 1.1 %, 89.9 %, 85.1 %, P99 7.5 s.
    static let red = Figures(
        openCircuits: 4, deepestQueue: 1001, errorsPerSecond: 2.2, worstSLO: 0.899, poolUtilization: 0.851,
        latencyBuckets: (50, 60, 98, 100))

    /// The figures as the headline queries compute them, in board order.
    static func expected(_ f: Figures) -> [Double] {
        let (_, b3, b5, b10) = f.latencyBuckets
        let p99: Double
        if b3 >= 99 {
            p99 = b3 == 99 ? 3 : 2.5 + 0.5 * (99 - f.latencyBuckets.0) / (b3 - f.latencyBuckets.0)
        } else if b5 >= 99 {
            p99 = 3 + 2 * (99 - b3) / (b5 - b3)
        } else {
            p99 = 5 + 5 * (99 - b5) / (b10 - b5)
        }
        return [
            Double(f.openCircuits) * 10, f.deepestQueue, (f.errorsPerSecond ?? 0) / 2, f.worstSLO * 100,
            f.poolUtilization * 100, p99,
        ]
    }
}
