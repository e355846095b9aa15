/// Fetches what the handover digest of one line reads, in one concurrent batch: each headline over the window, the
/// firing `ALERTS` series over it (routed to the line's principles, in its scope), and the alert source's holds
/// when one is configured (the acknowledgements, and the silences in force at the end).
public struct HandoverFetcher: Sendable {
    public let client: PrometheusClient
    public let alertSource: (any AlertSource)?
    public let config: Config

    public init(client: PrometheusClient, config: Config, alertSource: (any AlertSource)? = nil) {
        self.client = client
        self.config = config
        self.alertSource = alertSource
    }

    /// Prometheus answers at most 11,000 points a series: a longer window is asked at a coarser step.
    public static func step(_ step: Double, from: Double, to: Double) -> Double {
        max(step, ((to - from) / 11_000).rounded(.up))
    }

    public static let alertsQuery = "ALERTS{alertstate=\"firing\"}"

    /// What the digest of one line reads over `from`…`to`, the series taken every `step` seconds.
    public func inputs(from: Double, to: Double, step: Double) async -> HandoverInputs {
        let requests =
            config.principles.map { PrometheusClient.range($0.query, start: from, end: to, step: step) }
            + [PrometheusClient.range(Self.alertsQuery, start: from, end: to, step: step)]
        async let holds = alertSource?.holds()
        let answers = await client.send(requests)
        let headlines = zip(config.principles, answers).map { spec, answer in
            (
                spec: spec,
                series: answer.decoded(Reading.decode).flatMap { response -> Result<[Point], PrometheusError> in
                    guard case .matrix(let matrix) = response.result else {
                        return .failure(.malformed("the headline's range query returned a \(response.result.typeName)"))
                    }
                    return .success(matrix.first?.points ?? [])
                }
            )
        }
        let routing = AlertRouting(profile: config.profile)
        let alerts = answers[requests.count - 1].decoded(ResponseDecoder.query).flatMap {
            response -> Result<[(labels: Labels, principle: PrincipleID?, points: [Point])], PrometheusError> in
            guard case .matrix(let matrix) = response.result else {
                return .failure(.malformed("the ALERTS range query returned a \(response.result.typeName)"))
            }
            return .success(
                matrix.compactMap { series in
                    var labels = series.labels
                    labels["__name__"] = nil
                    labels["alertstate"] = nil
                    // In the board's scope (its line), with its principle.
                    let alert = Alert(labels: labels, annotations: [:], state: .firing, activeAt: nil)
                    guard let routed = routing.route([alert]).first else { return nil }
                    return (labels, routed.principle, series.points)
                })
        }
        return HandoverInputs(headlines: headlines, alerts: alerts, silences: await holds)
    }
}

/// What was fetched for one line: each headline's series over the window (or why not), the firing `ALERTS`
/// series with their principles (or why not), and the alert source's holds when one is configured.
public struct HandoverInputs: Sendable {
    public var headlines: [(spec: PrincipleSpec, series: Result<[Point], PrometheusError>)]
    public var alerts: Result<[(labels: Labels, principle: PrincipleID?, points: [Point])], PrometheusError>
    public var silences: Result<[Silence], PrometheusError>?

    public init(
        headlines: [(spec: PrincipleSpec, series: Result<[Point], PrometheusError>)],
        alerts: Result<[(labels: Labels, principle: PrincipleID?, points: [Point])], PrometheusError>,
        silences: Result<[Silence], PrometheusError>?
    ) {
        self.headlines = headlines
        self.alerts = alerts
        self.silences = silences
    }
}
