/// Reads what the alarm-health figures need over a window, in one batch: `ALERTS_FOR_STATE` (its value is each
/// alert's `activeAt`, a new one at each raise, so raises closer together than the query's step are each counted)
/// and the firing `ALERTS` series, in the board's scope; and the alert source's holds for the acknowledgements.
/// An alert without `ALERTS_FOR_STATE` is counted from its firing periods, to a step.
public struct AlarmHealthFetcher: Sendable {
    public let client: PrometheusClient
    public let alertSource: (any AlertSource)?
    public let config: Config

    public init(client: PrometheusClient, config: Config, alertSource: (any AlertSource)? = nil) {
        self.client = client
        self.config = config
        self.alertSource = alertSource
    }

    public static let forStateQuery = "ALERTS_FOR_STATE"

    /// The figures of `from`…`to`, the series taken every `step` seconds; or why they cannot be read.
    public func health(from: Double, to: Double, step: Double) async -> Result<AlarmHealth, PrometheusError> {
        await records(from: from, to: to, step: step).map {
            AlarmHealth.of($0.records, acks: $0.acks, from: from, to: to)
        }
    }

    /// What the figures are worked out from: each alert's raises over `from`…`to` (sorted by its labels), and the
    /// alert source's holds (none when it has none or did not answer).
    public func records(from: Double, to: Double, step: Double) async -> Result<
        (records: [AlarmHealth.Record], acks: [Silence]), PrometheusError
    > {
        async let holds = alertSource?.holds()
        let answers = await client.send([
            PrometheusClient.range(HandoverFetcher.alertsQuery, start: from, end: to, step: step),
            PrometheusClient.range(Self.forStateQuery, start: from, end: to, step: step),
        ])
        let routing = AlertRouting(profile: config.profile)
        /// Each series of an answer by its labels (without the name and the state), in the board's scope.
        func series(_ answer: Result<HTTPResponse, PrometheusError>) -> Result<
            [[String: String]: [Point]], PrometheusError
        > {
            answer.decoded(ResponseDecoder.query).flatMap { response in
                guard case .matrix(let matrix) = response.result else {
                    return .failure(.malformed("a range query of the alerts returned a \(response.result.typeName)"))
                }
                var out: [[String: String]: [Point]] = [:]
                for one in matrix {
                    var labels = one.labels
                    labels["__name__"] = nil
                    labels["alertstate"] = nil
                    guard
                        !routing.route([Alert(labels: labels, annotations: [:], state: .firing, activeAt: nil)]).isEmpty
                    else { continue }
                    out[labels, default: []] += one.points
                }
                return .success(out)
            }
        }
        let firing: [[String: String]: [Point]]
        switch series(answers[0]) {
        case .success(let found): firing = found
        case .failure(let error): return .failure(error)
        }
        // Without ALERTS_FOR_STATE (a Prometheus that does not write it), the firing periods alone.
        let forState = (try? series(answers[1]).get()) ?? [:]
        var records: [AlarmHealth.Record] = []
        for (labels, points) in firing {
            let points = points.sorted { $0.timestamp < $1.timestamp }
            var raises: [Double] = []
            // The activeAt at each instant: an alert raised again has a new one.
            var activeAt: [Double: Double] = [:]
            for point in forState[labels] ?? [] where point.value.isFinite { activeAt[point.timestamp] = point.value }
            if activeAt.isEmpty {
                // A period already under way at the window's start was raised before it.
                raises = AlarmHealth.periods(points, step: step, end: to).map(\.from).filter { $0 > from }
            } else {
                // A raise is an activeAt the alert was firing with.
                for point in points {
                    if let raised = activeAt[point.timestamp], raises.last != raised { raises.append(raised) }
                }
            }
            let firingAtEnd = (points.last?.timestamp ?? -.infinity) >= to - step * 1.5
            let since =
                firingAtEnd
                ? (points.last.flatMap { activeAt[$0.timestamp] }
                    ?? AlarmHealth.periods(points, step: step, end: to).last?.from) : nil
            records.append(AlarmHealth.Record(labels: labels, raises: raises, firingSince: since))
        }
        records.sort { $0.detail + $0.name < $1.detail + $1.name }
        let acks = (try? (await holds)?.get()) ?? []
        return .success((records, acks))
    }
}
