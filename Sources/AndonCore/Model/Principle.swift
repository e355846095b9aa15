/// One of the six Toyota Production System principles the board watches, in board order.
public enum PrincipleID: String, Sendable, Codable, CaseIterable, Hashable {
    case jidoka
    case kanban
    case andon
    case kaizen
    case heijunka
    case tracing

    /// The name as shown to people.
    public var title: String {
        switch self {
        case .jidoka: "Jidoka"
        case .kanban: "Kanban"
        case .andon: "Andon"
        case .kaizen: "Kaizen"
        case .heijunka: "Heijunka"
        case .tracing: "Tracing"
        }
    }
}

/// What the board measures for one principle: its headline query and the thresholds that colour it.
public struct PrincipleSpec: Sendable, Equatable {
    public var id: PrincipleID
    public var headline: String
    public var query: String
    public var unit: Unit
    public var thresholds: Thresholds

    public init(id: PrincipleID, headline: String, query: String, unit: Unit, thresholds: Thresholds) {
        self.id = id
        self.headline = headline
        self.query = query
        self.unit = unit
        self.thresholds = thresholds
    }

    /// The defaults of the metric contract (docs/metrics.md); every field can be overridden in the config.
    public static func standard(_ id: PrincipleID) -> PrincipleSpec {
        switch id {
        case .jidoka:
            PrincipleSpec(
                id: id, headline: "circuits open",
                query: "100 * sum(tps_jidoka_circuit_state == bool 1) / count(tps_jidoka_circuit_state)",
                unit: .percent, thresholds: Thresholds(green: .init(.equal, 0), red: .init(.greater, 30)))
        case .kanban:
            PrincipleSpec(
                id: id, headline: "deepest queue", query: "max(tps_kanban_queue_depth)",
                unit: .items, thresholds: Thresholds(green: .init(.less, 500), red: .init(.greater, 1000)))
        case .andon:
            PrincipleSpec(
                id: id, headline: "error rate",
                query: "100 * (sum(rate(tps_andon_errors_total[5m])) or vector(0))"
                    + " / sum(rate(tps_andon_requests_total[5m]))",
                unit: .percent, thresholds: Thresholds(green: .init(.less, 0.5), red: .init(.greater, 1)))
        case .kaizen:
            PrincipleSpec(
                id: id, headline: "worst SLO attainment", query: "100 * min(tps_kaizen_slo_attainment)",
                unit: .percent, thresholds: Thresholds(green: .init(.greater, 95), red: .init(.less, 90)))
        case .heijunka:
            PrincipleSpec(
                id: id, headline: "average pool utilization", query: "100 * avg(tps_heijunka_pool_utilization)",
                unit: .percent, thresholds: Thresholds(green: .init(.less, 70), red: .init(.greater, 85)))
        case .tracing:
            PrincipleSpec(
                id: id, headline: "P99 latency",
                query: "histogram_quantile(0.99, sum by (le) (rate(tps_tracing_duration_seconds_bucket[5m])))",
                unit: .seconds, thresholds: Thresholds(green: .init(.less, 3), red: .init(.greater, 5)))
        }
    }
}
