/// The Prometheus HTTP API over any transport: builds the requests, sends a batch at once, decodes the answers.
public struct PrometheusClient: Sendable {
    public let transport: any HTTPTransport

    public init(transport: any HTTPTransport) {
        self.transport = transport
    }

    /// `/api/v1/query`, evaluated now or at `time` (seconds since the epoch).
    public static func instant(_ query: String, at time: Double? = nil) -> HTTPRequest {
        var parameters = [QueryParameter("query", query)]
        if let time { parameters.append(QueryParameter("time", timeParameter(time))) }
        return HTTPRequest(path: "/api/v1/query", parameters: parameters)
    }

    /// `/api/v1/query_range` from `start` to `end` every `step` seconds.
    public static func range(_ query: String, start: Double, end: Double, step: Double) -> HTTPRequest {
        HTTPRequest(
            path: "/api/v1/query_range",
            parameters: [
                QueryParameter("query", query), QueryParameter("start", timeParameter(start)),
                QueryParameter("end", timeParameter(end)), QueryParameter("step", NumberText.plain(step)),
            ])
    }

    /// `/api/v1/label/LABEL/values`, of the series `match` selects (all series when nil). `label` must be a label
    /// name (letters, digits and _), which a profile's parser has checked.
    public static func labelValues(_ label: String, match: String?) -> HTTPRequest {
        HTTPRequest(
            path: "/api/v1/label/\(label)/values", parameters: match.map { [QueryParameter("match[]", $0)] } ?? [])
    }

    public static let alerts = HTTPRequest(path: "/api/v1/alerts")
    public static let rules = HTTPRequest(path: "/api/v1/rules")
    public static let alertmanagers = HTTPRequest(path: "/api/v1/alertmanagers")
    public static let buildInfo = HTTPRequest(path: "/api/v1/status/buildinfo")
    public static let ready = HTTPRequest(path: "/-/ready")

    /// Seconds with millisecond precision, as the API accepts them.
    static func timeParameter(_ time: Double) -> String {
        NumberText.fixed(time, decimals: 3)
    }

    /// Sends all requests concurrently; each answer is the raw response or why there was none.
    public func send(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, PrometheusError>] {
        await transport.perform(requests).map { $0.mapError { PrometheusError.transport($0) } }
    }

    /// One instant query.
    public func query(_ query: String, at time: Double? = nil) async -> Result<QueryResponse, PrometheusError> {
        await send([Self.instant(query, at: time)])[0].decoded(ResponseDecoder.query)
    }
}

extension Result where Success == HTTPResponse, Failure == PrometheusError {
    /// Applies a decoder to a response, keeping the transport error if there was no response.
    public func decoded<T>(_ decode: (HTTPResponse) throws(PrometheusError) -> T) -> Result<T, PrometheusError> {
        switch self {
        case .failure(let error): return .failure(error)
        case .success(let response):
            do throws(PrometheusError) {
                return .success(try decode(response))
            } catch {
                return .failure(error)
            }
        }
    }
}
