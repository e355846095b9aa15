/// Carries out the board's fetch effects over a `PrometheusClient` and answers with events. Every fetch is one
/// concurrent batch, so it costs about one round trip.
public struct BoardFetcher: Sendable {
    public let client: PrometheusClient
    public let config: Config
    /// Evaluation time for history mode (nil: now).
    public var at: Double?

    public init(client: PrometheusClient, config: Config, at: Double? = nil) {
        self.client = client
        self.config = config
        self.at = at
    }

    /// The six headlines, their culprits and the alerts.
    public func overview(now: Double) async -> OverviewData {
        var requests = config.principles.map { PrometheusClient.instant($0.query, at: at) }
        requests.append(at.map(AlertHistory.request) ?? PrometheusClient.alerts)
        requests.append(PrometheusClient.instant(Panel.culpritsQuery, at: at))
        let answers = await client.send(requests)
        let count = config.principles.count
        let readings = zip(config.principles, answers).map { spec, answer in
            Reading.evaluate(spec, answer.decoded(Reading.decode))
        }
        let snapshot = Snapshot(
            evaluatedAt: at ?? now, prometheus: config.prometheus.url, readings: readings,
            alerts: answers[count].decoded(at == nil ? ResponseDecoder.alerts : AlertHistory.decode))
        return OverviewData(
            snapshot: snapshot, culprits: Self.culprits(answers[count + 1]), at: now,
            retryAfter: answers.compactMap { try? $0.get().retryAfter }.max(), asOf: at)
    }

    /// The culprit line of each principle from the answer of `Panel.culpritsQuery` (none where it has no series).
    static func culprits(_ answer: Result<HTTPResponse, PrometheusError>) -> [PrincipleID: String] {
        let queries = Dictionary(uniqueKeysWithValues: PrincipleID.allCases.map { ($0, Panel.culpritQuery(for: $0)) })
        let keep = Set(queries.values.map(\.label)).union([Panel.culpritPrinciple])
        guard
            case .success(let response) = answer.decoded({ (response) throws(PrometheusError) in
                try ResponseDecoder.query(response, keepingLabels: keep)
            }),
            case .vector(let samples) = response.result
        else { return [:] }
        var culprits: [PrincipleID: String] = [:]
        for (id, query) in queries {
            let own = samples.filter { $0.labels[Panel.culpritPrinciple] == id.rawValue }
            guard !own.isEmpty else { continue }
            culprits[id] = culprit(id, own, label: query.label, unit: query.unit)
        }
        return culprits
    }

    static func culprit(_ id: PrincipleID, _ samples: [Sample], label: String, unit: Unit) -> String {
        let names = samples.map { $0.labels[label] ?? "?" }
        switch id {
        case .jidoka:
            return "open: " + names.sorted().joined(separator: ", ")
        case .andon:
            return "\(names[0]): " + NumberText.value(samples[0].value, unit: unit) + " errors"
        default:
            return "\(names[0]): " + NumberText.value(samples[0].value, unit: unit)
        }
    }

    /// The six headline queries over `range`, fine enough for the status history ("red for 12m"): a step of
    /// `range / 720`, at least 15 s, and never coarser than `points` points (a tile's columns).
    public func trends(_ range: TrendRange, points: Int, now: Double) async -> TrendData {
        let end = at ?? now
        let coarse = max(1, (range.seconds / Double(max(points, 2))).rounded(.up))
        let step = min(coarse, Self.historyStep(range))
        let requests = config.principles.map {
            PrometheusClient.range($0.query, start: end - range.seconds, end: end, step: step)
        }
        let answers = await client.send(requests)
        var series: [PrincipleID: [Point]] = [:]
        var error: String?
        for (spec, answer) in zip(config.principles, answers) {
            switch answer.decoded(Reading.decode) {
            case .success(let response):
                if case .matrix(let matrix) = response.result { series[spec.id] = matrix.first?.points ?? [] }
            case .failure(let failure):
                error = failure.description
            }
        }
        return TrendData(
            range: range, series: series, error: error, at: now,
            window: TrendWindow(start: end - range.seconds, end: end, step: step), asOf: at)
    }

    /// The status history's resolution over `range`: 720 steps, but not under 15 s.
    public static func historyStep(_ range: TrendRange) -> Double {
        max(15, (range.seconds / 720).rounded(.up))
    }

    /// The panels of a drill-down: instant queries for rows, range queries for trends.
    public func drill(_ id: PrincipleID, range: TrendRange, points: Int, now: Double) async -> DrillData {
        let panels = Panel.panels(for: id)
        let end = at ?? now
        let step = max(1, (range.seconds / Double(max(points, 2))).rounded(.up))
        let requests = panels.map { panel in
            panel.kind == .trend
                ? PrometheusClient.range(panel.query, start: end - range.seconds, end: end, step: step)
                : PrometheusClient.instant(panel.query, at: at)
        }
        let answers = await client.send(requests)
        let results = zip(panels, answers).map { panel, answer in
            // A panel shows one label of each series: only that one is kept (10,000 rows stay small).
            Self.result(
                panel,
                answer.decoded { (response) throws(PrometheusError) in
                    try ResponseDecoder.query(response, keepingLabels: [panel.label])
                })
        }
        return DrillData(principle: id, panels: results, at: now, asOf: at)
    }

    /// Rows (sorted) or series of one panel, or its problem: an error, or "no <metric> series".
    public static func result(_ panel: Panel, _ answer: Result<QueryResponse, PrometheusError>) -> PanelResult {
        switch answer {
        case .failure(let error):
            return PanelResult(problem: error.description)
        case .success(let response):
            switch response.result {
            case .vector(let samples):
                guard !samples.isEmpty else { return PanelResult(problem: "no \(panel.metric) series") }
                var rows = samples.map { PanelResult.Row(label: $0.labels[panel.label] ?? "", value: $0.value) }
                if panel.sortByValue {
                    rows.sort { ($0.value.isNaN ? -.infinity : $0.value) > ($1.value.isNaN ? -.infinity : $1.value) }
                } else {
                    rows.sort { $0.label < $1.label }
                }
                return PanelResult(rows: rows)
            case .matrix(let matrix):
                guard !matrix.isEmpty else { return PanelResult(problem: "no \(panel.metric) series") }
                let series = matrix.map { (label: $0.labels[panel.label] ?? panel.label, points: $0.points) }
                    .sorted { $0.label < $1.label }
                return PanelResult(series: series)
            case .scalar(let point):
                return PanelResult(rows: [PanelResult.Row(label: "", value: point.value)])
            case .string:
                return PanelResult(problem: "the query returns a string")
            }
        }
    }
}
