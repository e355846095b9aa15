/// The headlines and alerts of every line of a plant on one shared engine at once: one request for
/// the headlines of all lines (each principle's `by_line` query, grouped by the profile's plant label, marked with
/// its principle and joined by `or`, as `OverviewQuery` joins a board's) and one for the alerts, whatever the
/// number of lines. Each line's answer is then judged by that line's own thresholds and alert scope, as its own
/// refresh would be. No culprits: the plant overview names none; a line opened asks its own.
public struct PlantFetcher: Sendable {
    /// One line of the shared engine: its index in the plant, its value of the plant label, and its own fetcher
    /// (its configuration: thresholds, alert scope, variables).
    public struct Line: Sendable {
        public var index: Int
        public var value: String
        public var fetcher: BoardFetcher

        public init(index: Int, value: String, fetcher: BoardFetcher) {
            self.index = index
            self.value = value
            self.fetcher = fetcher
        }
    }

    public let client: PrometheusClient
    public let lines: [Line]
    let label: String
    /// Each principle's `by_line` query with the lines' values in place.
    let queries: [(id: PrincipleID, query: String)]
    /// The joined query, made once: each principle's by-line headline marked with its principle.
    let joined: String

    /// A fetcher for `lines` of the plant configured by `plant` on `client`, or nil when they cannot be asked
    /// together: the profile names no plant label, a principle has no `by_line` query, the configuration changes
    /// a headline's query, or a line has its own Prometheus or more than one value of the label.
    public init?(
        plant: Config, lines candidates: [(index: Int, line: LineConfig, fetcher: BoardFetcher)],
        client: PrometheusClient
    ) {
        let profile = plant.profile
        guard let label = profile.plantLabel, !candidates.isEmpty else { return nil }
        var lines: [Line] = []
        for candidate in candidates {
            guard !candidate.line.ownsEndpoints,
                case .one(let value) = candidate.line.variables[label]
            else { return nil }
            lines.append(Line(index: candidate.index, value: value, fetcher: candidate.fetcher))
        }
        var values = plant.variables
        values[label] = .several(lines.map(\.value))
        var queries: [(id: PrincipleID, query: String)] = []
        for spec in plant.principles {
            guard let principle = profile.principle(spec.id), let byLine = principle.byLine,
                spec.query == principle.spec.query,
                let query = try? QueryTemplate.expand(byLine, values)
            else { return nil }
            queries.append((spec.id, query))
        }
        self.client = client
        self.lines = lines
        self.label = label
        self.queries = queries
        joined = queries.map {
            "label_replace(\($0.query), \"\(OverviewQuery.headlineMark)\", \"\($0.id.rawValue)\", \"\", \"\")"
        }
        .joined(separator: " or ")
    }

    var at: Double? { lines.first?.fetcher.at }

    /// The requests of one refresh, for the benchmarks: the alerts and the joined headlines.
    public var requests: [HTTPRequest] {
        [lines[0].fetcher.alertsRequest, PrometheusClient.instant(joined, at: at)]
    }

    /// Every line's overview, by its index in the plant: two requests (and, when the joined query is refused or
    /// answered in part, one request per principle), the alerts asked once for all lines.
    public func overview(now: Double) async -> [(line: Int, data: OverviewData)] {
        let first = lines[0].fetcher
        var (answers, managed) = await first.alongsideSource { await client.send(requests) }
        let alerts = answers[0]
        var byPrinciple = split(answers[1])
        if byPrinciple == nil {
            let again = await client.send(queries.map { PrometheusClient.instant($0.query, at: at) })
            answers += again
            var each: [PrincipleID: Result<[Sample], PrometheusError>] = [:]
            for (query, answer) in zip(queries, again) {
                each[query.id] = answer.decoded { (response) throws(PrometheusError) in
                    guard case .vector(let samples) = try ResponseDecoder.query(response, keepingLabels: [label]).result
                    else { throw PrometheusError.malformed("expected a vector") }
                    return samples
                }
            }
            byPrinciple = each
        }
        let retryAfter = answers.compactMap { try? $0.get().retryAfter }.max()
        // Decoded once for every line; each line keeps those in its scope.
        let listed = first.listed(alerts, managed: managed)
        // Each principle's series by line, sorted once.
        var byLine: [PrincipleID: Result<[String: [Sample]], PrometheusError>] = [:]
        for (id, answer) in byPrinciple ?? [:] {
            byLine[id] = answer.map { samples in Dictionary(grouping: samples) { $0.labels[label] ?? "" } }
        }
        return lines.map { line in
            let headlines = line.fetcher.config.principles.map { spec -> Result<QueryResponse, PrometheusError> in
                (byLine[spec.id] ?? .success([:])).map { QueryResponse(result: .vector($0[line.value] ?? [])) }
            }
            var data = OverviewData(
                evaluation: line.fetcher.evaluation(headlines, listed: listed, now: now), culprits: [:],
                at: now, retryAfter: retryAfter)
            data.stamp = Stamp(asOf: at, config: line.fetcher.config)
            return (line.index, data)
        }
    }

    /// The joined answer's series by principle, or nil to ask again one request per principle (as
    /// `OverviewQuery.split` decides: the engine's own error, a refused request, or warnings).
    func split(_ answer: Result<HTTPResponse, PrometheusError>) -> [PrincipleID: Result<[Sample], PrometheusError>]? {
        let decoded = answer.decoded { (response) throws(PrometheusError) in
            try ResponseDecoder.query(response, keepingLabels: [OverviewQuery.headlineMark, label])
        }
        switch decoded {
        case .failure(let error):
            guard !OverviewQuery.asksAgain(error) else { return nil }
            return Dictionary(uniqueKeysWithValues: queries.map { ($0.id, .failure(error)) })
        case .success(let response):
            guard response.warnings.isEmpty, case .vector(let samples) = response.result else { return nil }
            var byMark: [String: [Sample]] = [:]
            for sample in samples {
                if let mark = sample.labels[OverviewQuery.headlineMark] { byMark[mark, default: []].append(sample) }
            }
            return Dictionary(uniqueKeysWithValues: queries.map { ($0.id, .success(byMark[$0.id.rawValue] ?? [])) })
        }
    }
}
