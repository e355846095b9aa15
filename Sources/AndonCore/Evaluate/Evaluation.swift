/// One refresh of the overview: the six readings and the alerts, as of one instant.
public struct Evaluation: Sendable, Equatable {
    /// The evaluation instant, seconds since the epoch.
    public var evaluatedAt: Double
    /// The Prometheus base URL read.
    public var prometheus: String
    public var readings: [Reading]
    /// The firing and pending alerts in board order, or why they could not be read.
    public var alerts: Result<[Alert], PrometheusError>
    /// Each principle's culprit line ("orders: 1,200 items"), where its culprit query named one.
    public var culprits: [PrincipleID: String] = [:]
    /// The first out of the cascade on at the instant (`FirstOut`), where its history was read.
    public var firstOut: PrincipleID?
    /// Kaizen's error budgets, where the profile reads them (`budget:`); nil: it does not.
    public var budgets: Result<[BudgetReading], PrometheusError>?

    public init(
        evaluatedAt: Double, prometheus: String, readings: [Reading], alerts: Result<[Alert], PrometheusError>
    ) {
        self.evaluatedAt = evaluatedAt
        self.prometheus = prometheus
        self.readings = readings
        self.alerts = alerts.map { $0.sorted(by: Alert.boardOrder) }
    }

    /// What could not be read at `at`: every principle of `config` unknown and the alerts unreadable, with the
    /// reason (a line whose variables cannot be listed, a source that does not answer in time).
    public static func blind(
        _ config: Config, reason: String, at: Double, kind: TransportError.Kind = .other
    ) -> Evaluation {
        let error = PrometheusError.transport(TransportError(kind, reason))
        return Evaluation(
            evaluatedAt: at, prometheus: config.prometheus.url,
            readings: config.principles.map { Reading.evaluate($0, .failure(error)) }, alerts: .failure(error))
    }

    /// The overall verdict (`Evaluation.verdict`).
    public var overall: Status {
        Self.verdict(readings.map(\.status), alertsReadable: alerts.isSuccess)
    }

    /// Red if any principle is red; else unknown if any is unknown or the alerts cannot be read (the board
    /// cannot see everything); else yellow if any is yellow; green only when all are green. The one rule for
    /// the board, `snapshot` and `check`.
    public static func verdict(_ statuses: [Status], alertsReadable: Bool) -> Status {
        let status = Status.worst(statuses)
        return !alertsReadable && status < .unknown ? .unknown : status
    }
}

extension Result {
    /// Whether this is a success (the alerts could be read).
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
