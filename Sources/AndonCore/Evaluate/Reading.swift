/// What the board knows of one principle after a refresh: the headline value and its status, or why not.
public struct Reading: Sendable, Equatable {
    public var id: PrincipleID
    public var value: Double?
    public var status: Status
    /// Why the status is unknown (no answer, an error, an empty result, NaN, ...); nil when a value was read.
    public var reason: String?
    /// Warnings Prometheus attached to the answer.
    public var warnings: [String]
    /// Whether Prometheus answered the query (false: no answer, an HTTP error, an error envelope).
    public var answered: Bool

    public init(
        id: PrincipleID, value: Double?, status: Status, reason: String? = nil, warnings: [String] = [],
        answered: Bool = true
    ) {
        self.id = id
        self.value = value
        self.status = status
        self.reason = reason
        self.warnings = warnings
        self.answered = answered
    }

    /// Decodes a headline answer: values only, since a headline is judged by its numbers (a custom query that
    /// returns 200,000 series keeps none of their labels).
    public static func decode(_ response: HTTPResponse) throws(PrometheusError) -> QueryResponse {
        try ResponseDecoder.query(response, keepingLabels: [])
    }

    /// Evaluates a headline query's answer against the principle's thresholds.
    ///
    /// An empty result, NaN, a string or matrix answer, or an error is unknown with its reason: the board never
    /// turns blindness into a colour. If a (custom) query returns several series, the worst one counts.
    public static func evaluate(_ spec: PrincipleSpec, _ answer: Result<QueryResponse, PrometheusError>) -> Reading {
        let response: QueryResponse
        switch answer {
        case .failure(let error):
            return Reading(id: spec.id, value: nil, status: .unknown, reason: error.description, answered: false)
        case .success(let success):
            response = success
        }
        // A partial answer (Prometheus' warnings: a truncated result, a scale-out engine's partial response) is
        // not a complete view of the line: it is not a value to judge by.
        if let warning = response.warnings.first {
            return Reading(
                id: spec.id, value: nil, status: .unknown,
                reason: "partial answer: " + TextSanitizer.inert(warning, limit: 200), warnings: response.warnings)
        }
        let values: [Double]
        switch response.result {
        case .scalar(let point): values = [point.value]
        case .vector(let samples): values = samples.map(\.value)
        case .matrix, .string:
            return Reading(
                id: spec.id, value: nil, status: .unknown,
                reason: "the query returns a \(response.result.typeName), not a single number",
                warnings: response.warnings)
        }
        guard !values.isEmpty else {
            return Reading(
                id: spec.id, value: nil, status: .unknown, reason: "no data: the query returned no series",
                warnings: response.warnings)
        }
        let numbers = values.filter { !$0.isNaN }
        guard !numbers.isEmpty else {
            return Reading(
                id: spec.id, value: nil, status: .unknown, reason: "no data: the value is NaN (0/0, no traffic?)",
                warnings: response.warnings)
        }
        let worst = numbers.max { spec.thresholds.status(for: $0) < spec.thresholds.status(for: $1) }!
        return Reading(
            id: spec.id, value: worst, status: spec.thresholds.status(for: worst), warnings: response.warnings)
    }
}
