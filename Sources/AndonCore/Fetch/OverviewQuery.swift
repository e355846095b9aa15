/// The overview's PromQL as one request: the configured headlines and the six culprit queries, each marked with
/// its principle by `label_replace` and joined by `or` (the marks keep every series apart), so that a steady
/// refresh is two requests, this and the alerts, instead of eight. Requests are most of an idle board's cost.
///
/// The headlines come from the configuration and carry the status, so one query that fails must not blind the
/// others: when Prometheus rejects the joined query (a parse or execution error, a query that returns a scalar,
/// a proxy refusing a long URL) or answers it only in part (warnings), the board asks again, one request per
/// headline and one for the culprits, in the same refresh. When Prometheus cannot be reached or does not answer
/// like Prometheus, asking six times would only say the same six times: every headline gets that reason.
public enum OverviewQuery {
    /// The label that marks each headline's series with its principle (the culprits have `Profile.culpritPrinciple`).
    public static let headlineMark = "andon_headline"

    /// The joined query, or nil when a configured headline has a `#` (a PromQL comment runs to the end of its
    /// line and would swallow the rest; a `#` inside a label value is rare enough to cost the join).
    public static func joined(_ principles: [PrincipleSpec], profile: Profile = .standard) -> String? {
        let culprits = profile.culpritsQuery
        guard !principles.contains(where: { $0.query.contains("#") }), culprits?.contains("#") != true else {
            return nil
        }
        let headlines = principles.map { spec in
            "label_replace(\(spec.query), \"\(headlineMark)\", \"\(spec.id.rawValue)\", \"\", \"\")"
        }
        return (headlines + (culprits.map { [$0] } ?? [])).joined(separator: " or ")
    }

    /// What the joined answer gives.
    public enum Outcome: Sendable, Equatable {
        /// Each headline's answer (in the order of `principles`) and the culprit lines.
        case split(headlines: [Result<QueryResponse, PrometheusError>], culprits: [PrincipleID: String])
        /// Ask again, one request per headline (the profile's `culpritsQuery` for the culprits).
        case askAgain
    }

    /// Splits the joined answer by its marks, or says to ask again.
    public static func split(
        _ answer: Result<HTTPResponse, PrometheusError>, principles: [PrincipleSpec], profile: Profile = .standard
    ) -> Outcome {
        let keep = Culprits.labels(profile).union([headlineMark])
        let response: QueryResponse
        switch answer.decoded({ (response) throws(PrometheusError) in
            try ResponseDecoder.query(response, keepingLabels: keep)
        }) {
        case .failure(let error):
            guard !asksAgain(error) else { return .askAgain }
            return .split(headlines: principles.map { _ in .failure(error) }, culprits: [:])
        case .success(let success):
            response = success
        }
        guard response.warnings.isEmpty, case .vector(let samples) = response.result else { return .askAgain }
        var byMark: [String: [Sample]] = [:]
        for sample in samples {
            if let id = sample.labels[headlineMark] { byMark[id, default: []].append(sample) }
        }
        let headlines = principles.map { spec in
            Result<QueryResponse, PrometheusError>.success(
                QueryResponse(result: .vector(byMark[spec.id.rawValue] ?? [])))
        }
        return .split(headlines: headlines, culprits: Culprits.lines(samples, profile: profile))
    }

    /// Errors that may belong to one of the joined queries rather than to Prometheus or the way to it: its own
    /// error envelope (bad_data, execution, ...), and the statuses of a request refused for what it asks.
    static func asksAgain(_ error: PrometheusError) -> Bool {
        switch error {
        case .api: true
        case .http(let status, _): [400, 413, 414, 422].contains(status)
        case .transport, .malformed, .source: false
        }
    }
}
