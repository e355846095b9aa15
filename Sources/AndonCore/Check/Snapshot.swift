/// One refresh of the overview: the six readings and the alerts, as of one instant.
public struct Snapshot: Sendable, Equatable {
    /// The evaluation instant, seconds since the epoch.
    public var evaluatedAt: Double
    /// The Prometheus base URL read.
    public var prometheus: String
    public var readings: [Reading]
    /// The firing and pending alerts in board order, or why they could not be read.
    public var alerts: Result<[Alert], PrometheusError>

    public init(
        evaluatedAt: Double, prometheus: String, readings: [Reading], alerts: Result<[Alert], PrometheusError>
    ) {
        self.evaluatedAt = evaluatedAt
        self.prometheus = prometheus
        self.readings = readings
        self.alerts = alerts.map { $0.sorted(by: Alert.boardOrder) }
    }

    /// Red if any principle is red; else unknown if any is unknown or the alerts cannot be read (the board
    /// cannot see everything); else yellow if any is yellow; green only when all six are green.
    public var overall: Status {
        var status = Status.worst(readings.map(\.status))
        if case .failure = alerts, status < .unknown { status = .unknown }
        return status
    }

    /// Fetches the six headlines and the alerts in one concurrent batch.
    public static func fetch(client: PrometheusClient, config: Config, at time: Double?, now: Double) async
        -> Snapshot
    {
        var requests = config.principles.map { PrometheusClient.instant($0.query, at: time) }
        // `/api/v1/alerts` knows only the present; the past is in the ALERTS series.
        requests.append(time.map(AlertHistory.request) ?? PrometheusClient.alerts)
        let answers = await client.send(requests)
        let readings = zip(config.principles, answers).map { spec, answer in
            Reading.evaluate(spec, answer.decoded(Reading.decode))
        }
        return Snapshot(
            evaluatedAt: time ?? now, prometheus: config.prometheus.url, readings: readings,
            alerts: answers[config.principles.count].decoded(
                time == nil ? ResponseDecoder.alerts : AlertHistory.decode))
    }
}
