/// Carries out the board's fetch effects over a `PrometheusClient` and answers with events. Every fetch is one
/// concurrent batch, so it costs about one round trip.
public struct BoardFetcher: Sendable {
    public let client: PrometheusClient
    /// The alert source beside Prometheus, when one is configured.
    public let alertSource: (any AlertSource)?
    public let config: Config
    /// Evaluation time for history mode (nil: now).
    public var at: Double?

    /// `OverviewQuery.joined` of the configured headlines, built once.
    let joinedQuery: String?
    /// The profile's alert matchers, parsed once.
    let routing: AlertRouting

    public init(client: PrometheusClient, config: Config, at: Double? = nil, alertSource: (any AlertSource)? = nil) {
        self.client = client
        self.alertSource = alertSource
        self.config = config
        self.at = at
        joinedQuery = OverviewQuery.joined(config.principles, profile: config.profile)
        routing = AlertRouting(profile: config.profile)
    }

    /// The six headlines, their culprits and the alerts: two requests (`OverviewQuery`), or, when the joined
    /// query is refused or answered in part, a second batch with one request per headline and one for the culprits.
    public func overview(now: Double) async -> OverviewData {
        var (answers, managed) = await alongsideSource {
            await client.send([alertsRequest] + (joinedQuery.map { [PrometheusClient.instant($0, at: at)] } ?? []))
        }
        let alertsAnswer = answers[0]
        let outcome =
            answers.count > 1
            ? OverviewQuery.split(answers[1], principles: config.principles, profile: config.profile) : .askAgain
        let headlines: [Result<QueryResponse, PrometheusError>]
        let culprits: [PrincipleID: String]
        switch outcome {
        case .split(let split, let lines):
            (headlines, culprits) = (split, lines)
        case .askAgain:
            let culpritsQuery = config.profile.culpritsQuery
            let again = await client.send(
                headlineRequests + (culpritsQuery.map { [PrometheusClient.instant($0, at: at)] } ?? []))
            headlines = again.prefix(headlineRequests.count).map { $0.decoded(Reading.decode) }
            culprits = culpritsQuery == nil ? [:] : Culprits.lines(again[again.count - 1], profile: config.profile)
            answers += again
        }
        var data = OverviewData(
            evaluation: evaluation(headlines, alertsAnswer, managed: managed, now: now), culprits: culprits,
            at: now,
            retryAfter: answers.compactMap { try? $0.get().retryAfter }.max())
        data.stamp = Stamp(asOf: at, config: config)
        return data
    }

    /// What `check` reads: the headlines, the alerts and the culprits in one batch, a request each (the culprits
    /// as one query, `Profile.culpritsQuery`), so that a script learns which queue or server is to blame.
    public func evaluation(now: Double) async -> Evaluation {
        let culpritsQuery = config.profile.culpritsQuery
        let budgets = budgetSource.map { BudgetFetch.requests($0, at: at) } ?? []
        let requests =
            headlineRequests + [alertsRequest] + (culpritsQuery.map { [PrometheusClient.instant($0, at: at)] } ?? [])
            + budgets
        let (answers, managed) = await alongsideSource { await client.send(requests) }
        let count = headlineRequests.count
        var result = evaluation(
            answers.prefix(count).map { $0.decoded(Reading.decode) }, answers[count], managed: managed, now: now)
        if culpritsQuery != nil { result.culprits = Culprits.lines(answers[count + 1], profile: config.profile) }
        if let budgetSource {
            result.budgets = BudgetFetch.readings(budgetSource, answers: Array(answers.suffix(budgets.count)))
        }
        return result
    }

    /// Where Kaizen's budgets are read, when Kaizen is on the board and its profile reads them.
    var budgetSource: BudgetSource? {
        guard config.principles.contains(where: { $0.id == .kaizen }) else { return nil }
        return config.profile.principle(.kaizen)?.budget
    }

    /// One request per configured headline.
    var headlineRequests: [HTTPRequest] { config.principles.map { PrometheusClient.instant($0.query, at: at) } }

    /// The alerts now, or at a past instant from the `ALERTS` series (`/api/v1/alerts` knows only the present).
    var alertsRequest: HTTPRequest { at.map(AlertHistory.request) ?? PrometheusClient.alerts }

    typealias Managed = Result<AlertMerge, PrometheusError>

    /// Runs `prometheus` and, when the alert source is to be asked (live), the source's alerts at the same time.
    /// Only then is there a child task: a cold `check` without a source pays for none. History has no source: its
    /// alerts come from the `ALERTS` series.
    func alongsideSource<T: Sendable>(_ prometheus: () async -> T) async -> (T, Managed?) {
        guard let alertSource, at == nil else { return (await prometheus(), nil) }
        async let managed = alertSource.alerts()
        let answer = await prometheus()
        return (answer, await managed)
    }

    /// The headlines judged by their thresholds, and the alerts decoded as `alertsRequest` asked for them, merged
    /// with the alert source's. A source configured but not answering: the alerts are unknown, with its reason,
    /// never "no alerts".
    func evaluation(
        _ headlines: [Result<QueryResponse, PrometheusError>], _ alerts: Result<HTTPResponse, PrometheusError>,
        managed: Managed? = nil, now: Double
    ) -> Evaluation {
        evaluation(headlines, listed: listed(alerts, managed: managed), now: now)
    }

    /// The alerts decoded as `alertsRequest` asked for them, merged with the alert source's.
    func listed(_ alerts: Result<HTTPResponse, PrometheusError>, managed: Managed?) -> Result<
        [Alert], PrometheusError
    > {
        var listed = alerts.decoded(at == nil ? ResponseDecoder.alerts : AlertHistory.decode)
        if let managed, case .success(let prometheus) = listed {
            listed = managed.map { $0(prometheus) }
        }
        return listed
    }

    /// The headlines judged by their thresholds, and the alerts (already listed) in this board's scope.
    func evaluation(
        _ headlines: [Result<QueryResponse, PrometheusError>], listed: Result<[Alert], PrometheusError>, now: Double
    ) -> Evaluation {
        Evaluation(
            evaluatedAt: at ?? now, prometheus: config.prometheus.url,
            readings: zip(config.principles, headlines).map { spec, answer in Reading.evaluate(spec, answer) },
            alerts: listed.map(routing.route))
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
        // Live, the loaded alerting rules too, at the trends' slow cadence: their `for:` tells a drift (`Drift`).
        let askRules = at == nil
        let answers = await client.send(requests + (askRules ? [PrometheusClient.rules] : []))
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
        var data = TrendData(
            range: range, series: series, error: error, at: now,
            window: TrendWindow(start: end - range.seconds, end: end, step: step))
        data.stamp = Stamp(asOf: at, config: config)
        if askRules, let groups = try? answers[requests.count].decoded(ResponseDecoder.rules).get() {
            data.rules = routing.watch(
                groups,
                headlines: Dictionary(
                    config.principles.map { ($0.id, $0.query) }, uniquingKeysWith: { first, _ in first }))
        }
        return data
    }

    /// Each principle's status history over the `seconds` before now (or `at`), a value every `step` seconds;
    /// nil when a headline's history cannot be read.
    public func histories(now: Double, seconds: Double, step: Double) async -> [(
        id: PrincipleID, history: StatusHistory
    )]? {
        let end = at ?? now
        let start = end - seconds
        let answers = await client.send(
            config.principles.map { PrometheusClient.range($0.query, start: start, end: end, step: step) })
        var out: [(id: PrincipleID, history: StatusHistory)] = []
        for (spec, answer) in zip(config.principles, answers) {
            guard case .success(let response) = answer.decoded(Reading.decode),
                case .matrix(let matrix) = response.result
            else { return nil }
            out.append(
                (
                    spec.id,
                    StatusHistory(
                        points: matrix.first?.points ?? [], start: start, end: end, step: step,
                        thresholds: spec.thresholds)
                ))
        }
        return out
    }

    /// What a replay reads once, before it starts: the headlines from `range` before `from` to `to`, at a step of
    /// at least 15 s and fine enough for Prometheus' 11,000 points a series.
    public func window(from: Double, to: Double, range: TrendRange, now: Double) async -> TrendData {
        let start = from - range.seconds
        let step = max(15, ((to - start) / 11_000).rounded(.up))
        let answers = await client.send(
            config.principles.map { PrometheusClient.range($0.query, start: start, end: to, step: step) })
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
            window: TrendWindow(start: start, end: to, step: step), asOf: to)
    }

    /// The status history's resolution over `range`: 720 steps, but not under 15 s.
    public static func historyStep(_ range: TrendRange) -> Double {
        max(15, (range.seconds / 720).rounded(.up))
    }

    /// The panels of a drill-down: instant queries for rows, range queries for trends; a states panel is asked
    /// both, its range at the status history's resolution (`historyStep`) for its state timelines.
    public func drill(_ id: PrincipleID, range: TrendRange, points: Int, now: Double) async -> DrillData {
        let panels = config.profile.panels(id)
        let end = at ?? now
        let start = end - range.seconds
        let step = max(1, (range.seconds / Double(max(points, 2))).rounded(.up))
        let requests = panels.map { panel in
            panel.kind == .trend
                ? PrometheusClient.range(panel.query, start: start, end: end, step: step)
                : PrometheusClient.instant(panel.fetchQuery, at: at)
        }
        let timelined = panels.indices.filter { panels[$0].kind == .circuitStates }
        let fine = Self.historyStep(range)
        let timelineRequests = timelined.map {
            PrometheusClient.range(panels[$0].query, start: start, end: end, step: fine)
        }
        let answers = await client.send(requests + timelineRequests)
        let decode = { (panel: Panel, answer: Result<HTTPResponse, PrometheusError>) in
            // A panel shows one label of each series: only that one is kept (and the row count's mark).
            answer.decoded { (response) throws(PrometheusError) in
                try ResponseDecoder.query(response, keepingLabels: [panel.label, Panel.rowCountMark])
            }
        }
        var results = zip(panels, answers).map { panel, answer in Self.result(panel, decode(panel, answer)) }
        for (offset, index) in timelined.enumerated() {
            let answer = decode(panels[index], answers[panels.count + offset])
            results[index].timelines = Self.stateTimelines(
                answer, label: panels[index].label, shown: results[index].rows.prefix(Panel.maxRows).map(\.label),
                window: TrendWindow(start: start, end: end, step: fine))
        }
        var data = DrillData(principle: id, panels: results, at: now)
        data.stamp = Stamp(asOf: at, config: config)
        return data
    }

    /// Each shown row's circuit states over the window as a status history: closed green, half-open yellow, open
    /// red, no sample unknown. Empty when the range query failed (the rows still show the present).
    static func stateTimelines(
        _ answer: Result<QueryResponse, PrometheusError>, label: String, shown: [String], window: TrendWindow
    ) -> [String: StatusHistory] {
        guard case .success(let response) = answer, case .matrix(let matrix) = response.result else { return [:] }
        let wanted = Set(shown)
        // Closed 0, half-open 2 and open 1 become 0, 1 and 2: worse is higher, as the thresholds below read it.
        let rank: (Double) -> Double = { $0 == 0 ? 0 : $0 == 2 ? 1 : $0 == 1 ? 2 : .nan }
        let thresholds = Thresholds(green: Condition(.less, 0.5), red: Condition(.greater, 1.5))
        var timelines: [String: StatusHistory] = [:]
        for series in matrix {
            let name = series.labels[label] ?? ""
            guard wanted.contains(name) else { continue }
            timelines[name] = StatusHistory(
                points: series.points.map { Point(timestamp: $0.timestamp, value: rank($0.value)) },
                start: window.start, end: window.end, step: window.step, thresholds: thresholds)
        }
        return timelines
    }

    /// Rows (sorted) or series of one panel, or its problem: an error, or "no <metric> series".
    public static func result(_ panel: Panel, _ answer: Result<QueryResponse, PrometheusError>) -> PanelResult {
        switch answer {
        case .failure(let error):
            return PanelResult(problem: error.description)
        case .success(let response):
            switch response.result {
            case .vector(let all):
                // The row count of `Panel.fetchQuery`, when the panel asked for its top rows only.
                let counted = all.first { $0.labels[Panel.rowCountMark] != nil }
                let samples = counted == nil ? all : all.filter { $0.labels[Panel.rowCountMark] == nil }
                guard !samples.isEmpty else { return PanelResult(problem: "no \(panel.metric) series") }
                var rows = samples.map { PanelResult.Row(label: $0.labels[panel.label] ?? "", value: $0.value) }
                if panel.sortByValue && panel.smallestFirst {
                    rows.sort { ($0.value.isNaN ? .infinity : $0.value) < ($1.value.isNaN ? .infinity : $1.value) }
                } else if panel.sortByValue {
                    rows.sort { ($0.value.isNaN ? -.infinity : $0.value) > ($1.value.isNaN ? -.infinity : $1.value) }
                } else {
                    rows.sort { $0.label < $1.label }
                }
                let total = counted.map { $0.value.isFinite ? max(Int($0.value), rows.count) : rows.count }
                return PanelResult(rows: rows, total: total)
            case .matrix(let matrix):
                guard !matrix.isEmpty else { return PanelResult(problem: "no \(panel.metric) series") }
                var series = matrix.map { (label: $0.labels[panel.label] ?? panel.label, points: $0.points) }
                    .sorted { $0.label < $1.label }
                // The declared series first, in their order, each one there even without data; then any other.
                let declared = panel.series.map { name in
                    (label: name, points: series.first { $0.label == name }?.points ?? [])
                }
                series.removeAll { panel.series.contains($0.label) }
                return PanelResult(series: declared + series)
            case .scalar(let point):
                return PanelResult(rows: [PanelResult.Row(label: "", value: point.value)])
            case .string:
                return PanelResult(problem: "the query returns a string")
            }
        }
    }
}
